// Submitting a batch so that a crash or a lost connection never loses it and never sends it twice: an intent is
// made durable before the request leaves, the batch id is saved before the tasks move, and an intent left over
// is settled by asking the API what exists (core/submissionJournal.ts decides from the listing).
import { randomBytes } from 'node:crypto';
import { PartialSubmitError } from '../errors';
import { certainlyNotCreated, type MessageBatch } from '../api/batchClient';
import { reconcile, type Intent } from './submissionJournal';
import type { BatchRecord, Warmup, Part, Task } from '../model/records';
import type { BatchBody } from './batchBody';
import type { BatchApi } from '../api/batchApi';
import type { ServiceDeps } from '../serviceTypes';

/** What the requests of a submission were sent with, recorded on its batches for retries and estimates. */
export interface SentWith {
  model: string;
  maxTokens: number;
  effort?: string | undefined;
  /** Set for a warm-up batch: the main batch it is for. */
  warmup?: Warmup | undefined;
}

export type ReconcileOutcome = 'adopted' | 'notCreated' | 'ambiguous' | 'pending';
export type ReconcileReport = Array<{ intent: Intent; outcome: ReconcileOutcome; batchId?: string }>;

export class Submitter {
  constructor(private readonly deps: Omit<ServiceDeps, 'now'> & { now: () => Date }) {}

  /** Pending tasks not held by an unsettled submission, nor waiting for their cache warm-up to end. */
  submittable(): Task[] {
    const locked = this.deps.journal.lockedTaskIds();
    for (const id of this.warmingUp()) locked.add(id);
    return this.deps.store.pending().filter((t) => !locked.has(t.id));
  }

  /** Tasks whose warm-up batch is in flight (or ended, its main batch not yet submitted). */
  warmingUp(): Set<string> {
    return new Set(
      this.deps.registry
        .list()
        .filter((r) => r.warmup && !r.missing && !r.warmup.followedBy && r.warmup.problem === undefined)
        .flatMap((r) => r.warmup!.taskIds),
    );
  }

  /**
   * Sends each body as one batch, in order. Several bodies (a queue over the API's limits) are parts of one
   * submission: same name, numbered. A failure after the first part throws PartialSubmitError.
   */
  async submit(bodies: readonly BatchBody[], name: string, sent: SentWith): Promise<BatchRecord[]> {
    const api = await this.deps.api();
    const submissionId = randomBytes(8).toString('hex');
    const records: BatchRecord[] = [];
    for (const [index, body] of bodies.entries()) {
      const part: Part | undefined =
        bodies.length > 1 ? { submissionId, index: index + 1, of: bodies.length } : undefined;
      try {
        records.push(await this.submitOne(api, body, name, sent, part));
      } catch (error) {
        if (records.length === 0) throw error;
        const notSubmitted = bodies.slice(index).reduce((sum, b) => sum + b.customIds.length, 0);
        throw new PartialSubmitError(records, notSubmitted, error);
      }
    }
    return records;
  }

  private async submitOne(
    api: BatchApi,
    body: BatchBody,
    name: string,
    sent: SentWith,
    part: Part | undefined,
  ): Promise<BatchRecord> {
    const intent = await this.deps.journal.begin({
      id: randomBytes(8).toString('hex'),
      taskIds: body.customIds,
      name,
      startedAt: this.deps.now().toISOString(),
      model: sent.model,
      maxTokens: sent.maxTokens,
      ...(sent.effort ? { effort: sent.effort } : {}),
      ...(part ? { part } : {}),
      ...(sent.warmup ? { warmup: sent.warmup } : {}),
    });
    let batch: MessageBatch;
    try {
      batch = await api.create(body);
    } catch (error) {
      if (certainlyNotCreated(error)) await this.deps.journal.end(intent.id);
      throw error;
    }
    return this.adopt(intent, batch);
  }

  /** Records a created batch for an intent: id to globalState first, then the tasks move, then the intent ends. */
  private async adopt(intent: Intent, batch: MessageBatch): Promise<BatchRecord> {
    const record: BatchRecord = {
      id: batch.id,
      workspaceKey: this.deps.workspaceKey,
      name: intent.name,
      createdAt: batch.created_at,
      expiresAt: batch.expires_at,
      status: batch.processing_status,
      counts: batch.request_counts,
      taskIds: intent.taskIds,
      resultsIngested: false,
      endedAt: batch.ended_at ?? null,
      ...(intent.model ? { model: intent.model } : {}),
      ...(intent.maxTokens ? { maxTokens: intent.maxTokens } : {}),
      ...(intent.effort ? { effort: intent.effort } : {}),
      ...(intent.part ? { part: intent.part } : {}),
      ...(intent.warmup ? { warmup: intent.warmup } : {}),
    };
    await this.deps.registry.add(record);
    await this.deps.store.assignToBatch(record.taskIds, record.id);
    await this.deps.journal.end(intent.id);
    return record;
  }

  openIntents(): Intent[] {
    return this.deps.journal.open();
  }

  /**
   * Settles interrupted submissions. When several batches could be the one, those that have ended are told
   * apart by their results' custom_ids (our task ids); what still cannot be told apart is left to the user.
   */
  async reconcile(): Promise<ReconcileReport> {
    const open = this.deps.journal.open();
    if (open.length === 0) return [];
    const api = await this.deps.api();
    const listed = await api.listRecent();
    const known = new Set(this.deps.registry.list().map((r) => r.id));
    const report: ReconcileReport = [];
    for (const intent of open) {
      const settled = await this.settle(api, intent, listed, known);
      if (settled.batchId) known.add(settled.batchId);
      report.push({ intent, ...settled });
    }
    return report;
  }

  /** What became of one intent, acted upon: adopted, ended as never created, left pending or ambiguous. */
  private async settle(
    api: BatchApi,
    intent: Intent,
    listed: readonly MessageBatch[],
    known: ReadonlySet<string>,
  ): Promise<{ outcome: ReconcileOutcome; batchId?: string }> {
    const verdict = intent.ambiguous
      ? { kind: 'ambiguous' as const, candidates: intent.ambiguous.filter((id) => !known.has(id)) }
      : reconcile(intent, listed, known, this.deps.now().getTime());
    if (verdict.kind === 'tooEarly') return { outcome: 'pending' };
    if (verdict.kind === 'notCreated') {
      await this.deps.journal.end(intent.id);
      return { outcome: 'notCreated' };
    }
    let batchId = verdict.kind === 'found' ? verdict.batchId : undefined;
    if (verdict.kind === 'ambiguous') {
      const ended = verdict.candidates.filter((id) => listed.find((b) => b.id === id)?.processing_status === 'ended');
      const holding = await this.holdingTasksOf(api, intent, ended);
      if (holding.length !== 1) {
        if (!intent.ambiguous) await this.deps.journal.markAmbiguous(intent.id, verdict.candidates);
        return { outcome: 'ambiguous' };
      }
      batchId = holding[0];
    }
    const record = await this.adopt(intent, await api.retrieve(batchId!));
    return { outcome: 'adopted', batchId: record.id };
  }

  /** The ended batches among `candidates` whose results carry this intent's task ids as custom_ids. */
  private async holdingTasksOf(api: BatchApi, intent: Intent, candidates: readonly string[]): Promise<string[]> {
    const ours = new Set(intent.taskIds);
    const holding: string[] = [];
    for (const id of candidates) {
      let matches = 0;
      await api.streamResults(id, (line) => {
        const customId = (line as { custom_id?: unknown } | null)?.custom_id;
        if (typeof customId === 'string' && ours.has(customId)) matches++;
      });
      if (matches === ours.size) holding.push(id);
    }
    return holding;
  }

  /** The user's answer to an ambiguous submission: which batch holds its tasks, or none. */
  async resolve(intentId: string, batchId: string | undefined): Promise<BatchRecord | undefined> {
    const intent = this.deps.journal.open().find((i) => i.id === intentId);
    if (!intent) return undefined;
    if (!batchId) {
      await this.deps.journal.end(intent.id);
      return undefined;
    }
    const api = await this.deps.api();
    return this.adopt(intent, await api.retrieve(batchId));
  }
}
