// Sending tasks back to the queue as new tasks (Retry Failed, Retry with More Room): each copy keeps the task's
// file snapshot and instruction; a cut-off one gets a larger max_tokens, up to its model's limit.
import { newTaskId } from '../model/ids';
import { taskState, type Task } from '../model/records';
import { moreRoomFor } from '../models/moreRoom';
import type { ModelChecker } from '../models/modelCheck';
import type { RetryReport, ServiceDeps, SubmitSettings } from '../serviceTypes';

export class Retrier {
  constructor(
    private readonly deps: Pick<ServiceDeps, 'store' | 'registry' | 'api'> & { now: () => Date },
    private readonly models: ModelChecker,
  ) {}

  /** Queues a copy of each task and marks the originals retried; cut-off tasks already at the limit are reported. */
  async requeue(failed: readonly Task[], settings: SubmitSettings): Promise<RetryReport> {
    const report: RetryReport = { retried: 0, moreRoom: 0, atLimit: [] };
    if (failed.length === 0) return report;
    const copies: Task[] = [];
    const retried: Task[] = [];
    for (const task of failed) {
      const { batchId, outcome: _outcome, review: _review, ...rest } = task;
      let maxTokens = task.maxTokens;
      if (taskState(task) === 'cutOff') {
        const record = batchId ? this.deps.registry.get(batchId) : undefined;
        const model = record?.model ?? settings.model;
        const info = await this.models.info(await this.deps.api(), model);
        const room = moreRoomFor(task.maxTokens ?? record?.maxTokens ?? settings.maxTokens, settings.maxTokens, info);
        if (room === undefined) {
          report.atLimit.push(task);
          continue;
        }
        maxTokens = room;
        report.moreRoom++;
      }
      retried.push(task);
      copies.push({
        ...rest,
        ...(maxTokens ? { maxTokens } : {}),
        id: newTaskId(),
        createdAt: this.deps.now().toISOString(),
      });
    }
    if (copies.length === 0) return report;
    await this.deps.store.addPending(copies);
    const at = this.deps.now().toISOString();
    for (const batch of new Set(retried.map((t) => t.batchId!))) {
      const ids = new Set(retried.filter((t) => t.batchId === batch).map((t) => t.id));
      await this.deps.store.updateBatchTasks(batch, (t) =>
        ids.has(t.id) ? { ...t, review: { state: 'retried', at } } : t,
      );
    }
    report.retried = copies.length;
    return report;
  }
}
