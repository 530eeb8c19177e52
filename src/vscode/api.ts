// What the extension exports from activate(): read-only views of its state for tests, other extensions and
// agents. Behaviour is reached through the contributed commands; this only observes.
import type { Summary } from '../core/batchService';
import type { BatchRecord, Task } from '../core/model/records';
import type { TreeSnapshotNode } from './views/treeProvider';
import type { Notice } from './ui/notify';
import type { ContextSummary } from '../core/context/contextSummary';
import type { PinnedFile } from '../core/context/pinnedContext';

export interface ClaudeBatchApi {
  /** Resolves once persisted state has been loaded. */
  ready: Promise<void>;
  summary(): Summary;
  /** The status bar's text without icons ('' when hidden). */
  statusText(): string;
  tree(): TreeSnapshotNode[];
  pendingTasks(): readonly Task[];
  batches(): BatchRecord[];
  tasksOf(batchId: string): readonly Task[];
  /** The latest error and warning notifications shown (oldest first, at most 50). */
  notices(): readonly Notice[];
  /** Batch ids the poller is watching right now. */
  polling(): string[];
  /** Where this workspace's tasks, snapshots and results are kept. */
  storagePath(): string;
  /** The Explorer badge on a file (by URI string) with a result ready to review, if any. */
  decorationFor(uri: string): { badge: string; tooltip: string } | undefined;
  /** The conflicts marked in a result's review document (by URI string): [first, last] zero-based lines of each. */
  conflictMarks(uri: string): Array<[number, number]> | undefined;
  /** When "Submit at…" will submit the queue (ISO), if set. */
  scheduledAt(): string | undefined;
  /** The context queued tasks (all, or these) would carry, as the submit confirmation lists it. */
  contextOf(taskIds?: readonly string[]): ContextSummary;
  /** Files pinned as context for the next submission. */
  pinned(): readonly PinnedFile[];
}
