import * as assert from 'node:assert/strict';
import { costOfUsage, estimateCost, formatUsd, priceFor } from '../../../../src/core/cost/prices';

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

  it('estimates a queue at batch and standard price', () => {
    const estimate = estimateCost(
      [
        { inputTokens: 10_000, regionTokens: 1000, maxTokens: 8000 },
        { inputTokens: 20_000, regionTokens: 100_000, maxTokens: 8000 },
      ],
      { input: 2, output: 10 },
    );
    // outputs: min(8000, 500 + 150) = 650 and min(8000, 50000 + 150) = 8000
    assert.equal(estimate.outputTokens, 8650);
    assert.equal(estimate.inputTokens, 30_000);
    assert.ok(Math.abs(estimate.standardUsd - (0.06 + 0.0865)) < 1e-12);
    assert.ok(Math.abs(estimate.batchUsd - estimate.standardUsd / 2) < 1e-12);
  });

  it('formats small amounts legibly', () => {
    assert.equal(formatUsd(0.0012), '$0.0012');
    assert.equal(formatUsd(1.234), '$1.23');
    assert.equal(formatUsd(0), '$0.00');
  });
});
