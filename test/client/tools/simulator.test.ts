// The local Batches API simulator reproduces what shared/notes/batches-api.md lists; checked through the real SDK.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { startSimulator, type Simulator } from '../../../tools/simulator/server';
import { tempDir } from '../../helpers/fakes';

const request = (custom_id: string, instruction = 'Review and list problems') => ({
  custom_id,
  params: {
    model: 'claude-sonnet-5-5',
    max_tokens: 16_000,
    messages: [{ role: 'user' as const, content: `<instruction>\n${instruction}\n</instruction>` }],
  },
});

async function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('timed out');
}

describe('Batches API simulator', () => {
  let sim: Simulator;
  let client: Anthropic;
  beforeEach(async () => {
    sim = await startSimulator({ processingMs: 100 });
    client = new Anthropic({ apiKey: 'k', baseURL: sim.url, maxRetries: 0 });
  });
  afterEach(() => sim.close());

  it('lists newest first with cursors', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await client.messages.batches.create({ requests: [request(`r${i}`)] })).id);
    const first = await client.messages.batches.list({ limit: 2 });
    assert.deepEqual(
      first.data.map((b) => b.id),
      [ids[4], ids[3]],
    );
    assert.equal(first.has_more, true);
    const next = await client.messages.batches.list({ limit: 2, after_id: first.last_id! });
    assert.deepEqual(
      next.data.map((b) => b.id),
      [ids[2], ids[1]],
    );
    const before = await client.messages.batches.list({ limit: 10, before_id: ids[1]! });
    assert.deepEqual(
      before.data.map((b) => b.id),
      [ids[4], ids[3], ids[2]],
    );
    const all: string[] = [];
    for await (const batch of client.messages.batches.list({ limit: 2 })) all.push(batch.id);
    assert.deepEqual(all, [...ids].reverse(), 'the SDK pages through every batch');
  });

  it('rejects invalid and duplicate custom_ids and empty batches', async () => {
    await assert.rejects(
      client.messages.batches.create({ requests: [request('bad id!')] }),
      (e: unknown) => e instanceof Anthropic.BadRequestError && /custom_id/.test(e.message),
    );
    await assert.rejects(
      client.messages.batches.create({ requests: [request('a'), request('a')] }),
      /duplicate custom_id/,
    );
    await assert.rejects(client.messages.batches.create({ requests: [] }), Anthropic.BadRequestError);
  });

  it('validates request params only when the batch runs, like the API', async () => {
    const bad = { custom_id: 'x', params: { ...request('x').params, temperature: 0.2 } };
    const batch = await client.messages.batches.create({ requests: [bad, request('ok')] });
    await until(async () =>
      (await client.messages.batches.retrieve(batch.id)).processing_status === 'ended' ? true : undefined,
    );
    const results = new Map<string, string>();
    for await (const r of await client.messages.batches.results(batch.id)) results.set(r.custom_id, r.result.type);
    assert.deepEqual(Object.fromEntries(results), { x: 'errored', ok: 'succeeded' });
  });

  it('deletes only ended batches', async () => {
    const batch = await client.messages.batches.create({ requests: [request('a')] });
    await assert.rejects(client.messages.batches.delete(batch.id), Anthropic.BadRequestError);
    await until(async () =>
      (await client.messages.batches.retrieve(batch.id)).processing_status === 'ended' ? true : undefined,
    );
    assert.equal((await client.messages.batches.delete(batch.id)).type, 'message_batch_deleted');
    await assert.rejects(client.messages.batches.retrieve(batch.id), Anthropic.NotFoundError);
  });

  it('expires a batch that outlives its window: unfinished requests come back expired', async () => {
    await sim.close();
    sim = await startSimulator({ processingMs: 60_000, expiryMs: 150 });
    client = new Anthropic({ apiKey: 'k', baseURL: sim.url, maxRetries: 0 });
    const batch = await client.messages.batches.create({ requests: [request('a'), request('b')] });
    const ended = await until(async () => {
      const b = await client.messages.batches.retrieve(batch.id);
      return b.processing_status === 'ended' ? b : undefined;
    });
    assert.equal(ended.request_counts.expired, 2);
  });

  it('archives results after the retention window (results_url becomes null)', async () => {
    await sim.close();
    sim = await startSimulator({ processingMs: 10, retentionMs: 200 });
    client = new Anthropic({ apiKey: 'k', baseURL: sim.url, maxRetries: 0 });
    const batch = await client.messages.batches.create({ requests: [request('a')] });
    await until(async () => ((await client.messages.batches.retrieve(batch.id)).results_url ? true : undefined));
    await until(async () => ((await client.messages.batches.retrieve(batch.id)).archived_at ? true : undefined));
    assert.equal((await client.messages.batches.retrieve(batch.id)).results_url, null);
  });

  it('requires a key (Bearer or x-api-key)', async () => {
    const response = await fetch(`${sim.url}/v1/messages/batches`);
    assert.equal(response.status, 401);
    assert.equal(((await response.json()) as { error: { type: string } }).error.type, 'authentication_error');
    assert.equal((await fetch(`${sim.url}/v1/messages/batches`, { headers: { 'x-api-key': 'k' } })).status, 200);
  });

  it('answers from a scenario file', async () => {
    await sim.close();
    const tmp = tempDir();
    const scenario = path.join(tmp.dir, 'scenario.json');
    writeFileSync(
      scenario,
      JSON.stringify({
        rules: [
          { match: 'translate', summary: 'Done', edits: [{ old_text: 'hello', new_text: 'hola' }] },
          { match: 'explode', outcome: 'errored', error: 'Boom' },
        ],
      }),
    );
    sim = await startSimulator({ processingMs: 10, scenarioFile: scenario });
    client = new Anthropic({ apiKey: 'k', baseURL: sim.url, maxRetries: 0 });
    const batch = await client.messages.batches.create({
      requests: [request('t', 'translate to Spanish'), request('e', 'explode please')],
    });
    await until(async () =>
      (await client.messages.batches.retrieve(batch.id)).processing_status === 'ended' ? true : undefined,
    );
    const out = new Map<string, unknown>();
    for await (const r of await client.messages.batches.results(batch.id)) out.set(r.custom_id, r.result);
    const t = out.get('t') as { message: { content: Array<{ type: string; text: string }> } };
    assert.deepEqual(JSON.parse(t.message.content.find((c) => c.type === 'text')!.text), {
      summary: 'Done',
      edits: [{ old_text: 'hello', new_text: 'hola' }],
    });
    assert.match(JSON.stringify(out.get('e')), /Boom/);
    tmp.cleanup();
  });
});

describe('Batches API simulator: network down', () => {
  it('drops connections while "down", so the SDK reports a connection error, then answers again', async () => {
    const sim = await startSimulator({ processingMs: 100 });
    try {
      const client = new Anthropic({ apiKey: 'k', baseURL: sim.url, maxRetries: 0 });
      await fetch(`${sim.url}/_sim/down`, { method: 'POST', body: JSON.stringify({ ms: 300 }) });
      await assert.rejects(client.messages.batches.list(), Anthropic.APIConnectionError);
      await new Promise((r) => setTimeout(r, 350));
      assert.ok(Array.isArray((await client.messages.batches.list()).data));
    } finally {
      await sim.close();
    }
  });
});
