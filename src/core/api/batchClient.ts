// The Batches API as the rest of the extension sees it: a thin layer over @anthropic-ai/sdk (which owns retries,
// typed errors and the JSONL decoder) that validates every response with zod before anyone relies on it.
import type * as Sdk from './sdk';
import * as z from 'zod';
import { ClaudeBatchError, describeZodError } from '../errors';
import { RequestCountsSchema } from '../model/records';
import type { BatchRequest } from '../requests/requestBuilder';
import type { BatchBody } from '../submit/batchBody';
import { ModelInfoSchema, type ModelInfo } from '../models/modelInfo';

/**
 * The SDK is loaded when the first client is made, not when the extension starts: evaluating it is most of what
 * loading our code costs, and a window with nothing in flight never calls the API. Until then, no error can be
 * one of its errors.
 */
let sdkModule: typeof Sdk | undefined;
function loadSdk(): typeof Sdk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (sdkModule ??= require('./sdk') as typeof Sdk);
}

type SdkErrorName =
  | 'APIError'
  | 'APIConnectionError'
  | 'AuthenticationError'
  | 'PermissionDeniedError'
  | 'NotFoundError'
  | 'RateLimitError'
  | 'BadRequestError';
function isSdkError<K extends SdkErrorName>(error: unknown, name: K): error is InstanceType<(typeof Sdk)[K]> {
  return sdkModule !== undefined && error instanceof sdkModule[name];
}

export const MessageBatchSchema = z.lazy(() =>
  z.object({
    id: z.string().min(1),
    processing_status: z.enum(['in_progress', 'canceling', 'ended']),
    request_counts: RequestCountsSchema,
    created_at: z.string(),
    expires_at: z.string(),
    ended_at: z.string().nullish(),
    results_url: z.string().nullish(),
  }),
);
export type MessageBatch = z.infer<typeof MessageBatchSchema>;

const CountSchema = z.lazy(() => z.object({ input_tokens: z.number().int().min(0) }));

/** How many of the newest batches one list call returns. */
export const RECENT_PAGE = 100;

export interface ClientOptions {
  apiKey: string;
  /** Empty or undefined: the SDK's default endpoint. */
  baseURL?: string | undefined;
  maxRetries?: number;
  timeoutMs?: number;
}

/** A response that is not of the shape the API documents. */
export class InvalidResponseError extends ClaudeBatchError {
  constructor(what: string, detail: string) {
    super('invalidResponse', `The Batches API sent an unexpected ${what}: ${detail}`);
  }
}

function parseBatch(value: unknown): MessageBatch {
  const parsed = MessageBatchSchema.safeParse(value);
  if (!parsed.success) throw new InvalidResponseError('message batch', describeZodError(parsed.error));
  return parsed.data;
}

/**
 * The SDK's timeout covers the whole call, upload included, so a create's grows with its body: the base for the
 * API to answer, plus the upload at a slow 2 Mbit/s. It only has to tell a hung connection from a slow one.
 */
export const SLOW_UPLOAD_BYTES_PER_SEC = 256 * 1024;
export function createTimeoutMs(bytes: number, baseMs: number): number {
  return baseMs + Math.ceil((bytes / SLOW_UPLOAD_BYTES_PER_SEC) * 1000);
}

function parseModel(value: unknown): ModelInfo {
  const parsed = ModelInfoSchema.safeParse(value);
  if (!parsed.success) throw new InvalidResponseError('model', describeZodError(parsed.error));
  return parsed.data;
}

/** Statuses by which the API refuses a request before doing anything: retrying them cannot create a batch twice. */
function refusedBeforeWork(error: unknown): error is Sdk.APIError {
  return isSdkError(error, 'APIError') && (error.status === 429 || error.status === 529);
}

/** The wait the API asked for (retry-after, in seconds or as a date), else exponential backoff with jitter. */
export function retryDelayMs(error: Sdk.APIError, attempt: number): number {
  const header = error.headers?.get('retry-after');
  const seconds = header ? Number(header) : NaN;
  const asked = Number.isFinite(seconds) ? seconds * 1000 : header ? Date.parse(header) - Date.now() : NaN;
  if (asked > 0 && asked <= 60_000) return asked;
  return Math.min(500 * 2 ** attempt, 8000) * (1 - Math.random() * 0.25);
}

export class BatchClient {
  private readonly sdk: Sdk.BatchesSdk;
  private readonly maxRetries: number;
  private readonly timeoutMs: number;

  constructor(options: ClientOptions) {
    this.maxRetries = options.maxRetries ?? 2;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.sdk = new (loadSdk().BatchesSdk)({
      apiKey: options.apiKey,
      baseURL: options.baseURL || undefined,
      maxRetries: this.maxRetries,
      timeout: this.timeoutMs,
    });
  }

  /** Sends a body made by encodeBatches: the SDK passes a Blob through as it is, so the payload is not copied. */
  async create(body: BatchBody): Promise<MessageBatch> {
    const params = { requests: [] } as Sdk.BatchCreateParams;
    const raw = {
      body: body.blob,
      headers: { 'content-type': 'application/json' },
      timeout: createTimeoutMs(body.bytes, this.timeoutMs),
    };
    // The SDK would retry a 5xx, a timeout or a dropped connection, and each of those may come after the API made
    // the batch: a retry could pay for the same tasks twice. Create is retried only when the API refused it up
    // front; anything else goes to reconciliation, which asks the API what exists.
    for (let attempt = 0; ; attempt++) {
      try {
        return parseBatch(await this.sdk.batches.create(params, { ...raw, maxRetries: 0 }));
      } catch (error) {
        if (!refusedBeforeWork(error) || attempt >= this.maxRetries) throw error;
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs(error, attempt)));
      }
    }
  }

  async retrieve(batchId: string): Promise<MessageBatch> {
    return parseBatch(await this.sdk.batches.retrieve(batchId));
  }

  /** The newest batches of the key's workspace (one page); in-flight ones are nearly always among them. */
  async listRecent(limit = RECENT_PAGE): Promise<MessageBatch[]> {
    const page = await this.sdk.batches.list({ limit });
    return page.data.map(parseBatch);
  }

  /** Free, separately rate-limited, and validates the params as the Messages API would. */
  async countTokens(params: BatchRequest['params']): Promise<number> {
    const { model, system, messages, output_config } = params;
    // Our params are a subset of the SDK's; the cast only widens the literal types.
    const body = { model, system, messages, output_config } as unknown as Sdk.MessageCountTokensParams;
    const counted = CountSchema.safeParse(await this.sdk.countTokens(body));
    if (!counted.success) throw new InvalidResponseError('token count', describeZodError(counted.error));
    return counted.data.input_tokens;
  }

  async retrieveModel(model: string): Promise<ModelInfo> {
    return parseModel(await this.sdk.models.retrieve(model));
  }

  /** Every model the key can use, all pages (the SDK follows them). */
  async listModels(): Promise<ModelInfo[]> {
    const models: ModelInfo[] = [];
    for await (const model of this.sdk.models.list({ limit: 100 })) models.push(parseModel(model));
    return models;
  }

  async cancel(batchId: string): Promise<MessageBatch> {
    return parseBatch(await this.sdk.batches.cancel(batchId));
  }

  /** Streams the results through the SDK's JSONL decoder, one decoded line at a time. */
  async streamResults(batchId: string, onLine: (line: unknown) => Promise<void> | void): Promise<number> {
    let count = 0;
    for await (const line of await this.sdk.batches.results(batchId)) {
      await onLine(line);
      count++;
    }
    return count;
  }
}

export type ApiProblemKind =
  | 'auth'
  | 'permission'
  | 'notFound'
  | 'tooLarge'
  | 'rateLimited'
  | 'server'
  | 'network'
  | 'badRequest'
  | 'billing'
  | 'invalidResponse'
  | 'other';

export interface ApiProblem {
  kind: ApiProblemKind;
  status?: number | undefined;
  message: string;
}

/**
 * Whether a failed create certainly made no batch: the API answered with a client error or "overloaded". A dropped connection,
 * a timeout, a 5xx (after retries) or an unreadable answer leave it open, and reconciliation decides.
 */
export function certainlyNotCreated(error: unknown): boolean {
  // Only the API's own refusal proves it; any other failure may have happened after the request landed.
  return (
    isSdkError(error, 'APIError') &&
    typeof error.status === 'number' &&
    ((error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 409) ||
      error.status === 529)
  );
}

/** Classifies any error thrown by the client by the SDK's error classes, never by message text. */
export function classifyError(error: unknown): ApiProblem {
  if (error instanceof InvalidResponseError) return { kind: 'invalidResponse', message: error.message };
  if (isSdkError(error, 'APIConnectionError')) {
    return { kind: 'network', message: 'Cannot reach the Anthropic API (network down or timed out).' };
  }
  if (isSdkError(error, 'APIError')) {
    const status = typeof error.status === 'number' ? error.status : undefined;
    const body = error.error as { error?: { message?: string } } | undefined;
    const detail = body?.error?.message ?? error.message;
    if (isSdkError(error, 'AuthenticationError'))
      return { kind: 'auth', status, message: `The API key was refused: ${detail}` };
    if (isSdkError(error, 'PermissionDeniedError'))
      return { kind: 'permission', status, message: `Permission denied: ${detail}` };
    if (isSdkError(error, 'NotFoundError')) return { kind: 'notFound', status, message: `Not found: ${detail}` };
    if (isSdkError(error, 'RateLimitError')) return { kind: 'rateLimited', status, message: `Rate limited: ${detail}` };
    if (isSdkError(error, 'BadRequestError'))
      return { kind: 'badRequest', status, message: `Request rejected: ${detail}` };
    if (status === 402) return { kind: 'billing', status, message: `Billing problem: ${detail}` };
    if (status === 413) return { kind: 'tooLarge', status, message: `The batch is too large: ${detail}` };
    if (status !== undefined && status >= 500)
      return { kind: 'server', status, message: `The API is unavailable (${status}): ${detail}` };
    return { kind: 'other', status, message: detail };
  }
  return { kind: 'other', message: error instanceof Error ? error.message : String(error) };
}
