// Follow Up…: feedback on a result becomes a new task that continues the conversation. The earlier request is
// stored as it was sent (its texts in the snapshot store), then the model's answer as it gave it, so that the
// model reads what it was asked, what it answered and what the user says about it.
import { ClaudeBatchError } from '../errors';
import { fingerprint, newTaskId } from '../model/ids';
import { taskState, type Outcome, type Task, type Turn } from '../model/records';
import type { TaskDraft } from '../serviceTypes';
import type { BatchRequest } from '../requests/requestBuilder';
import type { SnapshotStore } from '../store/snapshotStore';
import { oldestFirst } from '../model/order';

/** The model's answer as it wrote it: the JSON of the edit schema, or the text it gave when it was not JSON. */
export function answerText(outcome: Outcome | undefined): string | undefined {
  if (outcome?.type === 'edits') return JSON.stringify({ summary: outcome.summary, edits: outcome.edits });
  if (outcome?.type === 'answer')
    return outcome.reason ? outcome.text : JSON.stringify({ summary: outcome.text, edits: [] });
  return undefined;
}

/** Whether a task's result can be followed up: the model answered (edits or prose), reviewed or not. */
export function canFollowUp(task: Task): boolean {
  return answerText(task.outcome) !== undefined && taskState(task) !== 'retried';
}

/** The conversation a follow-up of `task` continues: the request it was sent as, then its answer. */
export async function conversationAfter(task: Task, sent: BatchRequest, snapshots: SnapshotStore): Promise<Turn[]> {
  const answer = answerText(task.outcome);
  if (answer === undefined)
    throw new ClaudeBatchError('noAnswer', `Task ${task.id} has no answer to follow up (it is ${taskState(task)}).`);
  const turns: Turn[] = [];
  for (const message of sent.params.messages) {
    const blocks: string[] = [];
    for (const block of message.content) blocks.push(await snapshots.put(block.text));
    turns.push({ role: message.role, blocks });
  }
  turns.push({ role: 'assistant', blocks: [await snapshots.put(answer)] });
  return turns;
}

/** How many Verify rounds led to this task: its own, or the latest of the thread it continues. */
export function verifyRoundOf(task: Task): number {
  return task.followUp?.verifyRound ?? 0;
}

/** The follow-up task: `draft` names its file (the task's own, or one its result created) and the feedback. */
export async function followUpTask(
  task: Task,
  draft: Omit<TaskDraft, 'context' | 'range' | 'label'>,
  sent: BatchRequest,
  snapshots: SnapshotStore,
  now: Date,
  verifyRound?: number,
): Promise<Task> {
  const conversation = await conversationAfter(task, sent, snapshots);
  // A thread keeps counting Verify rounds through follow-ups the user asked for in between.
  const round = verifyRound ?? task.followUp?.verifyRound;
  return {
    id: newTaskId(),
    createdAt: now.toISOString(),
    instruction: draft.instruction.trim(),
    folderUri: draft.folderUri,
    relPath: draft.relPath,
    fileUri: draft.fileUri,
    ...(task.label ? { label: task.label } : {}),
    snapshotHash: await snapshots.put(draft.text),
    fingerprint: fingerprint(draft.fileUri, undefined, draft.instruction),
    followUp: {
      of: task.id,
      conversation,
      applied: taskState(task) === 'applied',
      ...(round ? { verifyRound: round } : {}),
    },
  };
}

/**
 * The files a follow-up of `task` may work on, the likeliest first: its own file, unless its result only created
 * files (tests, say), when those come first. Paths are relative to the task's workspace folder.
 */
export function followUpFiles(task: Task): string[] {
  const edits = task.outcome?.type === 'edits' ? task.outcome.edits : [];
  const created = [...new Set(edits.filter((e) => e.path && e.old_text === '').map((e) => e.path!))].filter(
    (p) => p !== task.relPath,
  );
  const editsOwn = edits.some((e) => !e.path || e.path === task.relPath);
  return editsOwn || created.length === 0 ? [task.relPath, ...created] : [...created, task.relPath];
}

/** The threads among `tasks`: each first task that was followed up, with every follow-up after it, oldest first. */
export function threadsOf(tasks: readonly Task[]): Map<string, Task[]> {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const threads = new Map<string, Task[]>();
  for (const task of tasks) {
    if (!task.followUp) continue;
    let root = task.followUp.of;
    for (let hops = 0; hops < tasks.length; hops++) {
      const of = byId.get(root)?.followUp?.of;
      if (of === undefined) break;
      root = of;
    }
    threads.set(root, [...(threads.get(root) ?? []), task]);
  }
  for (const thread of threads.values()) thread.sort(oldestFirst);
  return threads;
}
