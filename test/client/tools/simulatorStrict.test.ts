// The simulator is as strict as the API (../shared/notes/batches-api.md, "What real models do"): it knows its
// models, refuses what the API refuses, thinks within max_tokens and cuts answers off. Checked through the SDK.
import * as assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { startSimulator, type Simulator } from '../../../tools/simulator/server';

type Params = Record<string, unknown>;
const params = (instruction: string, more: Params = {}): Params => ({
  model: 'claude-sonnet-5-5',
  max_tokens: 16_000,
  messages: [{ role: 'user', content: `<instruction>\n${instruction}\n</instruction>` }],
  ...more,
});

describe('Batches API simulator: as strict as the API', () => {
  let sim: Simulator;
  let client: Anthropic;
  beforeEach(async () => {
    sim = await startSimulator({ processingMs: 50 });
    client = new Anthropic({ apiKey: 'k', baseURL: sim.url, maxRetries: 0 });
  });
  afterEach(() => sim.close());

  /** Runs one batch to its end and returns each request's result by custom_id. */
  async function run(requests: Record<string, Params>): Promise<Map<string, Record<string, unknown>>> {
    const batch = await client.messages.batches.create({
      requests: Object.entries(requests).map(([custom_id, p]) => ({
        custom_id,
        params: p as unknown as Anthropic.Messages.MessageCreateParamsNonStreaming,
      })),
    });
    for (;;) {
      if ((await client.messages.batches.retrieve(batch.id)).processing_status === 'ended') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const out = new Map<string, Record<string, unknown>>();
    for await (const r of await client.messages.batches.results(batch.id))
      out.set(r.custom_id, r.result as unknown as Record<string, unknown>);
    return out;
  }

  const message = (result: Record<string, unknown> | undefined) =>
    (result as { message: Anthropic.Messages.Message }).message;

  it('serves the Models API: batch-capable models with their limits, dated ids, 404 and 403', async () => {
    const listed: Anthropic.Models.ModelInfo[] = [];
    for await (const model of client.models.list({ limit: 5 })) listed.push(model);
    const sonnet = listed.find((m) => m.id === 'claude-sonnet-5-5');
    assert.equal(sonnet?.max_tokens, 128_000);
    assert.equal(sonnet?.capabilities?.batch.supported, true);
    assert.ok(listed.length > 10, 'the SDK pages through every model');
    assert.equal((await client.models.retrieve('claude-haiku-4-5-20251001')).max_tokens, 64_000);
    await assert.rejects(client.models.retrieve('claude-sonet-5-5'), Anthropic.NotFoundError);
    await assert.rejects(client.models.retrieve('claude-mythos-5-2'), Anthropic.PermissionDeniedError);
  });

  it('refuses at count_tokens what the API refuses: unknown model, removed or unknown params, bad ttl or effort', async () => {
    const count = (p: Params) => {
      const { max_tokens: _, ...rest } = p;
      return client.messages.countTokens(rest as unknown as Anthropic.Messages.MessageCountTokensParams);
    };
    assert.ok((await count(params('Explain'))).input_tokens > 0);
    await assert.rejects(count(params('x', { model: 'claude-sonet-5-5' })), Anthropic.NotFoundError);
    await assert.rejects(count(params('x', { temperature: 0.2 })), /temperature/);
    await assert.rejects(count(params('x', { max_tokens_typo: 5 })), /max_tokens_typo: Extra inputs/);
    await assert.rejects(count(params('x', { output_config: { effort: 'extreme' } })), /output_config\.effort/);
    await assert.rejects(
      count(params('x', { model: 'claude-haiku-4-5', output_config: { effort: 'low' } })),
      /not supported by claude-haiku-4-5/,
    );
    const badTtl = {
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'x', cache_control: { type: 'ephemeral', ttl: '2h' } }] },
      ],
    };
    await assert.rejects(count(params('x', badTtl)), /cache_control\.ttl/);
  });

  it('errors a request whose model is unknown or whose max_tokens is over the model limit, only when the batch ends', async () => {
    const results = await run({
      typo: params('Explain', { model: 'claude-sonet-5-5' }),
      over: params('Explain', { model: 'claude-haiku-4-5', max_tokens: 100_000 }),
      ok: params('Explain'),
    });
    assert.match(JSON.stringify(results.get('typo')), /not_found_error/);
    assert.match(JSON.stringify(results.get('over')), /max_tokens: 100000 > 64000/);
    assert.equal(results.get('ok')?.['type'], 'succeeded');
  });

  it('thinks first, within max_tokens, scaled by effort; cuts off an answer with no room left', async () => {
    const results = await run({
      low: params('Explain', { output_config: { effort: 'low' } }),
      max: params('Explain', { output_config: { effort: 'max' } }),
      tight: params('Explain', { max_tokens: 430 }),
      starved: params('Explain', { max_tokens: 200 }),
    });
    const low = message(results.get('low'));
    assert.deepEqual(
      low.content.map((c) => c.type),
      ['thinking', 'text'],
    );
    assert.equal(low.stop_reason, 'end_turn');
    const thinking = (m: Anthropic.Messages.Message) => m.usage.output_tokens_details?.thinking_tokens ?? 0;
    assert.ok(thinking(low) > 0 && thinking(low) < low.usage.output_tokens, 'thinking tokens are output tokens');
    const ratio = thinking(message(results.get('max'))) / thinking(low);
    assert.ok(Math.abs(ratio - 8) < 0.1, `max effort thinks 8× as much as low, not ${ratio}×`);
    const tight = message(results.get('tight'));
    assert.equal(tight.stop_reason, 'max_tokens');
    assert.equal(tight.usage.output_tokens, 430, 'a cut-off answer is billed up to max_tokens');
    const starved = message(results.get('starved'));
    assert.deepEqual(
      starved.content.map((c) => c.type),
      ['thinking'],
      'all of max_tokens went to thinking',
    );
  });

  it('can refuse, and can stop at a full context window', async () => {
    const results = await run({ refuse: params('[sim:refuse] Explain'), full: params('[sim:context-full] Explain') });
    assert.equal(message(results.get('refuse')).stop_reason, 'refusal');
    assert.equal(message(results.get('full')).stop_reason, 'model_context_window_exceeded');
  });

  it('caches up to four breakpoints: reads the longest prefix cached, writes the others, nothing below the model minimum', async () => {
    const mark = { cache_control: { type: 'ephemeral', ttl: '1h' } };
    const long = (word: string, n: number): string => Array.from({ length: n }, () => word).join(' ');
    const shared = { type: 'text', text: long('guide', 600), ...mark }; // ~1,030 simulated tokens
    const file = (name: string) => ({ type: 'text', text: long(name, 400), ...mark });
    const ask = { type: 'text', text: '<instruction>\nExplain\n</instruction>' };
    const two = (name: string, model = 'claude-sonnet-5-5'): Params =>
      params('Explain', { model, messages: [{ role: 'user', content: [shared, file(name), ask] }] });
    const usage = (r: Record<string, unknown> | undefined) => message(r).usage;

    const first = await run({ a: two('alpha') });
    assert.ok(usage(first.get('a')).cache_creation_input_tokens! > 1500, 'both prefixes written');
    assert.equal(usage(first.get('a')).cache_read_input_tokens, 0);
    const second = await run({ b: two('beta'), a: two('alpha') });
    const shareRead = usage(second.get('b'));
    assert.ok(shareRead.cache_read_input_tokens! > 1000, 'a new file still reads the shared prefix');
    assert.ok(shareRead.cache_creation_input_tokens! > 500, '…and writes its own');
    assert.equal(usage(second.get('a')).cache_creation_input_tokens, 0, 'the whole prefix is read');

    // Haiku 4.5 caches from 4,096 tokens: the same prefixes are not cached at all, and nothing says so.
    const haiku = await run({ h: two('gamma', 'claude-haiku-4-5') });
    assert.equal(usage(haiku.get('h')).cache_creation_input_tokens, 0);

    const five = Array.from({ length: 5 }, (_, i) => ({ type: 'text', text: `part ${i}`, ...mark }));
    await assert.rejects(
      client.messages.countTokens({
        model: 'claude-sonnet-5-5',
        messages: [{ role: 'user', content: five }],
      } as unknown as Anthropic.Messages.MessageCountTokensParams),
      (error: unknown) => error instanceof Anthropic.BadRequestError && /maximum of 4 blocks/.test(error.message),
    );
  });

  it('reads an upload no faster than its throttle, like a slow uplink', async () => {
    await fetch(`${sim.url}/_sim/settings`, { method: 'POST', body: JSON.stringify({ uploadBytesPerSec: 400_000 }) });
    const big = params(`Explain ${'x'.repeat(600_000)}`);
    const started = Date.now();
    await client.messages.batches.create({
      requests: [{ custom_id: 'big', params: big as unknown as Anthropic.Messages.MessageCreateParamsNonStreaming }],
    });
    assert.ok(Date.now() - started >= 1000, `600 KB at 400 KB/s took ${Date.now() - started} ms`);
  });
});
