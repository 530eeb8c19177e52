// The queue and the tasks of every submitted batch, persisted as files in workspace storage:
//   queue.json            pending tasks, in the user's order
//   batches/<batchId>.json the tasks of one batch, with their outcomes and review state
// A change rewrites only the file it touches. Files carry a schema version; damaged files are set aside.
import { promises as fs, watch, type FSWatcher } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeJsonAtomic } from './atomicFile';
import { Emitter, type Disposable, type StateChange } from './events';
import { BatchRecordSchema, TaskSchema, type BatchRecord, type Task } from './model';

export const STORE_SCHEMA_VERSION = 1;

const TaskFileSchema = z.object({
  schemaVersion: z.literal(STORE_SCHEMA_VERSION),
  /** Batch files mirror the batch's record, so every window (and every browser, in code-server) sees it. */
  record: BatchRecordSchema.optional(),
  tasks: z.array(TaskSchema),
});

export interface StoreProblem {
  file: string;
  problem: string;
  movedTo: string;
}

export class TaskStore {
  private pendingTasks: Task[] = [];
  private readonly batchTasks = new Map<string, Task[]>();
  private readonly batchRecords = new Map<string, BatchRecord>();
  private readonly changed = new Emitter<StateChange>();
  readonly onDidChange = this.changed.event;
  /** Serialises changes so two quick ones cannot land out of order. */
  private writeChain: Promise<void> = Promise.resolve();
  /** The version of each file as we last read or wrote it; another version on disk means another window wrote. */
  private readonly versions = new Map<string, string>();

  constructor(private readonly dir: string) {}

  private get queueFile(): string {
    return path.join(this.dir, 'queue.json');
  }

  private batchFile(batchId: string): string {
    if (!/^[A-Za-z0-9_-]+$/.test(batchId)) throw new Error(`invalid batch id: ${batchId}`);
    return path.join(this.dir, 'batches', `${batchId}.json`);
  }

  /** Reads everything from disk. Returns the files that had to be set aside. */
  async load(): Promise<StoreProblem[]> {
    const problems: StoreProblem[] = [];
    this.batchTasks.clear();
    this.batchRecords.clear();
    for (const batchId of await this.batchIdsOnDisk()) {
      this.batchTasks.set(batchId, await this.readTasks(this.batchFile(batchId), problems, batchId));
    }
    this.pendingTasks = await this.readTasks(this.queueFile, problems);
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
    if (this.pendingTasks.some((t) => submitted.has(t.id))) this.pendingTasks = this.pendingTasks.filter((t) => !submitted.has(t.id));
  }

  private async readTasks(file: string, problems: StoreProblem[], batchId?: string): Promise<Task[]> {
    const result = await readJsonFile(file, TaskFileSchema);
    this.versions.set(file, await versionOf(file));
    if (result.kind === 'ok') {
      if (batchId && result.value.record) this.batchRecords.set(batchId, result.value.record);
      return result.value.tasks;
    }
    if (result.kind === 'setAside') problems.push({ file, problem: result.problem, movedTo: result.movedTo });
    return [];
  }

  /**
   * Another window on the same workspace may have written a file since we read it: re-read what changed, so a
   * change here never overwrites one made there. Returns whether anything was re-read.
   */
  private async freshen(): Promise<boolean> {
    const problems: StoreProblem[] = [];
    let changed = false;
    if ((await versionOf(this.queueFile)) !== this.versions.get(this.queueFile)) {
      this.pendingTasks = await this.readTasks(this.queueFile, problems);
      changed = true;
    }
    for (const batchId of await this.batchIdsOnDisk()) {
      const file = this.batchFile(batchId);
      if ((await versionOf(file)) !== this.versions.get(file)) {
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
    let timer: ReturnType<typeof setTimeout> | undefined;
    let watcher: FSWatcher | undefined;
    const poke = (): void => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void this.refresh().catch(() => undefined), 150);
    };
    void fs.mkdir(path.join(this.dir, 'batches'), { recursive: true }).then(() => {
      watcher = watch(this.dir, { recursive: true }, poke);
      watcher.on('error', () => undefined);
    });
    return {
      dispose: () => {
        if (timer) clearTimeout(timer);
        watcher?.close();
      },
    };
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

  /** Mirrors a batch's record into its file (creating the file for a batch with no tasks yet). */
  async saveRecord(record: BatchRecord): Promise<void> {
    await this.enqueue(async () => {
      await this.freshen();
      this.batchRecords.set(record.id, record);
      if (!this.batchTasks.has(record.id)) this.batchTasks.set(record.id, []);
      await this.writeBatch(record.id);
    }, { batchIds: [record.id] });
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
    await this.mutateQueue((queue) => [...queue, ...tasks]);
  }

  async removePending(taskIds: Iterable<string>): Promise<number> {
    const ids = new Set(taskIds);
    let removed = 0;
    await this.mutateQueue((queue) => {
      const kept = queue.filter((t) => !ids.has(t.id));
      removed = queue.length - kept.length;
      return kept;
    });
    return removed;
  }

  async updatePending(taskId: string, change: (task: Task) => Task): Promise<void> {
    await this.mutateQueue((queue) => queue.map((t) => (t.id === taskId ? TaskSchema.parse(change(t)) : t)));
  }

  /** Moves a pending task up (-1) or down (+1) in the queue. */
  async movePending(taskId: string, delta: -1 | 1): Promise<void> {
    await this.mutateQueue((queue) => {
      const index = queue.findIndex((t) => t.id === taskId);
      const target = index + delta;
      if (index < 0 || target < 0 || target >= queue.length) return queue;
      const next = [...queue];
      [next[index], next[target]] = [next[target]!, next[index]!];
      return next;
    });
  }

  /** Records tasks as belonging to a created batch: the batch file is written before the queue shrinks. */
  async assignToBatch(taskIds: string[], batchId: string): Promise<void> {
    const ids = new Set(taskIds);
    await this.enqueue(async () => {
      await this.freshen();
      const moving = this.pendingTasks.filter((t) => ids.has(t.id)).map((t) => ({ ...t, batchId }));
      // Memory changes in one step, so no reader ever sees a task in both places; the files follow in the
      // crash-safe order (batch file first: a task found in both on load belongs to its batch).
      this.batchTasks.set(batchId, [...(this.batchTasks.get(batchId) ?? []), ...moving]);
      this.pendingTasks = this.pendingTasks.filter((t) => !ids.has(t.id));
      await this.writeBatch(batchId);
      await this.writeQueue();
    }, { queue: true, batchIds: [batchId] });
  }

  async updateBatchTasks(batchId: string, change: (task: Task) => Task): Promise<void> {
    await this.enqueue(async () => {
      await this.freshen();
      const tasks = this.batchTasks.get(batchId);
      if (!tasks) return;
      this.batchTasks.set(batchId, tasks.map((t) => TaskSchema.parse(change(t))));
      await this.writeBatch(batchId);
    }, { batchIds: [batchId] });
  }

  async forgetBatch(batchId: string): Promise<void> {
    await this.enqueue(async () => {
      this.batchTasks.delete(batchId);
      this.batchRecords.delete(batchId);
      await fs.rm(this.batchFile(batchId), { force: true });
    }, { all: true });
  }

  private mutateQueue(change: (queue: Task[]) => Task[]): Promise<void> {
    return this.enqueue(async () => {
      await this.freshen();
      this.pendingTasks = change(this.pendingTasks);
      await this.writeQueue();
    }, { queue: true });
  }

  private async writeQueue(): Promise<void> {
    await writeJsonAtomic(this.queueFile, { schemaVersion: STORE_SCHEMA_VERSION, tasks: this.pendingTasks });
    this.versions.set(this.queueFile, await versionOf(this.queueFile));
  }

  private async writeBatch(batchId: string): Promise<void> {
    const file = this.batchFile(batchId);
    const record = this.batchRecords.get(batchId);
    await writeJsonAtomic(file, { schemaVersion: STORE_SCHEMA_VERSION, ...(record ? { record } : {}), tasks: this.batchTasks.get(batchId) ?? [] });
    this.versions.set(file, await versionOf(file));
  }

  /** Runs changes one after another, each reading what the last one wrote; listeners hear of each change. */
  private enqueue(work: () => Promise<void>, announce: StateChange | undefined): Promise<void> {
    const next = this.writeChain.then(work);
    // Keep the chain alive after a failed write; the caller still sees the failure.
    this.writeChain = next.catch(() => undefined);
    return announce ? next.then(() => this.changed.fire(announce)) : next;
  }
}

/** What identifies a version of a file on disk: modification time and size ('' when absent). */
async function versionOf(file: string): Promise<string> {
  try {
    const stat = await fs.stat(file);
    return `${stat.mtimeMs}:${stat.size}`;
  } catch {
    return '';
  }
}
