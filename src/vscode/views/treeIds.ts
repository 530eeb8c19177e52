// Tree node ids, made in one place. An id says what a node stands for, so VS Code keeps its expansion and
// selection across refreshes and a node can be found again (`shown.get(id)`) from the data alone. Nodes carry
// their batch, task or submission as fields: nothing reads an id back apart.
import type { GroupScope } from './treeGroups';

export const nodeId = {
  queue: 'queue',
  context: 'context',
  /** "Older batches": the batches kept beyond the newest, under one row. */
  older: 'older',
  pinned: (fileUri: string): string => `pinned:${fileUri}`,
  batch: (batchId: string): string => `batch:${batchId}`,
  submission: (submissionId: string): string => `submission:${submissionId}`,
  task: (taskId: string): string => `task:${taskId}`,
  /** A follow-up's row in the thread under the task it started from (the task has its own row in its list). */
  followUp: (taskId: string): string => `followUp:${taskId}`,
  /** A folder or page of the queue's list (no batch) or of a batch's. */
  group: (batchId: string | undefined, scope: GroupScope): string =>
    `group:${listId(batchId)}:${scope.dir ?? ''}:${scope.page ?? ''}`,
} as const;

/** The node holding a list of tasks: the queue, or a batch. */
export function listId(batchId: string | undefined): string {
  return batchId === undefined ? nodeId.queue : nodeId.batch(batchId);
}
