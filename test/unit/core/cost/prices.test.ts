import * as assert from 'node:assert/strict';
import { aliasOf, costOfUsage, formatUsd, priceFor } from '../../../../src/core/cost/prices';
import { estimateCost } from '../../../../src/core/cost/requestCost';

describe('cost', () => {
  it('prices batch usage at half the standard price (figures worked by hand)', () => {
    const sonnet = priceFor('claude-sonnet-5-5')!;
    const usage = { input_tokens: 1_000_000, output_tokens: 200_000 };
    // standard: 1M × $2 + 0.2M × $10 = $4.00; batch: half = $2.00
    assert.equal(costOfUsage(usage, sonnet, 'standard'), 4);
    assert.equal(costOfUsage(usage, sonnet, 'batch'), 2);
  });

  it('prices cache writes and reads', () => {
    const haiku = priceFor('claude-haiku-4-5')!; // $1 in
    const usage = {
      input_tokens: 0,
      output_tokens: 0,
      cache_creation_input_tokens: 1_000_000,
      cache_read_input_tokens: 1_000_000,
    };
    // batch: writes 1M × $1 × 1.25 × 0.5 = 0.625; reads 1M × $1 × 0.1 × 0.5 = 0.05
    assert.ok(Math.abs(costOfUsage(usage, haiku, 'batch') - 0.675) < 1e-12);
    // 1 h TTL writes cost 2× input: 1.0 + 0.05
    assert.ok(Math.abs(costOfUsage(usage, haiku, 'batch', '1h') - 1.05) < 1e-12);
  });

  it('lets settings override the table and knows when a model is unpriced', () => {
    assert.deepEqual(priceFor('claude-sonnet-5-5', { 'claude-sonnet-5-5': { input: 1, output: 1 } }), {
      input: 1,
      output: 1,
    });
    assert.equal(priceFor('no-such-model'), undefined);
  });

  it('estimates a queue with the thinking before each answer, scaled by effort and capped by max_tokens', () => {
    const estimate = estimateCost(
      [
        { inputTokens: 10_000, regionTokens: 1000, maxTokens: 8000 },
        { inputTokens: 20_000, regionTokens: 100_000, maxTokens: 8000 },
      ],
      { input: 2, output: 10 },
      'medium',
    );
    // answers: 500 + 150 = 650 and 50,000 + 150; medium thinking: 0.5 × (650 + 500 + 10,000 / 4 read) = 1,825, and
    // far over max_tokens; outputs: 650 + 1,825 = 2,475 and min(8,000, …) = 8,000 (all thinking: cut off)
    assert.equal(estimate.outputTokens, 10_475);
    assert.equal(estimate.thinkingTokens, 1825 + 8000);
    assert.equal(estimate.inputTokens, 30_000);
    assert.ok(Math.abs(estimate.standardUsd - (0.06 + 0.10475)) < 1e-12);
    assert.ok(Math.abs(estimate.batchUsd - estimate.standardUsd / 2) < 1e-12);
    const high = estimateCost([{ inputTokens: 10_000, regionTokens: 1000, maxTokens: 8000 }], { input: 2, output: 10 });
    assert.equal(high.thinkingTokens, 3650, 'the default effort (high) thinks twice as much as medium');
  });

  it('prices a marked prefix as a one-hour cache write (2× input) and assumes no cache read', () => {
    const estimate = estimateCost(
      [{ inputTokens: 10_000, cacheWriteTokens: 8000, regionTokens: 100, maxTokens: 64_000 }],
      priceFor('claude-sonnet-5-5')!,
      'high',
    );
    // 2,000 fresh × $2 + 8,000 written × $2 × 2 + output (200 answer + 3,200 thinking) × $10, per million
    assert.equal(estimate.cacheWriteTokens, 8000);
    assert.equal(estimate.outputTokens, 3400);
    assert.ok(Math.abs(estimate.standardUsd - (0.004 + 0.032 + 0.034)) < 1e-12);
    assert.ok(Math.abs(estimate.batchUsd - 0.035) < 1e-12);
  });

  it("prices Haiku 5.5's long prompts at the long-prompt tier, the whole request", () => {
    const haiku = priceFor('claude-haiku-5-5')!;
    // ≤ 100K prompt tokens: $0.10 / $0.50; above: $0.50 / $2.50 for every token of the request
    assert.ok(Math.abs(costOfUsage({ input_tokens: 90_000, output_tokens: 1000 }, haiku, 'standard') - 0.0095) < 1e-12);
    assert.ok(
      Math.abs(costOfUsage({ input_tokens: 150_000, output_tokens: 1000 }, haiku, 'standard') - 0.0775) < 1e-12,
    );
    const cached = { input_tokens: 10_000, cache_read_input_tokens: 95_000, output_tokens: 0 };
    assert.ok(costOfUsage(cached, haiku, 'batch') > (10_000 * 0.5 * 0.5) / 1e6, 'cache reads count toward the tier');
  });

  it('prices every current model id, and a dated id as its alias', () => {
    const ids = [
      'claude-fable-5-2',
      'claude-mythos-5-2',
      'claude-haiku-5-5',
      'claude-sonnet-5-5',
      'claude-fable-5-1',
      'claude-opus-5-5',
      'claude-mythos-5-1',
      'claude-sonnet-5',
      'claude-fable-5',
      'claude-mythos-5',
      'claude-opus-5',
      'claude-opus-4-8',
      'claude-opus-4-7',
      'claude-opus-4-6',
      'claude-sonnet-4-6',
      'claude-haiku-4-5',
      'claude-opus-4-5',
      'claude-sonnet-4-5',
    ];
    assert.deepEqual(
      ids.filter((id) => !priceFor(id)),
      [],
    );
    assert.equal(aliasOf('claude-haiku-4-5-20251001'), 'claude-haiku-4-5');
    assert.deepEqual(priceFor('claude-haiku-4-5-20251001'), priceFor('claude-haiku-4-5'));
    assert.deepEqual(priceFor('claude-sonnet-4-5-20250929', { 'claude-sonnet-4-5': { input: 9, output: 9 } }), {
      input: 9,
      output: 9,
    });
  });

  it('formats small amounts legibly', () => {
    assert.equal(formatUsd(0.0012), '$0.0012');
    assert.equal(formatUsd(1.234), '$1.23');
    assert.equal(formatUsd(0), '$0.00');
  });
});
