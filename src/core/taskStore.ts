// The queue and the tasks of every submitted batch, persisted as files in workspace storage:
//   queue.json            pending tasks, in the user's order
//   batches/<batchId>.json the tasks of one batch, with their outcomes and review state
// A change rewrites only the file it touches. Files carry a schema version; damaged files are set aside.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeJsonAtomic } from './atomicFile';
import { Emitter } from './events';
import { TaskSchema, type Task } from './model';

export const STORE_SCHEMA_VERSION = 1;

const TaskFileSchema = z.object({
  schemaVersion: z.literal(STORE_SCHEMA_VERSION),
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
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;
  /** Serialises writes so two quick changes cannot land out of order. */
  private writeChain: Promise<void> = Promise.resolve();

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
    const read = async (file: string): Promise<Task[]> => {
      const result = await readJsonFile(file, TaskFileSchema);
      if (result.kind === 'ok') return result.value.tasks;
      if (result.kind === 'setAside') problems.push({ file, problem: result.problem, movedTo: result.movedTo });
      return [];
    };
    this.batchTasks.clear();
    let names: string[] = [];
    try {
      names = (await fs.readdir(path.join(this.dir, 'batches'))).filter((n) => n.endsWith('.json'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    for (const name of names) {
      this.batchTasks.set(name.slice(0, -'.json'.length), await read(path.join(this.dir, 'batches', name)));
    }
    // A crash between writing a batch file and rewriting the queue leaves a task in both: the batch wins.
    const submitted = new Set([...this.batchTasks.values()].flat().map((t) => t.id));
    this.pendingTasks = (await read(this.queueFile)).filter((t) => !submitted.has(t.id));
    this.changed.fire();
    return problems;
  }

  pending(): readonly Task[] {
    return this.pendingTasks;
  }

  tasksOf(batchId: string): readonly Task[] {
    return this.batchTasks.get(batchId) ?? [];
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
    this.pendingTasks = [...this.pendingTasks, ...tasks];
    await this.persistQueue();
  }

  async removePending(taskIds: Iterable<string>): Promise<number> {
    const ids = new Set(taskIds);
    const before = this.pendingTasks.length;
    this.pendingTasks = this.pendingTasks.filter((t) => !ids.has(t.id));
    await this.persistQueue();
    return before - this.pendingTasks.length;
  }

  async updatePending(taskId: string, change: (task: Task) => Task): Promise<void> {
    this.pendingTasks = this.pendingTasks.map((t) => (t.id === taskId ? TaskSchema.parse(change(t)) : t));
    await this.persistQueue();
  }

  /** Moves a pending task up (-1) or down (+1) in the queue. */
  async movePending(taskId: string, delta: -1 | 1): Promise<void> {
    const index = this.pendingTasks.findIndex((t) => t.id === taskId);
    const target = index + delta;
    if (index < 0 || target < 0 || target >= this.pendingTasks.length) return;
    const next = [...this.pendingTasks];
    [next[index], next[target]] = [next[target]!, next[index]!];
    this.pendingTasks = next;
    await this.persistQueue();
  }

  /** Records tasks as belonging to a created batch: the batch file is written before the queue shrinks. */
  async assignToBatch(taskIds: string[], batchId: string): Promise<void> {
    const ids = new Set(taskIds);
    const moving = this.pendingTasks.filter((t) => ids.has(t.id)).map((t) => ({ ...t, batchId }));
    this.batchTasks.set(batchId, [...(this.batchTasks.get(batchId) ?? []), ...moving]);
    await this.persistBatch(batchId);
    this.pendingTasks = this.pendingTasks.filter((t) => !ids.has(t.id));
    await this.persistQueue();
  }

  async updateBatchTasks(batchId: string, change: (task: Task) => Task): Promise<void> {
    const tasks = this.batchTasks.get(batchId);
    if (!tasks) return;
    this.batchTasks.set(batchId, tasks.map((t) => TaskSchema.parse(change(t))));
    await this.persistBatch(batchId);
  }

  async forgetBatch(batchId: string): Promise<void> {
    this.batchTasks.delete(batchId);
    await this.enqueueWrite(() => fs.rm(this.batchFile(batchId), { force: true }));
  }

  private persistQueue(): Promise<void> {
    return this.enqueueWrite(() =>
      writeJsonAtomic(this.queueFile, { schemaVersion: STORE_SCHEMA_VERSION, tasks: this.pendingTasks }),
    );
  }

  private persistBatch(batchId: string): Promise<void> {
    return this.enqueueWrite(() =>
      writeJsonAtomic(this.batchFile(batchId), {
        schemaVersion: STORE_SCHEMA_VERSION,
        tasks: this.batchTasks.get(batchId) ?? [],
      }),
    );
  }

  private enqueueWrite(write: () => Promise<void>): Promise<void> {
    const next = this.writeChain.then(write);
    // Keep the chain alive after a failed write; the caller still sees the failure.
    this.writeChain = next.catch(() => undefined);
    this.changed.fire();
    return next;
  }
}
