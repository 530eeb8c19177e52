// Reviewing results, free of VS Code: how a result applies to the file now, what the user did with it (applied,
// discarded, edits rejected, the commit it went into), and follow-ups that continue its conversation.
import { ClaudeBatchError } from '../errors';
import { awaitsReview, type Task } from '../model/records';
import type { BatchRequest } from '../requests/requestBuilder';
import type { ServiceDeps, SubmitSettings, TaskDraft } from '../serviceTypes';
import { planEdits, planFailure, type EditPlan } from './editApplier';
import { canFollowUp, followUpTask } from './followUp';
import { oldestFirst } from '../model/order';

export class ResultReview {
  private readonly now: () => Date;

  constructor(
    private readonly deps: Pick<ServiceDeps, 'store' | 'registry' | 'snapshots'> & { now: () => Date },
    /** The request a task was (or will be) sent as: a follow-up replays it. */
    private readonly requestOf: (taskId: string, settings: SubmitSettings) => Promise<BatchRequest | undefined>,
  ) {
    this.now = deps.now;
  }

  /** How the result of a task applies to the file's current text; `accepted`: the edits to apply (all when absent). */
  async plan(task: Task, currentText: string, accepted?: ReadonlySet<number>): Promise<EditPlan> {
    if (task.outcome?.type !== 'edits') return planFailure('noEdits');
    const edits = task.outcome.edits.filter((_, index) => !accepted || accepted.has(index));
    if (edits.length === 0) return planFailure('noEdits');
    const snapshot = await this.deps.snapshots.get(task.snapshotHash);
    return planEdits(task.relPath, edits, snapshot, currentText);
  }

  /** `rejected`: indices of the result's edits the user chose not to apply. */
  async markReviewed(task: Task, state: 'applied' | 'discarded', rejected?: readonly number[]): Promise<void> {
    if (!task.batchId) return;
    const review = { state, at: this.now().toISOString(), ...(rejected?.length ? { rejected: [...rejected] } : {}) };
    await this.deps.store.updateBatchTasks(task.batchId, (t) => (t.id === task.id ? { ...t, review } : t));
  }

  /** Records the commit an applied result went into, or why it did not go into one. */
  async markCommitted(
    task: Task,
    how: { commit: { hash: string; branch: string } } | { notCommitted: { kind: string; message: string } },
  ): Promise<void> {
    if (!task.batchId) return;
    await this.deps.store.updateBatchTasks(task.batchId, (t) =>
      t.id === task.id && t.review ? { ...t, review: { ...t.review, ...how } } : t,
    );
  }

  /**
   * Queues feedback on a task's result as a follow-up: a new task on `draft`'s file (the task's own, or one its
   * result created) that continues the conversation. `verifyRound` is set when a failed Verify asks for it.
   */
  async followUp(
    taskId: string,
    draft: Omit<TaskDraft, 'context' | 'range' | 'label'>,
    settings: SubmitSettings,
    verifyRound?: number,
  ): Promise<Task> {
    const task = this.deps.store.find(taskId);
    if (!task || !canFollowUp(task))
      throw new ClaudeBatchError('noAnswer', `Task ${taskId} has no answer to follow up.`);
    const sent = await this.requestOf(task.id, settings);
    if (!sent)
      throw new ClaudeBatchError('snapshotMissing', `The request task ${taskId} was sent as cannot be rebuilt.`);
    const followUp = await followUpTask(task, draft, sent, this.deps.snapshots, this.now(), verifyRound);
    await this.deps.store.addPending([followUp]);
    return followUp;
  }

  /** The follow-ups of a task, oldest first (the thread under it). */
  followUpsOf(taskId: string): Task[] {
    return this.allTasks()
      .filter((t) => t.followUp?.of === taskId)
      .sort(oldestFirst);
  }

  private allTasks(): Task[] {
    return [...this.deps.store.pending(), ...this.deps.registry.list().flatMap((b) => this.deps.store.tasksOf(b.id))];
  }

  /** Tasks whose results wait for review, per batch. */
  reviewable(batchId: string): Task[] {
    return this.deps.store.tasksOf(batchId).filter(awaitsReview);
  }
}
