// A local simulator of the Message Batches API on loopback, for tests and the demo (no API key, no network).
// Admin endpoints under /_sim/ inject faults, change timing and report how many API calls were made.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { BatchBook, countTokens, type SimSettings } from './batches';
import { loadScenario } from './model';
import { checkParams, modelOf } from './params';
import { describeModel, findModel, MODELS } from './models';

export interface SimulatorOptions extends Partial<SimSettings> {
  port?: number;
  /** When set, only this key is accepted; otherwise any non-empty key is. */
  apiKey?: string;
  scenarioFile?: string;
  log?: (line: string) => void;
}

interface Fault {
  /** Answer with this HTTP status; without one, the request is only delayed and then answered normally. */
  status?: number;
  /** Hold the answer this long first (a slow or hung API: the client's timeout fires); with `after`, once the work is done. */
  delayMs?: number;
  remaining: number;
  retryAfter?: number;
  /** Do the work first (a batch is created), then answer with `status`: the response was lost, not the request. */
  after?: boolean;
  /** Only requests whose "METHOD path" contains this text; all API requests when absent. */
  match?: string;
}

export interface Simulator {
  url: string;
  book: BatchBook;
  stats: Map<string, number>;
  close(): Promise<void>;
}

const MAX_REQUESTS = 100_000;
/** 256 MB as the API counts it: bytes, in the decimal reading (the stricter one). */
const MAX_BODY_BYTES = 256_000_000;
const CUSTOM_ID = /^[a-zA-Z0-9_-]{1,64}$/;
const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Reads a request body; with `bytesPerSec`, no faster than that, as over a slow uplink. */
async function readBody(req: http.IncomingMessage, bytesPerSec = 0): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  const started = Date.now();
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'Request exceeds the 256 MB batch size limit.');
    chunks.push(chunk as Buffer);
    const due = bytesPerSec > 0 ? started + (size / bytesPerSec) * 1000 : 0;
    if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A list page as the API gives it: newest first, `limit` 1–1000, `after_id` / `before_id` cursors. */
function page<T extends { id: string }>(items: readonly T[], url: URL, describe: (item: T) => unknown): unknown {
  const limit = Number(url.searchParams.get('limit') ?? 20);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw new HttpError(400, 'limit: must be between 1 and 1000');
  let list = [...items];
  const after = url.searchParams.get('after_id');
  const before = url.searchParams.get('before_id');
  if (after) list = list.slice(list.findIndex((b) => b.id === after) + 1);
  if (before)
    list = list.slice(
      0,
      Math.max(
        0,
        list.findIndex((b) => b.id === before),
      ),
    );
  const shown = list.slice(0, limit);
  return {
    data: shown.map(describe),
    has_more: list.length > shown.length,
    first_id: shown[0]?.id ?? null,
    last_id: shown[shown.length - 1]?.id ?? null,
  };
}

function shuffle<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const book = new BatchBook(
    {
      processingMs: options.processingMs ?? 3000,
      expiryMs: options.expiryMs ?? 24 * 3600_000,
      retentionMs: options.retentionMs ?? 29 * 24 * 3600_000,
      uploadBytesPerSec: options.uploadBytesPerSec ?? 0,
    },
    loadScenario(options.scenarioFile),
  );
  const faults: Fault[] = [];
  /** Until this time (epoch ms), API connections are dropped without an answer, as when the network is down. */
  let downUntil = 0;
  const stats = new Map<string, number>();
  const log = options.log ?? (() => undefined);
  let baseUrl = '';

  const send = (
    res: http.ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void => {
    res.writeHead(status, {
      'content-type': 'application/json',
      'request-id': `req_${randomBytes(8).toString('hex')}`,
      ...headers,
    });
    res.end(JSON.stringify(body));
  };

  const authenticate = (req: http.IncomingMessage): void => {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const key = bearer ?? (req.headers['x-api-key'] as string | undefined);
    if (!key) throw new HttpError(401, 'x-api-key header or Bearer authorization is required');
    if (options.apiKey !== undefined && key !== options.apiKey) throw new HttpError(401, 'invalid x-api-key');
  };

  const faultError = (fault: Fault & { status: number }): HttpError => {
    const headers: Record<string, string> =
      fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {};
    return new HttpError(fault.status, `Simulated ${fault.status}`, headers);
  };

  /** Delays or refuses a request as a fault says; returns a fault to raise after the request has done its work. */
  const injectFault = async (route: string): Promise<(Fault & { status: number }) | undefined> => {
    const fault = faults.find((f) => f.remaining > 0 && (!f.match || route.includes(f.match)));
    if (!fault) return undefined;
    fault.remaining--;
    if (fault.after && fault.status !== undefined) return { ...fault, status: fault.status };
    if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (fault.status === undefined) return undefined;
    throw faultError({ ...fault, status: fault.status });
  };

  const admin = async (req: http.IncomingMessage, res: http.ServerResponse, path: string): Promise<void> => {
    if (path === '/_sim/stats') return send(res, 200, Object.fromEntries(stats));
    // Every batch as the API describes it (newest first), without counting as an API call.
    if (path === '/_sim/batches')
      return send(
        res,
        200,
        book.all(Date.now()).map((b) => book.describe(b, baseUrl, Date.now())),
      );
    // What a batch's requests were, as received: tests check what the extension sent.
    const requestsOf = /^\/_sim\/batches\/([^/]+)\/requests$/.exec(path);
    if (requestsOf) {
      const batch = book.get(decodeURIComponent(requestsOf[1]!), Date.now());
      return batch ? send(res, 200, batch.requests) : send(res, 404, { error: 'no such batch' });
    }
    const body = req.method === 'POST' ? (JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>) : {};
    if (path === '/_sim/faults') {
      faults.push({
        remaining: Number(body['count'] ?? 1),
        ...(body['status'] !== undefined ? { status: Number(body['status']) } : {}),
        ...(body['delayMs'] !== undefined ? { delayMs: Number(body['delayMs']) } : {}),
        ...(body['retryAfter'] !== undefined ? { retryAfter: Number(body['retryAfter']) } : {}),
        ...(typeof body['match'] === 'string' ? { match: body['match'] } : {}),
        ...(body['after'] === true ? { after: true } : {}),
      });
      return send(res, 200, { ok: true });
    }
    if (path === '/_sim/settings') {
      for (const key of ['processingMs', 'expiryMs', 'retentionMs', 'uploadBytesPerSec'] as const)
        if (typeof body[key] === 'number') book.settings[key] = body[key];
      return send(res, 200, book.settings);
    }
    if (path === '/_sim/finish') return send(res, 200, { finished: book.finishAll(Date.now()) });
    if (path === '/_sim/down') {
      downUntil = Date.now() + Number(body['ms'] ?? 5000);
      return send(res, 200, { downUntil });
    }
    if (path === '/_sim/forget') {
      // As if the batch were deleted elsewhere, or belonged to another workspace's key: the API answers 404.
      const id = String(body['id'] ?? '');
      book.delete(id);
      return send(res, 200, { forgot: id });
    }
    if (path === '/_sim/reset') {
      faults.length = 0;
      downUntil = 0;
      stats.clear();
      return send(res, 200, { ok: true });
    }
    throw new HttpError(404, `No admin route ${path}`);
  };

  const api = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> => {
    const now = Date.now();
    if (url.pathname === '/v1/messages/count_tokens' && req.method === 'POST') {
      // Free token counting; it validates the params as a real request would (the dry run before a batch).
      const params = JSON.parse(await readBody(req)) as Record<string, unknown>;
      const refused = checkParams(params, 'count_tokens');
      if (refused) throw new HttpError(refused.status, refused.message);
      const model = modelOf(params);
      const tokens = countTokens(params);
      if (!('status' in model) && tokens > model.maxInputTokens)
        throw new HttpError(400, `prompt is too long: ${tokens} tokens > ${model.maxInputTokens} maximum`);
      return send(res, 200, { input_tokens: tokens });
    }
    if (url.pathname === '/v1/models' && req.method === 'GET')
      return send(
        res,
        200,
        page(
          MODELS.filter((m) => m.lifecycle !== 'retired' && !m.restricted),
          url,
          describeModel,
        ),
      );
    if (url.pathname.startsWith('/v1/models/') && req.method === 'GET') {
      const id = decodeURIComponent(url.pathname.slice('/v1/models/'.length));
      const model = findModel(id);
      if (!model) throw new HttpError(404, `model: ${id}`);
      if (model.restricted) throw new HttpError(403, `Your organization does not have access to model ${model.id}.`);
      return send(res, 200, describeModel(model));
    }
    const parts = url.pathname.split('/').filter(Boolean); // v1 messages batches [id] [action]
    if (parts[0] !== 'v1' || parts[1] !== 'messages' || parts[2] !== 'batches')
      throw new HttpError(404, `No route ${url.pathname}`);
    const [, , , id, action] = parts;
    if (!id && req.method === 'POST') {
      const body = JSON.parse(await readBody(req, book.settings.uploadBytesPerSec)) as {
        requests?: Array<{ custom_id?: unknown; params?: unknown }>;
      };
      const requests = body.requests;
      if (!Array.isArray(requests) || requests.length === 0)
        throw new HttpError(400, 'requests: must be a non-empty list');
      if (requests.length > MAX_REQUESTS)
        throw new HttpError(400, `requests: at most ${MAX_REQUESTS} requests per batch`);
      const seen = new Set<string>();
      requests.forEach((r, i) => {
        if (typeof r.custom_id !== 'string' || !CUSTOM_ID.test(r.custom_id))
          throw new HttpError(400, `requests.${i}.custom_id: must match ^[a-zA-Z0-9_-]{1,64}$`);
        if (seen.has(r.custom_id))
          throw new HttpError(400, `requests.${i}.custom_id: duplicate custom_id "${r.custom_id}"`);
        seen.add(r.custom_id);
        if (typeof r.params !== 'object' || r.params === null)
          throw new HttpError(400, `requests.${i}.params: Field required`);
      });
      const batch = book.create(requests as Array<{ custom_id: string; params: Record<string, unknown> }>, now);
      return send(res, 200, book.describe(batch, baseUrl, now));
    }
    if (!id && req.method === 'GET')
      return send(
        res,
        200,
        page(book.all(now), url, (b) => book.describe(b, baseUrl, now)),
      );
    const batch = id ? book.get(id, now) : undefined;
    if (!batch) throw new HttpError(404, `Batch ${id} not found`);
    if (!action && req.method === 'GET') return send(res, 200, book.describe(batch, baseUrl, now));
    if (action === 'cancel' && req.method === 'POST') {
      book.cancel(batch, now);
      return send(res, 200, book.describe(batch, baseUrl, now));
    }
    if (!action && req.method === 'DELETE') {
      if (batch.endedAt === null) throw new HttpError(400, 'Batch is still in progress; cancel it first.');
      book.delete(batch.id);
      return send(res, 200, { id: batch.id, type: 'message_batch_deleted' });
    }
    if (action === 'results' && req.method === 'GET') {
      const described = book.describe(batch, baseUrl, now);
      if (!batch.results || !described['results_url'])
        throw new HttpError(404, 'Results are not available for this batch.');
      res.writeHead(200, { 'content-type': 'application/binary' });
      for (const line of shuffle(batch.results)) res.write(`${JSON.stringify(line)}\n`);
      res.end();
      return;
    }
    throw new HttpError(404, `No route ${req.method} ${url.pathname}`);
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', baseUrl);
    const route = `${req.method} ${url.pathname}`;
    const handle = async (): Promise<void> => {
      if (url.pathname.startsWith('/_sim/')) return admin(req, res, url.pathname);
      if (Date.now() < downUntil) {
        req.socket.destroy();
        return;
      }
      stats.set(
        route.replace(/msgbatch_[0-9a-f]+/, '{id}'),
        (stats.get(route.replace(/msgbatch_[0-9a-f]+/, '{id}')) ?? 0) + 1,
      );
      stats.set('total', (stats.get('total') ?? 0) + 1);
      authenticate(req);
      const lostAnswer = await injectFault(route);
      // A client that gave up while the answer was held back is gone: answering it would only log an error.
      if (req.socket.destroyed) return;
      if (lostAnswer) {
        // The work is done, but its answer is replaced by the fault: the client cannot know it succeeded.
        await api(req, new http.ServerResponse(req), url);
        // Held after the work: a client stopped meanwhile (Ctrl+C) never learns the batch was made.
        if (lostAnswer.delayMs) await new Promise((resolve) => setTimeout(resolve, lostAnswer.delayMs));
        if (req.socket.destroyed) return;
        throw faultError(lostAnswer);
      }
      await api(req, res, url);
    };
    handle()
      .then(() => log(`${route} → ${res.statusCode}`))
      .catch((error: unknown) => {
        const status = error instanceof HttpError ? error.status : error instanceof SyntaxError ? 400 : 500;
        const headers = error instanceof HttpError ? error.headers : {};
        log(`${route} → ${status} ${(error as Error).message}`);
        if (!res.headersSent) {
          send(
            res,
            status,
            { type: 'error', error: { type: ERROR_TYPES[status] ?? 'api_error', message: (error as Error).message } },
            headers,
          );
        } else res.destroy();
      });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: baseUrl,
    book,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
