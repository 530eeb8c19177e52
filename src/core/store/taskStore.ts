// The queue and the tasks of every submitted batch, persisted as files in workspace storage:
//   queue.json + queue.log              pending tasks, in the user's order
//   batches/<batchId>.json + .log       the tasks of one batch, with their outcomes and review state
// Each is a snapshot plus a log of changes (core/taskLog.ts): a change appends the tasks it touches, never
// rewrites the rest. Files carry a schema version; damaged ones are set aside, never emptied silently.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Emitter, type Disposable, type StateChange } from '../events';
import { TaskSchema, type BatchRecord, type Task } from '../model/records';
import { applyChange, type ChangeDraft, type ListState } from './taskLog';
import { ListFiles, type StoreProblem } from './listFiles';
import { watchFolder } from './folderWatch';
import { ClaudeBatchError } from '../errors';

export { STORE_SCHEMA_VERSION } from './taskLog';
export type { StoreProblem } from './listFiles';

export class TaskStore {
  private pendingTasks: Task[] = [];
  private readonly batchTasks = new Map<string, Task[]>();
  private readonly batchRecords = new Map<string, BatchRecord>();
  private readonly changed = new Emitter<StateChange>();
  readonly onDidChange = this.changed.event;
  /** Serialises changes so two quick ones cannot land out of order. */
  private writeChain: Promise<void> = Promise.resolve();
  private readonly files = new ListFiles();

  constructor(private readonly dir: string) {}

  private get queueFile(): string {
    return path.join(this.dir, 'queue.json');
  }

  private batchFile(batchId: string): string {
    if (!/^[A-Za-z0-9_-]+$/.test(batchId)) throw new ClaudeBatchError('invalidId', `invalid batch id: ${batchId}`);
    return path.join(this.dir, 'batches', `${batchId}.json`);
  }

  /** Reads everything from disk. Returns the files that had to be set aside. */
  async load(): Promise<StoreProblem[]> {
    const problems: StoreProblem[] = [];
    this.batchTasks.clear();
    this.batchRecords.clear();
    // Read side by side (the reads overlap on libuv's threads while the parsing goes on here), kept in order.
    const batchIds = await this.batchIdsOnDisk();
    const [queued, ...batches] = await Promise.all([
      this.files.read(this.queueFile, problems),
      ...batchIds.map((batchId) => this.files.read(this.batchFile(batchId), problems)),
    ]);
    batchIds.forEach((batchId, i) => {
      const { tasks, record } = batches[i]!;
      this.batchTasks.set(batchId, tasks);
      if (record) this.batchRecords.set(batchId, record);
    });
    this.pendingTasks = queued!.tasks;
    this.dropSubmittedFromQueue();
    this.changed.fire({ all: true });
    return problems;
  }

  private async batchIdsOnDisk(): Promise<string[]> {
    try {
      const names = await fs.readdir(path.join(this.dir, 'batches'));
      return names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -'.json'.length));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  /** A crash between writing a batch file and rewriting the queue leaves a task in both: the batch wins. */
  private dropSubmittedFromQueue(): void {
    const submitted = new Set([...this.batchTasks.values()].flat().map((t) => t.id));
    if (this.pendingTasks.some((t) => submitted.has(t.id)))
      this.pendingTasks = this.pendingTasks.filter((t) => !submitted.has(t.id));
  }

  private async readTasks(file: string, problems: StoreProblem[], batchId?: string): Promise<Task[]> {
    const state = await this.files.read(file, problems);
    if (batchId && state.record) this.batchRecords.set(batchId, state.record);
    return state.tasks;
  }

  /**
   * Another window on the same workspace may have written a file since we read it: re-read what changed, so a
   * change here never overwrites one made there. Returns whether anything was re-read.
   */
  private async freshen(): Promise<boolean> {
    const problems: StoreProblem[] = [];
    let changed = false;
    if (await this.files.changedOnDisk(this.queueFile)) {
      this.pendingTasks = await this.readTasks(this.queueFile, problems);
      changed = true;
    }
    for (const batchId of await this.batchIdsOnDisk()) {
      const file = this.batchFile(batchId);
      if (await this.files.changedOnDisk(file)) {
        this.batchTasks.set(batchId, await this.readTasks(file, problems, batchId));
        changed = true;
      }
    }
    if (changed) this.dropSubmittedFromQueue();
    return changed;
  }

  /** Picks up changes made by another window (called by the folder watcher); fires onDidChange if any. */
  async refresh(): Promise<boolean> {
    let changed = false;
    await this.enqueue(async () => {
      changed = await this.freshen();
    }, undefined);
    if (changed) this.changed.fire({ all: true });
    return changed;
  }

  /** Watches the folder for writes by other windows. */
  watch(): Disposable {
    return watchFolder(this.dir, ['batches'], () => void this.refresh().catch(() => undefined));
  }

  pending(): readonly Task[] {
    return this.pendingTasks;
  }

  tasksOf(batchId: string): readonly Task[] {
    return this.batchTasks.get(batchId) ?? [];
  }

  /** The batch records mirrored in this workspace's storage. */
  records(): BatchRecord[] {
    return [...this.batchRecords.values()];
  }

  record(batchId: string): BatchRecord | undefined {
    return this.batchRecords.get(batchId);
  }

  /** Mirrors a batch's record into its file (creating the file for a batch with no tasks yet). */
  async saveRecord(record: BatchRecord): Promise<void> {
    await this.enqueue(
      async () => {
        await this.freshen();
        await this.changeBatch(record.id, { op: 'record', record });
      },
      { batchIds: [record.id] },
    );
  }

  batchIds(): string[] {
    return [...this.batchTasks.keys()];
  }

  find(taskId: string): Task | undefined {
    return (
      this.pendingTasks.find((t) => t.id === taskId) ??
      [...this.batchTasks.values()].flat().find((t) => t.id === taskId)
    );
  }

  async addPending(tasks: Task[]): Promise<void> {
    await this.mutateQueue(() => ({ op: 'add', tasks }));
  }

  async removePending(taskIds: Iterable<string>): Promise<number> {
    const ids = new Set(taskIds);
    let removed = 0;
    await this.mutateQueue((queue) => {
      const present = queue.filter((t) => ids.has(t.id)).map((t) => t.id);
      removed = present.length;
      return present.length ? { op: 'remove', ids: present } : undefined;
    });
    return removed;
  }

  /** Changes one or several pending tasks in one log line; returns how many were still pending. */
  async updatePending(taskIds: string | Iterable<string>, change: (task: Task) => Task): Promise<number> {
    const ids = new Set(typeof taskIds === 'string' ? [taskIds] : taskIds);
    let changed = 0;
    await this.mutateQueue((queue) => {
      const tasks = queue.filter((t) => ids.has(t.id)).map((t) => TaskSchema.parse(change(t)));
      changed = tasks.length;
      return tasks.length ? { op: 'update', tasks } : undefined;
    });
    return changed;
  }

  /** Moves a pending task up (-1) or down (+1) in the queue. */
  async movePending(taskId: string, delta: -1 | 1): Promise<void> {
    await this.mutateQueue(() => ({ op: 'move', id: taskId, delta }));
  }

  /** Records tasks as belonging to a created batch: the batch file is written before the queue shrinks. */
  async assignToBatch(taskIds: string[], batchId: string): Promise<void> {
    const ids = new Set(taskIds);
    await this.enqueue(
      async () => {
        await this.freshen();
        const moving = this.pendingTasks.filter((t) => ids.has(t.id)).map((t) => ({ ...t, batchId }));
        const toBatch: ChangeDraft = { op: 'add', tasks: moving };
        const fromQueue: ChangeDraft = { op: 'remove', ids: moving.map((t) => t.id) };
        // Memory changes in one step, so no reader ever sees a task in both places; the files follow in the
        // crash-safe order (batch file first: a task found in both on load belongs to its batch).
        const batch = this.applyToBatch(batchId, toBatch);
        this.pendingTasks = applyChange({ tasks: this.pendingTasks }, fromQueue).tasks;
        await this.persist(this.batchFile(batchId), batch, toBatch);
        await this.persist(this.queueFile, { tasks: this.pendingTasks }, fromQueue);
      },
      { queue: true, batchIds: [batchId] },
    );
  }

  async updateBatchTasks(batchId: string, change: (task: Task) => Task): Promise<void> {
    await this.enqueue(
      async () => {
        await this.freshen();
        const tasks = this.batchTasks.get(batchId);
        if (!tasks) return;
        const changed = tasks
          .map((t) => [t, change(t)] as const)
          .filter(([before, after]) => before !== after)
          .map(([, after]) => TaskSchema.parse(after));
        if (changed.length) await this.changeBatch(batchId, { op: 'update', tasks: changed });
      },
      { batchIds: [batchId] },
    );
  }

  async forgetBatch(batchId: string): Promise<void> {
    await this.enqueue(
      async () => {
        this.batchTasks.delete(batchId);
        this.batchRecords.delete(batchId);
        const file = this.batchFile(batchId);
        await this.files.remove(file);
      },
      { all: true },
    );
  }

  private mutateQueue(describe: (queue: readonly Task[]) => ChangeDraft | undefined): Promise<void> {
    return this.enqueue(
      async () => {
        await this.freshen();
        const change = describe(this.pendingTasks);
        if (change) await this.changeQueue(change);
      },
      { queue: true },
    );
  }

  private async changeQueue(change: ChangeDraft): Promise<void> {
    this.pendingTasks = applyChange({ tasks: this.pendingTasks }, change).tasks;
    await this.persist(this.queueFile, { tasks: this.pendingTasks }, change);
  }

  private async changeBatch(batchId: string, change: ChangeDraft): Promise<void> {
    await this.persist(this.batchFile(batchId), this.applyToBatch(batchId, change), change);
  }

  private applyToBatch(batchId: string, change: ChangeDraft): ListState {
    const next = applyChange(
      { tasks: this.batchTasks.get(batchId) ?? [], record: this.batchRecords.get(batchId) },
      change,
    );
    this.batchTasks.set(batchId, next.tasks);
    if (next.record) this.batchRecords.set(batchId, next.record);
    return next;
  }

  private persist(file: string, state: ListState, change: ChangeDraft): Promise<void> {
    return this.files.persist(file, state, change);
  }

  /** Runs changes one after another, each reading what the last one wrote; listeners hear of each change. */
  private enqueue(work: () => Promise<void>, announce: StateChange | undefined): Promise<void> {
    const next = this.writeChain.then(work);
    // Keep the chain alive after a failed write; the caller still sees the failure.
    this.writeChain = next.catch(() => undefined);
    return announce ? next.then(() => this.changed.fire(announce)) : next;
  }
}
