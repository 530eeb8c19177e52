// The tree's Context rows: the files pinned for the next submission.
import { dateTimeText } from './dateText';
import { basename } from 'node:path';
import type { PinnedFile } from '../../core/context/pinnedContext';
import { nodeId } from './treeIds';
import type { NodeView } from './treeModel';

/** Files pinned as context for the next submission: shown above the queue while there are any. */
export function contextNode(pinned: readonly PinnedFile[]): NodeView {
  const tokens = pinned.reduce((sum, p) => sum + p.tokens, 0);
  return {
    id: nodeId.context,
    kind: 'context',
    label: 'Context',
    description: `${pinned.length} pinned · ${tokens.toLocaleString('en-US')} tokens`,
    tooltip:
      'Files pinned with Add to Batch Context: they go with every task of the next submission, after the project instructions. ' +
      'The submission that carries them releases them.',
    contextValue: 'context',
    icon: 'pinned',
    collapsible: true,
  };
}

export function pinnedNode(pinned: PinnedFile): NodeView {
  return {
    id: nodeId.pinned(pinned.fileUri),
    kind: 'pinned',
    label: basename(pinned.relPath),
    description: `${pinned.tokens.toLocaleString('en-US')} tokens`,
    tooltip: `${pinned.relPath}\n${pinned.tokens.toLocaleString('en-US')} tokens, as pinned ${dateTimeText(pinned.pinnedAt)} (later changes to the file are not sent)`,
    contextValue: 'pinned',
    icon: 'file',
    collapsible: false,
    fileUri: pinned.fileUri,
  };
}
