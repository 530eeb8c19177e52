// The threads of follow-ups in the tree: each follow-up shows under the task it started from (as well as in its
// own list), priced by its own batch's model.
import type { BatchService } from '../../core/batchService';
import type { Task } from '../../core/model/records';
import { threadsOf } from '../../core/review/followUp';
import type { Settings } from '../settings';
import { followUpNode, type NodeView } from './treeModel';

export class ThreadRows {
  constructor(
    private readonly service: BatchService,
    private readonly settings: () => Settings,
  ) {}

  /** Every task's thread of follow-ups, by the task it started from. */
  threads(): Map<string, Task[]> {
    return threadsOf([
      ...this.service.store.pending(),
      ...this.service.registry.list().flatMap((b) => this.service.store.tasksOf(b.id)),
    ]);
  }

  /** The follow-ups under a task's row, oldest first. */
  under(taskId: string): NodeView[] {
    return (this.threads().get(taskId) ?? []).map((task) => this.row(task, taskId));
  }

  /** A follow-up's row in its thread, wherever that is. */
  rowOf(taskId: string): NodeView | undefined {
    for (const [rootId, thread] of this.threads()) {
      const task = thread.find((t) => t.id === taskId);
      if (task) return this.row(task, rootId);
    }
    return undefined;
  }

  private row(task: Task, rootId: string): NodeView {
    const { model, prices } = this.settings();
    const used = task.batchId ? (this.service.registry.get(task.batchId)?.model ?? model) : undefined;
    return followUpNode(task, rootId, { model: used, prices });
  }
}
