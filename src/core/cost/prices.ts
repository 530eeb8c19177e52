// Prices and cost maths. Prices drift, so they live in one dated table that the
// `claudeBatch.prices` setting can override per model.
import type { Usage } from '../model/records';

export const PRICES_AS_OF = '2026-11-01';

/** Standard (synchronous) USD per million tokens. The Batches API charges 50% of these on every category. */
export interface ModelPrice {
  input: number;
  output: number;
  /** Cache reads as a fraction of input (0.1 on most models). */
  cacheReadFactor?: number | undefined;
}

export const PRICE_TABLE: Readonly<Record<string, ModelPrice>> = {
  'claude-opus-5-5': { input: 4, output: 20, cacheReadFactor: 0.05 },
  'claude-sonnet-5-5': { input: 2, output: 10, cacheReadFactor: 0.05 },
  'claude-haiku-5-5': { input: 0.1, output: 0.5 },
  'claude-opus-4-6': { input: 5, output: 25 },
  'claude-opus-4-5': { input: 5, output: 25 },
  'claude-sonnet-4-6': { input: 3, output: 15 },
  'claude-haiku-4-5': { input: 1, output: 5 },
};

export const BATCH_DISCOUNT = 0.5;
/** Cache writes with the default 5-minute TTL cost 1.25× input; with `ttl: "1h"`, 2×. */
export const CACHE_WRITE_FACTOR = { '5m': 1.25, '1h': 2 } as const;

export function priceFor(model: string, overrides: Record<string, ModelPrice> = {}): ModelPrice | undefined {
  return overrides[model] ?? PRICE_TABLE[model];
}

export type PriceMode = 'batch' | 'standard';

export function costOfUsage(usage: Usage, price: ModelPrice, mode: PriceMode, cacheTtl: '5m' | '1h' = '5m'): number {
  const factor = mode === 'batch' ? BATCH_DISCOUNT : 1;
  const perToken = (perMillion: number): number => (perMillion / 1_000_000) * factor;
  const cacheRead = price.cacheReadFactor ?? 0.1;
  return (
    usage.input_tokens * perToken(price.input) +
    usage.output_tokens * perToken(price.output) +
    (usage.cache_creation_input_tokens ?? 0) * perToken(price.input * CACHE_WRITE_FACTOR[cacheTtl]) +
    (usage.cache_read_input_tokens ?? 0) * perToken(price.input * cacheRead)
  );
}

/** A local token estimate (about four characters a token); shown to users labelled as an estimate. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export interface RequestSize {
  inputTokens: number;
  /** Tokens of the region the task works on (the selection, or the whole file). */
  regionTokens: number;
  maxTokens: number;
  /** Known from history; otherwise the rule of thumb below is used. */
  expectedOutput?: number;
}

/** Anchored edits return changes, not files: expect about half the region plus the summary, capped by max_tokens. */
export function expectedOutputTokens(size: RequestSize): number {
  if (size.expectedOutput !== undefined) return size.expectedOutput;
  return Math.min(size.maxTokens, Math.ceil(size.regionTokens * 0.5) + 150);
}

export interface CostEstimate {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  batchUsd: number;
  standardUsd: number;
}

export function estimateCost(sizes: readonly RequestSize[], price: ModelPrice): CostEstimate {
  const inputTokens = sizes.reduce((sum, s) => sum + s.inputTokens, 0);
  const outputTokens = sizes.reduce((sum, s) => sum + expectedOutputTokens(s), 0);
  const usage: Usage = { input_tokens: inputTokens, output_tokens: outputTokens };
  return {
    requests: sizes.length,
    inputTokens,
    outputTokens,
    batchUsd: costOfUsage(usage, price, 'batch'),
    standardUsd: costOfUsage(usage, price, 'standard'),
  };
}

export function formatUsd(amount: number): string {
  if (amount === 0) return '$0.00';
  if (amount < 0.01) return `$${amount.toFixed(4)}`;
  return `$${amount.toFixed(2)}`;
}
