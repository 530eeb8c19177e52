// The service and the real @anthropic-ai/sdk over HTTP against the local simulator: no mocks of our own code.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { BatchClient, classifyError } from '../../../src/core/api/batchClient';
import type { BatchService, BatchApi, TaskDraft } from '../../../src/core/batchService';
import { createWorkspaceService } from '../../../src/core/workspaceService';
import type { BatchRequest } from '../../../src/core/requests/requestBuilder';
import { encodeBatches, type BatchBody, type BatchLimits } from '../../../src/core/submit/batchBody';
import { isClaudeBatchError, PartialSubmitError } from '../../../src/core/errors';

/** The client's methods as plain functions, so a test can replace one of them. */
function bind(client: BatchClient): BatchApi {
  return {
    create: (r) => client.create(r),
    retrieve: (id) => client.retrieve(id),
    listRecent: (limit) => client.listRecent(limit),
    cancel: (id) => client.cancel(id),
    streamResults: (id, onLine) => client.streamResults(id, onLine),
    countTokens: (params) => client.countTokens(params),
    retrieveModel: (model) => client.retrieveModel(model),
    listModels: () => client.listModels(),
  };
}
import { taskState } from '../../../src/core/model/records';
import { startSimulator, type Simulator } from '../../../tools/simulator/server';
import { InMemoryMemento, tempDir, firstOf } from '../../helpers/fakes';

const settings = { model: 'claude-sonnet-5-5', maxTokens: 2048 };
const source = 'export function greet(name) {\n  return "Hello " + name;\n}\n';

function draft(instruction: string, relPath = 'src/greet.js'): TaskDraft {
  return { instruction, folderUri: 'file:///ws', relPath, fileUri: `file:///ws/${relPath}`, text: source };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('BatchService against the simulator (real SDK over HTTP)', () => {
  let sim: Simulator;
  let tmp: ReturnType<typeof tempDir>;
  let service: BatchService;
  let apiKey: string;

  const makeServiceWith = (
    dir: string,
    memento: InMemoryMemento,
    wrap: (real: BatchApi) => Promise<BatchApi>,
    now?: () => Date,
    limits?: BatchLimits,
  ): BatchService => {
    return createWorkspaceService({
      files: {
        tasks: path.join(dir, 'store'),
        snapshots: path.join(dir, 'snapshots'),
        results: path.join(dir, 'results'),
      },
      state: memento,
      workspaceKey: 'ws',
      api: async () => wrap(bind(new BatchClient({ apiKey, baseURL: sim.url, maxRetries: 2 }))),
      ...(now ? { now } : {}),
      ...(limits ? { limits } : {}),
    });
  };
  const makeService = (dir: string, memento = new InMemoryMemento()): BatchService =>
    makeServiceWith(dir, memento, async (api) => api);
  /** A window whose extension host is killed inside create(), after `create` reached the API. */
  const diesAfterCreating = (
    memento: InMemoryMemento,
    create: (real: BatchApi, body: BatchBody) => Promise<unknown>,
  ): BatchService =>
    makeServiceWith(tmp.dir, memento, async (real) => ({
      ...real,
      create: async (body) => {
        await create(real, body);
        throw new Error('extension host killed');
      },
    }));

  beforeEach(async () => {
    sim = await startSimulator({ processingMs: 200, apiKey: 'sk-test-key' });
    apiKey = 'sk-test-key';
    tmp = tempDir();
    service = makeService(tmp.dir);
  });
  afterEach(async () => {
    await sim.close();
    tmp.cleanup();
  });

  it('submits the queue, polls to the end, downloads results out of order and matches them by custom_id', async () => {
    const { queued } = await service.queue([
      draft('replace "Hello " with "Hi "'),
      draft('Review and list problems'),
      draft('[sim:errored] please'),
      draft('[sim:expired] please'),
      draft('[sim:malformed] please'),
    ]);
    assert.equal(queued.length, 5);
    const record = firstOf(await service.submit(settings, 'my batch'), 'batch');
    assert.equal(record.name, 'my batch');
    assert.equal(service.store.pending().length, 0);
    assert.deepEqual(service.summary(), { queued: 0, running: 1, ready: 0 });

    const ended = await until('the batch to end', async () => {
      const { justEnded } = await service.poll(record.id);
      return justEnded;
    });
    assert.deepEqual([ended.ready, ended.answers, ended.errored, ended.expired], [1, 2, 1, 1]);
    const byInstruction = new Map(service.store.tasksOf(record.id).map((t) => [t.instruction, t]));
    const edit = byInstruction.get('replace "Hello " with "Hi "')!;
    assert.deepEqual(edit.outcome?.type === 'edits' && edit.outcome.edits, [{ old_text: 'Hello ', new_text: 'Hi ' }]);
    assert.equal(taskState(byInstruction.get('[sim:errored] please')!), 'errored');
    assert.match(JSON.stringify(byInstruction.get('[sim:errored] please')!.outcome), /Simulated error/);
    assert.equal(taskState(byInstruction.get('[sim:expired] please')!), 'expired');
    const malformed = byInstruction.get('[sim:malformed] please')!;
    assert.ok(malformed.outcome?.type === 'answer' && /not valid JSON/.test(malformed.outcome.reason ?? ''));

    const plan = await service.review.plan(edit, source);
    assert.deepEqual(plan, { ok: true, text: source.replace('Hello ', 'Hi '), reanchored: false, created: [] });

    const raw = await fs.readFile(path.join(tmp.dir, 'results', `${record.id}.jsonl`), 'utf8');
    assert.equal(raw.trim().split('\n').length, 5, 'the raw JSONL is kept on disk');
    assert.deepEqual(service.summary(), { queued: 0, running: 0, ready: 3 });
    // Mid-download (outcomes stored, batch not yet marked downloaded) nothing counts as ready yet.
    await service.registry.update(record.id, (r) => ({ ...r, resultsIngested: false }));
    assert.equal(service.summary().ready, 0);
    await service.registry.update(record.id, (r) => ({ ...r, resultsIngested: true }));

    const again = await service.poll(record.id);
    assert.equal(again.justEnded, undefined, 'a finished batch is processed once');
  });

  it('estimates with tokens counted by the API, sampling a large queue, and from past results once there are some', async () => {
    await service.queue(Array.from({ length: 30 }, (_, i) => draft(`Add doc comments ${i}`)));
    const local = await service.estimate(service.submittable(), settings);
    assert.ok(local.priced && local.input.kind === 'local' && local.output.kind === 'rule');
    const counted = await service.estimate(service.submittable(), settings, true);
    assert.ok(counted.priced);
    assert.deepEqual(counted.input, { kind: 'sampled', counted: 20, of: 30 });
    assert.equal(sim.stats.get('POST /v1/messages/count_tokens'), 20, 'counting is rate-limited: only a sample');
    assert.notEqual(counted.inputTokens, local.inputTokens, "the API's count replaces the local guess");
    assert.ok(counted.batchUsd > 0 && Math.abs(counted.standardUsd - 2 * counted.batchUsd) < 1e-9);

    const record = firstOf(await service.submit(settings), 'batch');
    await until('the batch to end', async () => (await service.poll(record.id)).justEnded);
    await service.queue([draft('Write unit tests again')]);
    const later = await service.estimate(service.submittable(), settings, true);
    assert.ok(later.priced);
    assert.deepEqual([later.input.kind, later.output], ['counted', { kind: 'history', samples: 30 }]);
  });

  it('a request the API refuses is found by counting its tokens, before anything is submitted', async () => {
    await service.queue([draft('Add doc comments')]);
    await assert.rejects(
      service.estimate(service.submittable(), { ...settings, model: '' }, true),
      (error: Error) => isClaudeBatchError(error, 'dryRunRejected') && /model: Field required/.test(error.message),
    );
    assert.equal(sim.stats.get('POST /v1/messages/batches') ?? 0, 0);
    apiKey = 'sk-wrong';
    const offline = await service.estimate(service.submittable(), settings, true);
    assert.ok(
      offline.priced && offline.input.kind === 'local' && /API key was refused/.test(offline.input.why),
      'any other failure falls back to a labelled local estimate',
    );
  });

  it('puts tasks on one file side by side and caches their shared prefix for an hour; a cold batch mostly writes it, the next batch reads it', async () => {
    const big = `${'// a long file that several tasks share\n'.repeat(150)}export function greet(name) {\n  return "Hello " + name;\n}\n`;
    const on = (relPath: string, instruction: string, text = big): TaskDraft => ({
      ...draft(instruction, relPath),
      text,
    });
    await service.queue([
      on('src/a.js', 'Review and list problems'),
      on('src/b.js', 'Explain it', 'short'),
      on('src/a.js', 'Add doc comments'),
      on('src/a.js', 'Write unit tests'),
    ]);
    const requests: BatchRequest[] = [];
    for await (const { request } of service.requestsFor(service.submittable(), settings)) requests.push(request);
    const order = requests.map((r) => service.store.find(r.custom_id)!.relPath);
    assert.deepEqual(order, ['src/a.js', 'src/a.js', 'src/a.js', 'src/b.js'], 'tasks sharing a file are adjacent');
    assert.deepEqual(
      requests.map((r) => r.params.messages[0]!.content[0]!.cache_control?.ttl ?? null),
      ['1h', '1h', '1h', null],
      'only a shared prefix is marked',
    );
    const usagesOf = (batchId: string) =>
      service.store
        .tasksOf(batchId)
        .filter((t) => t.relPath === 'src/a.js')
        .map((t) => (t.outcome && 'usage' in t.outcome ? t.outcome.usage : undefined));
    const cold = firstOf(await service.submit(settings), 'batch');
    await until('the batch to end', async () => (await service.poll(cold.id)).justEnded);
    const written = (u: ReturnType<typeof usagesOf>[number]) => (u?.cache_creation_input_tokens ?? 0) > 0;
    const read = (u: ReturnType<typeof usagesOf>[number]) => (u?.cache_read_input_tokens ?? 0) > 0;
    assert.equal(usagesOf(cold.id).filter(written).length, 3, 'requests that run side by side each pay the write');
    assert.equal(usagesOf(cold.id).filter(read).length, 0, 'so a cold batch reads nothing');
    await service.queue([on('src/a.js', 'Explain it again'), on('src/a.js', 'Add doc comments, shorter')]);
    const warm = firstOf(await service.submit(settings), 'batch');
    await until('the next batch to end', async () => (await service.poll(warm.id)).justEnded);
    assert.equal(usagesOf(warm.id).filter(read).length, 2, 'a batch right after reads what the first one wrote');
    const report = service.costReport(settings);
    assert.ok(report.total.usage.cacheRead > 0 && report.total.batchUsd < report.total.standardUsd);
  });

  it('refuses a duplicate while the first is pending, unless allowed', async () => {
    await service.queue([draft('Add doc comments')]);
    const second = await service.queue([draft('Add doc comments')]);
    assert.equal(second.queued.length, 0);
    assert.equal(second.skipped.length, 1);
    const forced = await service.queue([draft('Add doc comments')], true);
    assert.equal(forced.queued.length, 1);
  });

  it('resumes from persisted state after a restart (new service, same storage)', async () => {
    const memento = new InMemoryMemento();
    const first = makeService(tmp.dir, memento);
    await first.queue([draft('replace "name" with "who"')]);
    const record = firstOf(await first.submit(settings), 'batch');
    const second = makeService(tmp.dir, memento);
    await second.store.load();
    assert.deepEqual(
      second.registry.inFlight().map((r) => r.id),
      [record.id],
    );
    const ended = await until('the batch to end', async () => (await second.poll(record.id)).justEnded);
    assert.equal(ended.ready, 1);
  });

  it('turns a wrong key into an auth error', async () => {
    apiKey = 'sk-wrong';
    await service.queue([draft('Add doc comments')]);
    await assert.rejects(service.submit(settings), (error: unknown) => classifyError(error).kind === 'auth');
    assert.equal(service.store.pending().length, 1, 'the task stays queued');
  });

  it('rides out a 429 with retry-after through the SDK retries', async () => {
    await fetch(`${sim.url}/_sim/faults`, {
      method: 'POST',
      body: JSON.stringify({ status: 429, count: 1, retryAfter: 0, match: 'POST /v1/messages/batches' }),
    });
    await service.queue([draft('Add doc comments')]);
    const record = firstOf(await service.submit(settings), 'batch');
    assert.match(record.id, /^msgbatch_/);
    assert.equal(sim.stats.get('POST /v1/messages/batches'), 2, 'one 429 then one success');
  });

  it("splits a queue over the API's limits into several batches of one submission, and says so if part of it fails", async () => {
    const memento = new InMemoryMemento();
    const small = { maxRequests: 2, maxBytes: 256 * 1024 * 1024 };
    let creates = 0;
    const splitting = makeServiceWith(tmp.dir, memento, async (real) => ({ ...real }), undefined, small);
    await splitting.queue(['a', 'b', 'c', 'd', 'e'].map((n) => draft(`replace "name" with "${n}"`, `src/${n}.js`)));
    const records = await splitting.submit(settings, 'docs');
    assert.equal(records.length, 3);
    assert.deepEqual(
      records.map((r) => [r.name, r.part?.index, r.part?.of, r.taskIds.length]),
      [
        ['docs', 1, 3, 2],
        ['docs', 2, 3, 2],
        ['docs', 3, 3, 1],
      ],
    );
    assert.equal(new Set(records.map((r) => r.part?.submissionId)).size, 1, 'one submission');
    assert.equal(sim.stats.get('POST /v1/messages/batches'), 3);
    assert.equal(splitting.store.pending().length, 0);

    // The API refuses the second part: the first is kept and tracked, the rest stay queued.
    const failing = makeServiceWith(
      tmp.dir,
      memento,
      async (real) => ({
        ...real,
        create: async (body) => {
          if (++creates === 2)
            await fetch(`${sim.url}/_sim/faults`, { method: 'POST', body: JSON.stringify({ status: 413, count: 1 }) });
          return real.create(body);
        },
      }),
      undefined,
      small,
    );
    await failing.store.load();
    await failing.queue(['f', 'g', 'h', 'i'].map((n) => draft(`replace "name" with "${n}"`, `src/${n}.js`)));
    await assert.rejects(
      failing.submit(settings, 'more'),
      (error: unknown) =>
        error instanceof PartialSubmitError && error.submitted.length === 1 && error.notSubmitted === 2,
    );
    assert.equal(failing.store.pending().length, 2, 'the tasks of the refused part are still queued');
    assert.equal(failing.submittable().length, 2, 'and free to submit again');
    assert.equal(failing.registry.list().filter((r) => r.name === 'more').length, 1);
  });

  it('never retries a create whose answer was lost (500 after the batch was made); reconciliation adopts it', async () => {
    await fetch(`${sim.url}/_sim/faults`, {
      method: 'POST',
      body: JSON.stringify({ status: 500, count: 1, after: true, match: 'POST /v1/messages/batches' }),
    });
    await service.queue([draft('Add doc comments')]);
    await assert.rejects(service.submit(settings), (error: unknown) => classifyError(error).kind === 'server');
    assert.equal(sim.stats.get('POST /v1/messages/batches'), 1, 'sent once: the SDK did not retry it');
    assert.equal(service.submittable().length, 0, 'the task is held until the API says what exists');
    const report = await service.submitter.reconcile();
    assert.deepEqual(
      report.map((r) => r.outcome),
      ['adopted'],
    );
    assert.equal(sim.book.all(Date.now()).length, 1, 'one batch in the API');
    assert.equal(service.store.pending().length, 0);
  });

  it('retries a create the API refused up front (529 overloaded), and frees the tasks if it keeps refusing', async () => {
    await fetch(`${sim.url}/_sim/faults`, {
      method: 'POST',
      body: JSON.stringify({ status: 529, count: 1, retryAfter: 0, match: 'POST /v1/messages/batches' }),
    });
    await service.queue([draft('Add doc comments')]);
    const record = firstOf(await service.submit(settings), 'batch');
    assert.match(record.id, /^msgbatch_/);
    assert.equal(sim.stats.get('POST /v1/messages/batches'), 2, 'one 529, then one success');
    await service.queue([draft('Review and list problems')]);
    await fetch(`${sim.url}/_sim/faults`, {
      method: 'POST',
      body: JSON.stringify({ status: 529, count: 3, retryAfter: 0, match: 'POST /v1/messages/batches' }),
    });
    await assert.rejects(service.submit(settings));
    assert.equal(service.submittable().length, 1, 'overloaded means nothing was made: the task is free at once');
  });

  it('after a crash between "batch created" and "id saved", adopts the batch on restart and never resubmits', async () => {
    const memento = new InMemoryMemento();
    const first = makeService(tmp.dir, memento);
    await first.queue([draft('replace "name" with "who"'), draft('Review and list problems')]);
    // The window dies inside create(): the request reached the API, the id was never saved.
    const crashing = diesAfterCreating(memento, (real, body) => real.create(body));
    await crashing.store.load();
    await assert.rejects(crashing.submit(settings), /killed/);
    assert.equal(crashing.submittable().length, 0, 'the tasks are held until we know what happened');

    const restarted = makeService(tmp.dir, memento);
    await restarted.store.load();
    const report = await restarted.submitter.reconcile();
    assert.deepEqual(
      report.map((r) => r.outcome),
      ['adopted'],
    );
    assert.equal(restarted.registry.list().length, 1);
    assert.equal(restarted.store.pending().length, 0);
    assert.equal(sim.stats.get('POST /v1/messages/batches'), 1, 'the batch was sent exactly once');
    const ended = await until(
      'the adopted batch to end',
      async () => (await restarted.poll(report[0]!.batchId!)).justEnded,
    );
    assert.equal(ended.ready + ended.answers, 2, 'results match the tasks by custom_id');
  });

  it("tells two look-alike batches apart by their results' custom_ids once they end, else asks", async () => {
    sim.book.settings.processingMs = 60_000;
    const memento = new InMemoryMemento();
    const first = makeService(tmp.dir, memento);
    await first.queue([draft('replace "name" with "who"'), draft('Review and list problems')]);
    // Another tool on the same API key sends a batch of the same size at the same moment as ours, which dies.
    const crashing = diesAfterCreating(memento, async (real, body) => {
      const { requests } = JSON.parse(await body.blob.text()) as { requests: BatchRequest[] };
      const [theirs] = await encodeBatches(requests.map((r, i) => ({ ...r, custom_id: `someone-else-${i}` })));
      await real.create(theirs!);
      await real.create(body);
    });
    await crashing.store.load();
    await assert.rejects(crashing.submit(settings), /killed/);

    const restarted = makeService(tmp.dir, memento);
    await restarted.store.load();
    assert.deepEqual(
      (await restarted.submitter.reconcile()).map((r) => r.outcome),
      ['ambiguous'],
      'running batches cannot be told apart',
    );
    sim.book.finishAll(Date.now());
    const report = await restarted.submitter.reconcile();
    assert.deepEqual(
      report.map((r) => r.outcome),
      ['adopted'],
    );
    assert.deepEqual([...restarted.store.tasksOf(report[0]!.batchId!)].map((t) => t.instruction).sort(), [
      'Review and list problems',
      'replace "name" with "who"',
    ]);
    assert.equal(restarted.submitter.openIntents().length, 0);
  });

  it('frees the tasks when an interrupted submission never reached the API', async () => {
    const memento = new InMemoryMemento();
    let clock = Date.now();
    const service = makeServiceWith(
      tmp.dir,
      memento,
      async (real) => ({
        ...real,
        create: async () => {
          throw new Error('died before sending');
        },
      }),
      () => new Date(clock),
    );
    await service.queue([draft('Add doc comments')]);
    await assert.rejects(service.submit(settings));
    assert.equal(service.submittable().length, 0);
    clock += 120_000;
    const report = await service.submitter.reconcile();
    assert.deepEqual(
      report.map((r) => r.outcome),
      ['notCreated'],
    );
    assert.equal(service.submittable().length, 1);
  });

  it('releases the tasks at once when the API refused the batch (nothing was created)', async () => {
    apiKey = 'sk-wrong';
    await service.queue([draft('Add doc comments')]);
    await assert.rejects(service.submit(settings));
    assert.equal(service.submittable().length, 1);
  });

  it('takes over the download of a window that died mid-way, and records each task once', async () => {
    await service.queue([draft('replace "name" with "who"'), draft('Review and list problems')]);
    const record = firstOf(await service.submit(settings), 'batch');
    // What a window killed mid-download leaves behind: its claim and a half-written results file.
    const file = path.join(tmp.dir, 'results', `${record.id}.jsonl`);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(`${file}.part`, '{"custom_id":"half');
    await fs.writeFile(`${file}.claim`, '99999');
    await until('the batch to end at the API', async () =>
      (await service.poll(record.id)).record.status === 'ended' ? true : undefined,
    );
    assert.equal(
      sim.stats.get('GET /v1/messages/batches/{id}/results') ?? 0,
      0,
      'a fresh claim means another window is downloading: wait',
    );
    assert.equal(service.summary().ready, 0);
    // Ten minutes on, the claim is stale: its window is gone, so this one downloads and records everything.
    const stale = new Date(Date.now() - 11 * 60_000);
    await fs.utimes(`${file}.claim`, stale, stale);
    const { justEnded } = await service.poll(record.id);
    assert.deepEqual([justEnded?.ready, justEnded?.answers, justEnded?.problems.length], [1, 1, 0]);
    assert.equal(sim.stats.get('GET /v1/messages/batches/{id}/results'), 1);
    assert.equal(
      (await fs.readFile(file, 'utf8')).trim().split('\n').length,
      2,
      'the half-written file was replaced, not appended to',
    );
    await assert.rejects(fs.access(`${file}.claim`), 'the claim is released');
    assert.equal((await service.poll(record.id)).justEnded, undefined, 'recorded once');
  });

  it("records a batch's results exactly once, even when a second window checks it too", async () => {
    const memento = new InMemoryMemento();
    const windowA = makeService(tmp.dir, memento);
    const windowB = makeService(tmp.dir, memento);
    await windowA.queue([draft('replace "name" with "who"')]);
    const record = firstOf(await windowA.submit(settings), 'batch');
    await until('the batch to end', async () => (await windowA.poll(record.id)).justEnded);
    const downloads = sim.stats.get('GET /v1/messages/batches/{id}/results');
    assert.equal(downloads, 1, 'window A downloaded the results once');
    // Window B, not yet aware that A recorded the results, finds them on disk instead of downloading again.
    await memento.update(
      'claudeBatch.batches.v1',
      memento
        .get<Array<Record<string, unknown>>>('claudeBatch.batches.v1')!
        .map((r) => ({ ...r, resultsIngested: false })),
    );
    const { justEnded } = await windowB.poll(record.id);
    assert.equal(justEnded?.ready, 1);
    assert.equal(sim.stats.get('GET /v1/messages/batches/{id}/results'), downloads, 'no second download');
  });

  it('checks many batches in flight with one API call', async () => {
    await sim.close();
    sim = await startSimulator({ processingMs: 60_000, apiKey });
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      await service.queue([draft(`task ${i}`)]);
      ids.push((await service.submit(settings))[0]!.id);
    }
    const before = sim.stats.get('total') ?? 0;
    const results = await service.pollMany(ids);
    assert.equal((sim.stats.get('total') ?? 0) - before, 1, 'one list call for twelve batches');
    assert.deepEqual([...results.keys()], ids);
    assert.ok([...results.values()].every((r) => 'record' in r && r.record.status === 'in_progress'));
  });

  it('classifies a batch unknown to the API as not found', async () => {
    await assert.rejects(
      new BatchClient({ apiKey, baseURL: sim.url }).retrieve('msgbatch_nope'),
      (e: unknown) => classifyError(e).kind === 'notFound',
    );
  });

  it('cancels a batch; finished requests keep results, the rest come back canceled and can be retried', async () => {
    await sim.close();
    sim = await startSimulator({ processingMs: 60_000, apiKey });
    await service.queue([draft('a replace "x" with "y"'), draft('b review'), draft('c review'), draft('d review')]);
    const record = firstOf(await service.submit(settings), 'batch');
    const canceled = await service.cancel(record.id);
    assert.equal(canceled?.status, 'canceling');
    const ended = await until('the canceled batch to end', async () => (await service.poll(record.id)).justEnded);
    assert.equal(ended.canceled, 2);
    assert.equal((await service.retryFailed(record.id, settings)).retried, 2);
    assert.equal(service.store.pending().length, 2);
    assert.equal((await service.retryFailed(record.id, settings)).retried, 0, 'retried tasks are not retried twice');
  });
});
