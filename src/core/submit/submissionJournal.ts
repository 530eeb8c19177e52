// Crash safety for submitting. An intent is written to globalState *before* the batch is created and removed
// once its id is saved. An intent found later means the window died (or the network failed) in between: the
// batch may or may not exist, and reconciliation finds out from the API instead of submitting twice.
import * as z from 'zod';
import type { KeyValueStore } from '../store/batchRegistry';
import type { MessageBatch } from '../api/batchClient';
import { PartSchema, renamedField, WarmupSchema } from '../model/records';
import { GLOBAL_KEYS } from '../store/storageLayout';

export const IntentSchema = z.lazy(() =>
  renamedField(
    'label',
    'name',
    z.object({
      id: z.string(),
      workspaceKey: z.string(),
      taskIds: z.array(z.string()).min(1),
      /** The batch's name. */
      name: z.string(),
      startedAt: z.string(),
      model: z.string().optional(),
      maxTokens: z.number().int().min(1).optional(),
      effort: z.string().optional(),
      part: PartSchema.optional(),
      warmup: WarmupSchema.optional(),
      /** Set when reconciliation found several candidate batches: the user decides, we never guess. */
      ambiguous: z.array(z.string()).optional(),
    }),
  ),
);
export type Intent = z.infer<typeof IntentSchema>;

export class SubmissionJournal {
  constructor(
    private readonly memento: KeyValueStore,
    private readonly workspaceKey: string,
  ) {}

  private all(): Intent[] {
    const parsed = z.array(IntentSchema).safeParse(this.memento.get<unknown>(GLOBAL_KEYS.submissions) ?? []);
    return parsed.success ? parsed.data : [];
  }

  open(): Intent[] {
    return this.all().filter((i) => i.workspaceKey === this.workspaceKey);
  }

  /** Task ids held by an unresolved submission: they must not be submitted again until it is resolved. */
  lockedTaskIds(): Set<string> {
    return new Set(this.open().flatMap((i) => i.taskIds));
  }

  async begin(intent: Omit<Intent, 'workspaceKey'>): Promise<Intent> {
    const full: Intent = { ...intent, workspaceKey: this.workspaceKey };
    await this.memento.update(GLOBAL_KEYS.submissions, [...this.all(), full]);
    return full;
  }

  async end(intentId: string): Promise<void> {
    await this.memento.update(
      GLOBAL_KEYS.submissions,
      this.all().filter((i) => i.id !== intentId),
    );
  }

  async markAmbiguous(intentId: string, candidates: string[]): Promise<void> {
    await this.memento.update(
      GLOBAL_KEYS.submissions,
      this.all().map((i) => (i.id === intentId ? { ...i, ambiguous: candidates } : i)),
    );
  }
}

/** What reconciliation needs of a listed batch. */
export type ListedBatch = Pick<MessageBatch, 'id' | 'created_at' | 'request_counts'>;

export type Reconciliation =
  | { kind: 'found'; batchId: string }
  | { kind: 'notCreated' }
  | { kind: 'ambiguous'; candidates: string[] }
  | { kind: 'tooEarly' };

/** How long after an intent a created batch must be visible in the list before we conclude it was never made. */
export const SETTLE_MS = 60_000;
/** Clocks differ: a batch's created_at may be a little before our intent's time. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Decides what became of an intent from the recent batches the API lists. A candidate was created near the
 * intent's time, holds as many requests as the intent had tasks, and is not already known to us.
 */
export function reconcile(
  intent: Intent,
  listed: readonly ListedBatch[],
  knownIds: ReadonlySet<string>,
  now: number,
): Reconciliation {
  const started = Date.parse(intent.startedAt);
  const candidates = listed.filter((b) => {
    const created = Date.parse(b.created_at);
    const c = b.request_counts;
    const total = c.processing + c.succeeded + c.errored + c.canceled + c.expired;
    return (
      !knownIds.has(b.id) &&
      created >= started - CLOCK_SKEW_MS &&
      created <= started + SETTLE_MS + CLOCK_SKEW_MS &&
      total === intent.taskIds.length
    );
  });
  if (candidates.length === 1) return { kind: 'found', batchId: candidates[0]!.id };
  if (candidates.length > 1) return { kind: 'ambiguous', candidates: candidates.map((c) => c.id) };
  return now - started < SETTLE_MS ? { kind: 'tooEarly' } : { kind: 'notCreated' };
}
