// What a request is expected to cost before it is sent. Output is the answer and the thinking before it, both
// billed as output; a prefix marked for the cache is priced as a one-hour write (2× input) and no read is
// assumed, since cache hits in a batch are best effort and a cold batch mostly writes — unless a warm-up batch
// wrote it first (cacheReadTokens).
import { costOfUsage, type ModelPrice } from './prices';
import type { Effort } from '../models/modelInfo';

export interface RequestSize {
  /** Every prompt token of the request. */
  inputTokens: number;
  /** Of which a prefix marked for the cache: priced as a write. */
  cacheWriteTokens?: number;
  /** Of which a prefix expected to be read from the cache (a batch after its warm-up): priced as a read. */
  cacheReadTokens?: number;
  /** Tokens of the region the task works on (the selection, or the whole file). */
  regionTokens: number;
  maxTokens: number;
  /** Known from history (answer and thinking); otherwise the rules below are used. */
  expectedOutput?: number;
  expectedThinking?: number;
}

/** Anchored edits return changes, not files: expect about half the region plus the summary. */
export function expectedAnswerTokens(size: RequestSize): number {
  return Math.ceil(size.regionTokens * 0.5) + 150;
}

/**
 * Thinking before the answer, until past results say better: at the default ("high") about as much as the answer
 * plus a few hundred tokens of planning, plus some reading of what it was given (a quarter of the prompt, up to
 * 8,000: context makes a model think longer), scaled by effort. Models that do not think when not asked are
 * counted the same: better an estimate a little high than one that leaves out half the bill.
 */
export const THINKING_PER_EFFORT: Record<Effort, number> = { low: 0.25, medium: 0.5, high: 1, xhigh: 1.5, max: 2 };
export function expectedThinkingTokens(size: RequestSize, effort: Effort | undefined): number {
  if (size.expectedThinking !== undefined) return size.expectedThinking;
  const reading = Math.min(Math.round(size.inputTokens / 4), 8000);
  return Math.round(THINKING_PER_EFFORT[effort ?? 'high'] * (expectedAnswerTokens(size) + 500 + reading));
}

/** Output (thinking included) as billed: never more than max_tokens. */
export function expectedOutputTokens(size: RequestSize, effort?: Effort): number {
  if (size.expectedOutput !== undefined) return Math.min(size.maxTokens, size.expectedOutput);
  return Math.min(size.maxTokens, expectedAnswerTokens(size) + expectedThinkingTokens(size, effort));
}

export interface CostEstimate {
  requests: number;
  inputTokens: number;
  /** Of inputTokens, those priced as cache writes. */
  cacheWriteTokens: number;
  /** Output as billed, thinking included. */
  outputTokens: number;
  /** Of outputTokens, the expected thinking. */
  thinkingTokens: number;
  batchUsd: number;
  standardUsd: number;
}

/** Each request priced on its own, so that a long prompt's tier applies to that request only. */
export function estimateCost(sizes: readonly RequestSize[], price: ModelPrice, effort?: Effort): CostEstimate {
  const estimate: CostEstimate = {
    requests: sizes.length,
    inputTokens: 0,
    cacheWriteTokens: 0,
    outputTokens: 0,
    thinkingTokens: 0,
    batchUsd: 0,
    standardUsd: 0,
  };
  for (const size of sizes) {
    const output = expectedOutputTokens(size, effort);
    const cacheWrite = Math.min(size.cacheWriteTokens ?? 0, size.inputTokens);
    const cacheRead = Math.min(size.cacheReadTokens ?? 0, size.inputTokens - cacheWrite);
    const usage = {
      input_tokens: size.inputTokens - cacheWrite - cacheRead,
      cache_creation_input_tokens: cacheWrite,
      cache_read_input_tokens: cacheRead,
      output_tokens: output,
    };
    estimate.inputTokens += size.inputTokens;
    estimate.cacheWriteTokens += cacheWrite;
    estimate.outputTokens += output;
    estimate.thinkingTokens += Math.min(output, expectedThinkingTokens(size, effort));
    estimate.batchUsd += costOfUsage(usage, price, 'batch', '1h');
    estimate.standardUsd += costOfUsage(usage, price, 'standard', '1h');
  }
  return estimate;
}
