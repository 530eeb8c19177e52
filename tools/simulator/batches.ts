// The simulator's batch state machine: batches end after a processing delay (or early, on cancel), expire
// after their "24 h", and are archived after the results retention window. Time is read on every access.
import { createHash, randomBytes } from 'node:crypto';
import { answer, type ScenarioRule } from './model';
import { checkParams, effortOf, modelOf } from './params';
import { findModel } from './models';
import { think } from './thinking';

export interface SimSettings {
  processingMs: number;
  expiryMs: number;
  retentionMs: number;
  /** Bytes per second a request body is read at (0: as fast as it comes), as on a slow uplink. */
  uploadBytesPerSec: number;
}

interface StoredRequest {
  custom_id: string;
  params: Record<string, unknown>;
}

export interface SimBatch {
  id: string;
  createdAt: number;
  expiresAt: number;
  endAt: number;
  endedAt: number | null;
  cancelInitiatedAt: number | null;
  requests: StoredRequest[];
  results: Array<Record<string, unknown>> | null;
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** The shortest prefix cached for a model the catalogue does not know, in (estimated) tokens. */
const MIN_CACHEABLE_TOKENS = 1024;
/**
 * How many requests of a batch run side by side. A cache entry written by one of them is only there for requests
 * that start after it finished: in a cold batch, requests sharing a prefix mostly each pay the write (a batch of
 * 50 on one prefix writes it 32 times and reads it 18: within the 30–98% hit rates reported, at the low end).
 */
export const PARALLEL_REQUESTS = 32;

export class BatchBook {
  private readonly batches = new Map<string, SimBatch>();
  /** Prompt-cache entries: prefix hash → when the entry expires (epoch ms). */
  private readonly cache = new Map<string, number>();

  constructor(
    public settings: SimSettings,
    private readonly rules: ScenarioRule[],
  ) {}

  create(requests: StoredRequest[], now: number): SimBatch {
    const batch: SimBatch = {
      id: `msgbatch_${randomBytes(12).toString('hex')}`,
      createdAt: now,
      expiresAt: now + this.settings.expiryMs,
      endAt: now + this.settings.processingMs,
      endedAt: null,
      cancelInitiatedAt: null,
      requests,
      results: null,
    };
    this.batches.set(batch.id, batch);
    return batch;
  }

  get(id: string, now: number): SimBatch | undefined {
    const batch = this.batches.get(id);
    if (batch) this.advance(batch, now);
    return batch;
  }

  /** Newest first. */
  all(now: number): SimBatch[] {
    const list = [...this.batches.values()].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1));
    list.forEach((b) => this.advance(b, now));
    return list;
  }

  cancel(batch: SimBatch, now: number): void {
    if (batch.endedAt !== null || batch.cancelInitiatedAt !== null) return;
    batch.cancelInitiatedAt = now;
    // Requests already running may still finish: the batch ends shortly after, with what was done.
    batch.endAt = Math.min(batch.endAt, now + 300);
  }

  /** Admin: every batch still running ends now (tests that must not wait for the processing delay). */
  finishAll(now: number): number {
    let count = 0;
    for (const batch of this.batches.values()) {
      if (batch.endedAt === null && batch.endAt > now) {
        batch.endAt = now;
        count++;
      }
    }
    return count;
  }

  delete(id: string): void {
    this.batches.delete(id);
  }

  private advance(batch: SimBatch, now: number): void {
    if (batch.endedAt !== null) return;
    const expired = now >= batch.expiresAt && batch.expiresAt < batch.endAt;
    if (!expired && now < batch.endAt) return;
    batch.endedAt = expired ? batch.expiresAt : batch.endAt;
    const written = new Map<string, number>();
    batch.results = batch.requests.map((request, index) => {
      if (index % PARALLEL_REQUESTS === 0) for (const [key, until] of written) this.cache.set(key, until);
      return this.resultFor(request, batch, expired, index, written);
    });
    for (const [key, until] of written) this.cache.set(key, until);
  }

  private resultFor(
    request: StoredRequest,
    batch: SimBatch,
    expired: boolean,
    index: number,
    written: Map<string, number>,
  ): Record<string, unknown> {
    const { custom_id, params } = request;
    if (expired) return { custom_id, result: { type: 'expired' } };
    // Of a canceled batch, every other request "was already running" and finishes.
    if (batch.cancelInitiatedAt !== null && index % 2 === 1) return { custom_id, result: { type: 'canceled' } };
    const refused = checkParams(params, 'messages');
    if (refused) return errored(custom_id, refused.type, refused.message);
    const model = modelOf(params);
    if ('status' in model) return errored(custom_id, model.type, model.message);
    const reply = answer(params, this.rules);
    if (reply.kind === 'expired') return { custom_id, result: { type: 'expired' } };
    if (reply.kind === 'errored') return errored(custom_id, reply.errorType, reply.message);
    const usage = this.usageFor(params, batch.endedAt ?? Date.now(), written);
    const inputTokens = usage.input_tokens + usage.cache_creation_input_tokens + usage.cache_read_input_tokens;
    const turn = think(reply, {
      model,
      effort: effortOf(params, model),
      maxTokens: params['max_tokens'] as number,
      inputTokens,
    });
    return {
      custom_id,
      result: {
        type: 'succeeded',
        message: {
          id: `msg_${randomBytes(10).toString('hex')}`,
          type: 'message',
          role: 'assistant',
          model: model.id,
          content: turn.content,
          stop_reason: turn.stopReason,
          stop_sequence: null,
          usage: {
            ...usage,
            output_tokens: turn.outputTokens,
            output_tokens_details: { thinking_tokens: turn.thinkingTokens },
          },
        },
      },
    };
  }

  /**
   * Input usage as the API reports it, with prompt caching. Each block marked with cache_control ends a prefix
   * that can be cached (up to four). The longest prefix already cached is read; the marked prefixes beyond it
   * that reach the model's minimum are written, and the tokens after the last written or read mark are plain
   * input. A prefix below the minimum is silently not cached. Best effort, as in the API: an entry written by a
   * request of this batch is seen only by requests that start after it (PARALLEL_REQUESTS); deterministic, so
   * tests can count on it.
   */
  private usageFor(
    params: Record<string, unknown>,
    now: number,
    written: Map<string, number>,
  ): { input_tokens: number; cache_creation_input_tokens: number; cache_read_input_tokens: number } {
    const blocks = promptBlocks(params);
    const total = tokensOf(blocks.map((b) => b.text));
    const minimum = findModel(params['model'])?.cacheMinTokens ?? MIN_CACHEABLE_TOKENS;
    // The cache is per model and per output format, as a changed format invalidates it.
    const salt = `${String(params['model'])}\n${JSON.stringify((params['output_config'] as { format?: unknown } | undefined)?.format ?? null)}`;
    const prefixes = blocks
      .map((block, index) => ({ block, index }))
      .filter(({ block }) => block.marked)
      .map(({ index }) => {
        const texts = blocks.slice(0, index + 1).map((b) => b.text);
        return {
          tokens: tokensOf(texts),
          key: createHash('sha256')
            .update(`${salt}\n${texts.join('\u0000')}`)
            .digest('hex'),
        };
      })
      .filter((prefix) => prefix.tokens >= minimum);
    const hit = [...prefixes].reverse().find((prefix) => (this.cache.get(prefix.key) ?? 0) > now);
    const read = hit?.tokens ?? 0;
    const toWrite = prefixes.filter((prefix) => prefix.tokens > read);
    for (const prefix of toWrite) written.set(prefix.key, now + 3600_000);
    const cachedUpTo = Math.max(read, ...toWrite.map((prefix) => prefix.tokens));
    return {
      input_tokens: total - cachedUpTo,
      cache_creation_input_tokens: cachedUpTo - read,
      cache_read_input_tokens: read,
    };
  }

  describe(batch: SimBatch, baseUrl: string, now: number): Record<string, unknown> {
    const ended = batch.endedAt !== null;
    const archived = ended && now >= batch.createdAt + this.settings.retentionMs;
    const counts = { processing: 0, succeeded: 0, errored: 0, canceled: 0, expired: 0 };
    if (!ended) counts.processing = batch.requests.length;
    else for (const r of batch.results ?? []) counts[(r['result'] as { type: keyof typeof counts }).type]++;
    return {
      id: batch.id,
      type: 'message_batch',
      processing_status: ended ? 'ended' : batch.cancelInitiatedAt !== null ? 'canceling' : 'in_progress',
      request_counts: counts,
      created_at: iso(batch.createdAt),
      expires_at: iso(batch.expiresAt),
      ended_at: iso(batch.endedAt),
      cancel_initiated_at: iso(batch.cancelInitiatedAt),
      archived_at: archived ? iso(batch.createdAt + this.settings.retentionMs) : null,
      results_url: ended && !archived ? `${baseUrl}/v1/messages/batches/${batch.id}/results` : null,
    };
  }
}

function errored(custom_id: string, type: string, message: string): Record<string, unknown> {
  return { custom_id, result: { type: 'errored', error: { type: 'error', error: { type, message } } } };
}

/** The text blocks of a request in the order the model reads them, and which carry a cache_control mark. */
function promptBlocks(params: Record<string, unknown>): Array<{ text: string; marked: boolean }> {
  type Block = { text?: unknown; cache_control?: unknown };
  const asBlocks = (value: unknown): Block[] => (Array.isArray(value) ? (value as Block[]) : [{ text: value ?? '' }]);
  const messages = Array.isArray(params['messages']) ? (params['messages'] as Array<{ content?: unknown }>) : [];
  return [...asBlocks(params['system']), ...messages.flatMap((m) => asBlocks(m.content))].map((b) => ({
    text: typeof b.text === 'string' ? b.text : JSON.stringify(b.text),
    marked: b.cache_control !== undefined,
  }));
}

/** The simulated tokenizer: about 3.5 characters a token, plus a little per block. */
function tokensOf(texts: readonly string[]): number {
  return texts.reduce((sum, t) => sum + Math.ceil(t.length / 3.5) + 3, 0);
}

/** What count_tokens answers for a request's params (the simulated tokenizer's count of its text). */
export function countTokens(params: Record<string, unknown>): number {
  return tokensOf(promptBlocks(params).map((b) => b.text));
}
