// What queueing adds in the editor: the privacy guard's question for a file that looks like a secret, and each
// draft's context, resolved within claudeBatch.context.maxTokens (notes go to the log).
import * as vscode from 'vscode';
import type { TaskDraft } from '../../core/batchService';
import { addContext } from '../../core/context/draftContext';
import { describeNote } from '../../core/context/contextParts';
import { looksLikeSecretFile } from '../../core/context/secrets';
import { definitionHelper, workspaceContextSource } from './workspaceContext';
import type { Settings } from '../settings';

/**
 * Drafts of files that look like secrets are queued only when the user says so (or `allow` says so already);
 * the rest are returned in `refused` with the reason.
 */
export async function confirmSecretFiles(
  drafts: readonly TaskDraft[],
  allow: boolean | undefined,
): Promise<{ drafts: TaskDraft[]; refused: string[] }> {
  const secret = drafts.filter((d) => looksLikeSecretFile(d.relPath));
  if (!secret.length || allow === true) return { drafts: [...drafts], refused: [] };
  let send = false;
  if (allow === undefined) {
    const queueAnyway = vscode.l10n.t('Queue Anyway');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('{0} looks like it holds secrets.', secret.map((d) => d.relPath).join(', ')),
      {
        modal: true,
        detail: vscode.l10n.t(
          'The Batches API keeps batch inputs until the batch is deleted or archived (29 days). Queue it anyway?',
        ),
      },
      queueAnyway,
    );
    send = answer === queueAnyway;
  }
  if (send) return { drafts: [...drafts], refused: [] };
  return {
    drafts: drafts.filter((d) => !secret.includes(d)),
    refused: secret.map((d) => vscode.l10n.t('{0} looks like it holds secrets.', d.relPath)),
  };
}

export async function withContext(
  drafts: readonly TaskDraft[],
  settings: Settings,
  log: vscode.LogOutputChannel,
): Promise<TaskDraft[]> {
  const folderOf = (folderUri: string): vscode.WorkspaceFolder =>
    vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(folderUri)) ?? {
      uri: vscode.Uri.parse(folderUri),
      name: '',
      index: 0,
    };
  const result = await addContext(drafts, {
    budget: settings.contextMaxTokens,
    sourceFor: (folderUri) => workspaceContextSource(folderOf(folderUri)),
    helperFor: (folderUri) => definitionHelper(folderOf(folderUri)),
  });
  for (const draft of result.drafts) {
    const parts = draft.context ?? [];
    if (parts.length)
      log.info(
        `context for ${draft.relPath}: ${parts.map((p) => `${p.relPath} (${p.role}, ${p.tokens} tokens${p.cut ? ', cut' : ''})`).join(', ')}`,
      );
  }
  for (const note of result.notes) log.info(`context for ${note.task}: ${describeNote(note)}`);
  return result.drafts;
}
