// A list of tasks kept as a snapshot plus an append-only log of changes, so that a change writes one line
// (the task it touches), not every task. The log is folded into a new snapshot once it outgrows it.
//   <name>.json  { schemaVersion, seq, record?, tasks }   written atomically
//   <name>.log   one JSON change per line, each with a seq; lines at or below the snapshot's seq are already in it
import { promises as fs } from 'node:fs';
import * as z from 'zod';
import { readJsonFile, writeJsonAtomic } from './atomicFile';
import { describeZodError } from '../errors';
import { BatchRecordSchema, TaskSchema, type BatchRecord, type Task } from '../model/records';

export const STORE_SCHEMA_VERSION = 1;

export const TaskFileSchema = z.lazy(() =>
  z.object({
    schemaVersion: z.literal(STORE_SCHEMA_VERSION),
    /** The last change folded in (absent in files from before the log: nothing is folded in). */
    seq: z.number().int().min(0).optional(),
    /** Batch files mirror the batch's record, so every window (and every browser, in code-server) sees it. */
    record: BatchRecordSchema.optional(),
    tasks: z.array(TaskSchema),
  }),
);

const Seq = z.number().int().min(1);
export const ChangeSchema = z.lazy(() =>
  z.discriminatedUnion('op', [
    z.object({ seq: Seq, op: z.literal('add'), tasks: z.array(TaskSchema) }),
    z.object({ seq: Seq, op: z.literal('remove'), ids: z.array(z.string()) }),
    /** Replaces tasks by id. */
    z.object({ seq: Seq, op: z.literal('update'), tasks: z.array(TaskSchema) }),
    z.object({ seq: Seq, op: z.literal('move'), id: z.string(), delta: z.union([z.literal(-1), z.literal(1)]) }),
    z.object({ seq: Seq, op: z.literal('record'), record: BatchRecordSchema }),
  ]),
);
export type Change = z.infer<typeof ChangeSchema>;
/** A change as callers describe it; the log numbers it. */
export type ChangeDraft = Change extends infer C ? (C extends Change ? Omit<C, 'seq'> : never) : never;

export interface ListState {
  tasks: Task[];
  record?: BatchRecord | undefined;
}

/** A change applied to a list; pure. A change naming a task that is not there changes nothing. */
export function applyChange(state: ListState, change: ChangeDraft): ListState {
  switch (change.op) {
    case 'add': {
      const known = new Set(state.tasks.map((t) => t.id));
      return { ...state, tasks: [...state.tasks, ...change.tasks.filter((t) => !known.has(t.id))] };
    }
    case 'remove': {
      const ids = new Set(change.ids);
      return { ...state, tasks: state.tasks.filter((t) => !ids.has(t.id)) };
    }
    case 'update': {
      const byId = new Map(change.tasks.map((t) => [t.id, t]));
      return { ...state, tasks: state.tasks.map((t) => byId.get(t.id) ?? t) };
    }
    case 'move': {
      const index = state.tasks.findIndex((t) => t.id === change.id);
      const target = index + change.delta;
      if (index < 0 || target < 0 || target >= state.tasks.length) return state;
      const tasks = [...state.tasks];
      [tasks[index], tasks[target]] = [tasks[target]!, tasks[index]!];
      return { ...state, tasks };
    }
    case 'record':
      return { ...state, record: change.record };
  }
}

export type LoadedList =
  | { kind: 'missing' }
  | {
      kind: 'ok';
      state: ListState;
      seq: number;
      logBytes: number;
      snapshotBytes: number;
      skipped: string[];
      copiedTo?: string;
    }
  | { kind: 'setAside'; problem: string; movedTo: string };

/** The log beside a snapshot file. */
export const logFileOf = (snapshotFile: string): string => snapshotFile.replace(/\.json$/, '.log');

/**
 * Reads a snapshot and replays its log. A line that cannot be read is skipped and named in `skipped` (the log
 * is kept as it is until the next fold, and a copy is set aside); a torn last line (a crash mid-append) is a
 * change that was never acknowledged, and is dropped quietly.
 */
export async function loadList(file: string): Promise<LoadedList> {
  const snapshot = await readJsonFile(file, TaskFileSchema);
  if (snapshot.kind === 'setAside') return snapshot;
  let state: ListState =
    snapshot.kind === 'ok' ? { tasks: snapshot.value.tasks, record: snapshot.value.record } : { tasks: [] };
  const folded = snapshot.kind === 'ok' ? (snapshot.value.seq ?? 0) : 0;
  let seq = folded;
  const skipped: string[] = [];
  let raw = '';
  try {
    raw = await fs.readFile(logFileOf(file), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (snapshot.kind === 'absent' && raw === '') return { kind: 'missing' };
  const lines = raw.split('\n');
  const torn = lines.pop() ?? '';
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    let parsed;
    try {
      parsed = ChangeSchema.safeParse(JSON.parse(line));
    } catch (error) {
      skipped.push(`line ${index + 1}: not JSON (${(error as Error).message})`);
      return;
    }
    if (!parsed.success) {
      skipped.push(`line ${index + 1}: ${describeZodError(parsed.error)}`);
      return;
    }
    seq = Math.max(seq, parsed.data.seq);
    if (parsed.data.seq > folded) state = applyChange(state, parsed.data);
  });
  // `torn`, when not empty, is a change whose append never finished: it was never acknowledged, so it is dropped.
  const copiedTo = skipped.length ? `${logFileOf(file)}.unreadable-${Date.now()}` : undefined;
  if (copiedTo) await fs.copyFile(logFileOf(file), copiedTo);
  const snapshotBytes = snapshot.kind === 'ok' ? await sizeOf(file) : 0;
  return {
    kind: 'ok',
    state,
    seq,
    logBytes: Buffer.byteLength(raw) - Buffer.byteLength(torn),
    snapshotBytes,
    skipped,
    ...(copiedTo ? { copiedTo } : {}),
  };
}

/** Appends one change, durably (fsync), as one line. */
export async function appendChange(file: string, change: Change): Promise<number> {
  const line = `${JSON.stringify(change)}\n`;
  const handle = await fs.open(logFileOf(file), 'a');
  try {
    await handle.write(line);
    await handle.datasync();
  } finally {
    await handle.close();
  }
  return Buffer.byteLength(line);
}

/** Writes the whole list as the new snapshot (atomically), then empties the log it folds in. */
export async function foldList(file: string, state: ListState, seq: number): Promise<number> {
  await writeJsonAtomic(file, {
    schemaVersion: STORE_SCHEMA_VERSION,
    seq,
    ...(state.record ? { record: state.record } : {}),
    tasks: state.tasks,
  });
  // A crash here leaves lines at or below `seq` in the log: loadList skips them.
  await fs.rm(logFileOf(file), { force: true });
  return sizeOf(file);
}

/** Whether the log has outgrown its snapshot enough to fold: writes stay within about twice the changes' size. */
export function shouldFold(logBytes: number, snapshotBytes: number): boolean {
  return logBytes > Math.max(256 * 1024, snapshotBytes);
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await fs.stat(file)).size;
  } catch {
    return 0;
  }
}

/** What identifies a version of a list on disk: its snapshot's and its log's modification time and size. */
export async function listVersion(file: string): Promise<string> {
  const one = async (f: string): Promise<string> => {
    try {
      const stat = await fs.stat(f);
      return `${stat.mtimeMs}:${stat.size}`;
    } catch {
      return '';
    }
  };
  return `${await one(file)}|${await one(logFileOf(file))}`;
}
