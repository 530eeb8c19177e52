// The small records of submitted batches, kept in globalState so that polling resumes after a reload or a
// restart. Only ids, statuses, counts and task ids live here; task bodies and results are files.
import * as z from 'zod';
import { describeZodError } from '../errors';
import { Emitter, type StateChange } from '../events';
import { BatchRecordSchema, isInFlight, type BatchRecord } from '../model/records';
import { GLOBAL_KEYS } from './storageLayout';
import { newestFirst } from '../model/order';

/** The subset of vscode.Memento the registry needs; an in-memory fake serves in unit tests. */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

/** A second home for batch records that every window of the workspace shares (its storage folder). */
export interface RecordMirror {
  records(): BatchRecord[];
  /** One record, without listing them all. */
  record?(batchId: string): BatchRecord | undefined;
  saveRecord(record: BatchRecord): Promise<void>;
}

/** How far along a record is: of two copies of one batch, the further one is the truth. */
function progress(record: BatchRecord): number {
  const status = { in_progress: 0, canceling: 1, ended: 2 }[record.status];
  // A warm-up whose main batch was sent (or could not be) is further than one that only ended.
  const followed = record.warmup && (record.warmup.followedBy || record.warmup.problem !== undefined) ? 1 : 0;
  return (record.missing ? 20 : 0) + status * 4 + (record.resultsIngested ? 2 : 0) + followed;
}

export class BatchRegistry {
  private readonly changed = new Emitter<StateChange>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly memento: KeyValueStore,
    private readonly workspaceKey: string,
    private readonly mirror?: RecordMirror,
  ) {}

  /** Every valid record of every workspace. Invalid ones are moved aside (never dropped) and reported. */
  private async readAll(): Promise<{ records: BatchRecord[]; problems: string[] }> {
    const raw = this.memento.get<unknown>(GLOBAL_KEYS.batches);
    if (raw === undefined) return { records: [], problems: [] };
    if (!Array.isArray(raw)) {
      await this.setAside([raw]);
      return { records: [], problems: [`${GLOBAL_KEYS.batches}: expected a list`] };
    }
    const records: BatchRecord[] = [];
    const bad: unknown[] = [];
    const problems: string[] = [];
    raw.forEach((item, index) => {
      const parsed = BatchRecordSchema.safeParse(item);
      if (parsed.success) records.push(parsed.data);
      else {
        bad.push(item);
        problems.push(`batch record ${index}: ${describeZodError(parsed.error)}`);
      }
    });
    if (bad.length) {
      await this.setAside(bad);
      await this.memento.update(GLOBAL_KEYS.batches, records);
    }
    return { records, problems };
  }

  private async setAside(items: unknown[]): Promise<void> {
    const previous = this.memento.get<unknown[]>(GLOBAL_KEYS.batchesSetAside) ?? [];
    await this.memento.update(GLOBAL_KEYS.batchesSetAside, [...previous, ...items]);
  }

  /** Validates what is stored; returns a description of each record that had to be set aside. */
  async validate(): Promise<string[]> {
    return (await this.readAll()).problems;
  }

  /**
   * This workspace's records in globalState, parsed once per stored value: the tree asks for a record per row,
   * and parsing every record for each would grow with the square of the batches kept.
   */
  private stored(): ReadonlyMap<string, BatchRecord> {
    const raw = this.memento.get<unknown>(GLOBAL_KEYS.batches);
    if (this.parsed && this.parsed.raw === raw) return this.parsed.records;
    const parsed = z.array(BatchRecordSchema).safeParse(raw ?? []);
    const mine = new Map<string, BatchRecord>();
    for (const r of parsed.success ? parsed.data : []) if (r.workspaceKey === this.workspaceKey) mine.set(r.id, r);
    this.parsed = { raw, records: mine };
    return mine;
  }
  private parsed: { raw: unknown; records: ReadonlyMap<string, BatchRecord> } | undefined;

  /** Of globalState's copy and the mirror's, the one further along. */
  private merged(stored: BatchRecord | undefined, mirrored: BatchRecord | undefined): BatchRecord | undefined {
    if (!mirrored) return stored;
    return !stored || progress(mirrored) > progress(stored) ? { ...mirrored, workspaceKey: this.workspaceKey } : stored;
  }

  /** This workspace's batches, newest first: globalState merged with the workspace-storage mirror. */
  list(): BatchRecord[] {
    const merged = new Map(this.stored());
    for (const r of this.mirror?.records() ?? []) merged.set(r.id, this.merged(merged.get(r.id), r)!);
    return [...merged.values()].sort(newestFirst);
  }

  get(batchId: string): BatchRecord | undefined {
    const mirror = this.mirror;
    const mirrored = mirror?.record ? mirror.record(batchId) : mirror?.records().find((r) => r.id === batchId);
    return this.merged(this.stored().get(batchId), mirrored);
  }

  inFlight(): BatchRecord[] {
    return this.list().filter(isInFlight);
  }

  /** Saves a record to globalState first (it survives restarts), then to the shared mirror. */
  async add(record: BatchRecord): Promise<void> {
    const valid = BatchRecordSchema.parse(record);
    const { records } = await this.readAll();
    await this.memento.update(GLOBAL_KEYS.batches, [...records.filter((r) => r.id !== valid.id), valid]);
    // Views hear of it at once, so they never lag behind what list() returns; the mirror follows.
    this.changed.fire({ all: true });
    await this.mirror?.saveRecord(valid);
  }

  /** Changes a record known from either home; the result is written to both. */
  async update(batchId: string, change: (record: BatchRecord) => BatchRecord): Promise<BatchRecord | undefined> {
    const current = this.get(batchId);
    if (!current) return undefined;
    const updated = BatchRecordSchema.parse(change(current));
    const { records } = await this.readAll();
    await this.memento.update(GLOBAL_KEYS.batches, [...records.filter((r) => r.id !== batchId), updated]);
    this.changed.fire({ batchIds: [batchId] });
    await this.mirror?.saveRecord(updated);
    return updated;
  }

  async remove(batchId: string): Promise<void> {
    const { records } = await this.readAll();
    await this.memento.update(
      GLOBAL_KEYS.batches,
      records.filter((r) => r.id !== batchId),
    );
    this.changed.fire({ all: true });
  }

  /** Lets adapters announce a change made by another window. */
  notifyExternalChange(): void {
    this.changed.fire({ all: true });
  }
}
