// The simulator's batch state machine: batches end after a processing delay (or early, on cancel), expire
// after their "24 h", and are archived after the results retention window. Time is read on every access.
import { randomBytes } from 'node:crypto';
import { answer, type ScenarioRule } from './model';

export interface SimSettings {
  processingMs: number;
  expiryMs: number;
  retentionMs: number;
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

const REJECTED_PARAMS = ['temperature', 'top_p', 'top_k', 'stream'];

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

export class BatchBook {
  private readonly batches = new Map<string, SimBatch>();

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
    batch.results = batch.requests.map((request, index) => this.resultFor(request, batch, expired, index));
  }

  private resultFor(request: StoredRequest, batch: SimBatch, expired: boolean, index: number): Record<string, unknown> {
    const { custom_id } = request;
    if (expired) return { custom_id, result: { type: 'expired' } };
    // Of a canceled batch, every other request "was already running" and finishes.
    if (batch.cancelInitiatedAt !== null && index % 2 === 1) return { custom_id, result: { type: 'canceled' } };
    const invalid = validateParams(request.params);
    if (invalid) return errored(custom_id, 'invalid_request_error', invalid);
    const reply = answer(request.params, this.rules);
    if (reply.kind === 'expired') return { custom_id, result: { type: 'expired' } };
    if (reply.kind === 'errored') return errored(custom_id, reply.errorType, reply.message);
    const inputChars = JSON.stringify(request.params['messages'] ?? '').length + JSON.stringify(request.params['system'] ?? '').length;
    return {
      custom_id,
      result: {
        type: 'succeeded',
        message: {
          id: `msg_${randomBytes(10).toString('hex')}`,
          type: 'message',
          role: 'assistant',
          model: request.params['model'],
          content: [{ type: 'text', text: reply.text }],
          stop_reason: reply.stopReason ?? 'end_turn',
          stop_sequence: null,
          usage: {
            input_tokens: Math.ceil(inputChars / 4),
            output_tokens: Math.ceil(reply.text.length / 4),
            cache_creation_input_tokens: 0,
            cache_read_input_tokens: 0,
          },
        },
      },
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

/** The API validates request params only when the batch runs; so does the simulator. */
export function validateParams(params: Record<string, unknown>): string | undefined {
  if (typeof params['model'] !== 'string' || !params['model']) return 'model: Field required';
  if (typeof params['max_tokens'] !== 'number' || params['max_tokens'] < 1) return 'max_tokens: Field required';
  if (!Array.isArray(params['messages']) || params['messages'].length === 0) return 'messages: Field required';
  for (const name of REJECTED_PARAMS) if (name in params) return `${name}: not supported by this model`;
  const choice = params['tool_choice'] as { type?: string } | undefined;
  if (choice && (choice.type === 'any' || choice.type === 'tool')) return 'tool_choice: forced tool use is not supported by this model';
  return undefined;
}
