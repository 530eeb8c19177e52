// Cache priming. In a cold batch the requests sharing a prefix run side by side, so most of them pay the cache
// write (2× input for a one-hour entry) and few read it. A small warm-up batch first — one request per shared
// prefix — writes each prefix once; the main batch, submitted when the warm-up ends, reads them (0.1× input,
// 0.05× on Opus and Sonnet 5.5). It costs the warm-up's own requests and the time the warm-up takes.
import { estimateCost, type RequestSize } from '../cost/requestCost';
import type { ModelPrice } from '../cost/prices';
import type { Effort } from '../models/modelInfo';
import type { BatchRequest, TextBlock } from '../requests/requestBuilder';
import type { SizedRequest } from '../requests/requestStream';
import type { CachePriming } from '../serviceTypes';

/** Room for a warm-up's answer: the answer is thrown away, so it is cut off early and billed at most this. */
export const WARMUP_MAX_TOKENS = 512;
const WARMUP_INSTRUCTION =
  '<instruction>\nThis request only warms the prompt cache for the batch that follows. Reply with an empty summary and no edits.\n</instruction>';
/** Priming is chosen by itself when it saves at least this share of the submission's cost… */
const CLEAR_SHARE = 0.2;
/** …and at least this much (USD): a cent is not worth an extra batch and its wait. */
const CLEAR_USD = 0.01;

export type { CachePriming } from '../serviceTypes';

export interface PrimingPlan {
  /** Warm-up requests: one per shared prefix. */
  warmups: number;
  /** Requests of the main batch that read a primed prefix. */
  readers: number;
  withoutUsd: number;
  withUsd: number;
  /** Of withUsd, the warm-up batch's own cost. */
  warmupUsd: number;
  savingUsd: number;
  /** The saving is large enough for priming to be chosen by itself ('auto'). */
  clear: boolean;
}

/** Collects, from a submission's requests, what priming needs: each request's size and each prefix's first request. */
export class PrefixCollector {
  readonly sizes: RequestSize[] = [];
  private readonly keys: Array<string | undefined> = [];
  private readonly firsts = new Map<string, { request: BatchRequest; count: number; tokens: number }>();

  offer({ request, size, prefixKey }: SizedRequest): void {
    this.sizes.push(size);
    this.keys.push(prefixKey);
    if (prefixKey === undefined) return;
    const known = this.firsts.get(prefixKey);
    if (known) known.count++;
    else this.firsts.set(prefixKey, { request, count: 1, tokens: size.cacheWriteTokens ?? 0 });
  }

  /** How many prefixes are shared by more than one request: the warm-up requests priming would send. */
  sharedPrefixes(): number {
    return this.primed().size;
  }

  private primed(): Set<string> {
    return new Set([...this.firsts].filter(([, f]) => f.count > 1).map(([key]) => key));
  }

  /** `sizes`: the collected sizes as the estimate prices them (counted input, output from history). */
  plan(price: ModelPrice, effort: Effort | undefined, sizes: readonly RequestSize[] = this.sizes): PrimingPlan {
    const primed = this.primed();
    const without = estimateCost(sizes, price, effort);
    const main = sizes.map((size, i) =>
      primed.has(this.keys[i] ?? '')
        ? { ...size, cacheWriteTokens: 0, cacheReadTokens: size.cacheWriteTokens ?? 0 }
        : size,
    );
    const warmupSizes: RequestSize[] = [...primed].map((key) => {
      const tokens = this.firsts.get(key)!.tokens;
      return {
        inputTokens: tokens + 50,
        cacheWriteTokens: tokens,
        regionTokens: 0,
        maxTokens: WARMUP_MAX_TOKENS,
        expectedOutput: WARMUP_MAX_TOKENS,
        expectedThinking: 0,
      };
    });
    const warmupUsd = estimateCost(warmupSizes, price, effort).batchUsd;
    const withUsd = estimateCost(main, price, effort).batchUsd + warmupUsd;
    const savingUsd = without.batchUsd - withUsd;
    return {
      warmups: primed.size,
      readers: main.filter((s) => s.cacheReadTokens).length,
      withoutUsd: without.batchUsd,
      withUsd,
      warmupUsd,
      savingUsd,
      clear: primed.size > 0 && savingUsd >= CLEAR_USD && savingUsd >= CLEAR_SHARE * without.batchUsd,
    };
  }

  /** One request per shared prefix: the same params up to its last cache mark, then a one-line instruction. */
  warmupRequests(): BatchRequest[] {
    return [...this.primed()].map((key, index) => {
      const { request } = this.firsts.get(key)!;
      const content = request.params.messages[0]!.content;
      let last = content.length - 1;
      while (last >= 0 && !content[last]!.cache_control) last--;
      const prefix: TextBlock[] = content.slice(0, last + 1);
      return {
        custom_id: `warmup-${index + 1}`,
        params: {
          ...request.params,
          max_tokens: WARMUP_MAX_TOKENS,
          messages: [{ role: 'user', content: [...prefix, { type: 'text', text: WARMUP_INSTRUCTION }] }],
        },
      };
    });
  }
}

/** Whether to prime: always (when there is a shared prefix), never, or by itself when the saving is clear. */
export function choosePriming(
  setting: CachePriming | undefined,
  plan: Pick<PrimingPlan, 'warmups' | 'clear'> | undefined,
): boolean {
  if (!plan || plan.warmups === 0 || setting === undefined || setting === 'never') return false;
  return setting === 'always' || plan.clear;
}
