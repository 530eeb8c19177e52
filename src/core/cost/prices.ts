// Prices and the cost of a request's usage. Prices drift, so they live in one dated table that the
// `claudeBatch.prices` setting can override per model.
import type { Usage } from '../model/records';

export const PRICES_AS_OF = '2026-11-23';

/** Standard (synchronous) USD per million tokens. The Batches API charges 50% of these on every category. */
export interface ModelPrice {
  input: number;
  output: number;
  /** Cache reads as a fraction of input (0.1 on most models). */
  cacheReadFactor?: number | undefined;
  /** Above `above` prompt tokens the whole request is priced at these rates instead (Haiku 5.5). */
  longPrompt?: { above: number; input: number; output: number } | undefined;
}

const OPUS_4 = { input: 5, output: 25 };
const FABLE_5 = { input: 10, output: 50 };

/** Every current model id (aliases; dated snapshot ids are priced as their alias). */
export const PRICE_TABLE: Readonly<Record<string, ModelPrice>> = {
  'claude-fable-5-2': { input: 8, output: 40 },
  'claude-mythos-5-2': { input: 8, output: 40 },
  'claude-fable-5-1': FABLE_5,
  'claude-mythos-5-1': FABLE_5,
  'claude-fable-5': FABLE_5,
  'claude-mythos-5': FABLE_5,
  'claude-opus-5-5': { input: 4, output: 20, cacheReadFactor: 0.05 },
  'claude-sonnet-5-5': { input: 2, output: 10, cacheReadFactor: 0.05 },
  'claude-haiku-5-5': { input: 0.1, output: 0.5, longPrompt: { above: 100_000, input: 0.5, output: 2.5 } },
  'claude-opus-5': OPUS_4,
  'claude-sonnet-5': { input: 2, output: 10 },
  'claude-opus-4-8': OPUS_4,
  'claude-opus-4-7': OPUS_4,
  'claude-opus-4-6': OPUS_4,
  'claude-opus-4-5': OPUS_4,
  'claude-sonnet-4-6': { input: 3, output: 15 },
  'claude-sonnet-4-5': { input: 3, output: 15 },
  'claude-haiku-4-5': { input: 1, output: 5 },
};

export const BATCH_DISCOUNT = 0.5;
/** Cache writes with the default 5-minute TTL cost 1.25× input; with `ttl: "1h"`, 2×. */
export const CACHE_WRITE_FACTOR = { '5m': 1.25, '1h': 2 } as const;
export type CacheTtl = keyof typeof CACHE_WRITE_FACTOR;

/** A dated snapshot id ("claude-haiku-4-5-20251001") names the same model, at the same price, as its alias. */
export function aliasOf(model: string): string {
  return model.replace(/-\d{8}$/, '');
}

export function priceFor(model: string, overrides: Record<string, ModelPrice> = {}): ModelPrice | undefined {
  const alias = aliasOf(model);
  return overrides[model] ?? overrides[alias] ?? PRICE_TABLE[model] ?? PRICE_TABLE[alias];
}

export type PriceMode = 'batch' | 'standard';

/** Prompt tokens of a request: what was read, whether fresh, written to the cache or read from it. */
export function promptTokens(usage: Usage): number {
  return usage.input_tokens + (usage.cache_creation_input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0);
}

/** What one request's usage costs (or a sum of requests' usages, for models without a long-prompt tier). */
export function costOfUsage(usage: Usage, price: ModelPrice, mode: PriceMode, cacheTtl: CacheTtl = '5m'): number {
  const factor = mode === 'batch' ? BATCH_DISCOUNT : 1;
  const rates = price.longPrompt && promptTokens(usage) > price.longPrompt.above ? price.longPrompt : price;
  const perToken = (perMillion: number): number => (perMillion / 1_000_000) * factor;
  const cacheRead = price.cacheReadFactor ?? 0.1;
  return (
    usage.input_tokens * perToken(rates.input) +
    usage.output_tokens * perToken(rates.output) +
    (usage.cache_creation_input_tokens ?? 0) * perToken(rates.input * CACHE_WRITE_FACTOR[cacheTtl]) +
    (usage.cache_read_input_tokens ?? 0) * perToken(rates.input * cacheRead)
  );
}

/** A local token estimate (about four characters a token); shown to users labelled as an estimate. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function formatUsd(amount: number): string {
  if (amount === 0) return '$0.00';
  if (amount < 0.01) return `$${amount.toFixed(4)}`;
  return `$${amount.toFixed(2)}`;
}
