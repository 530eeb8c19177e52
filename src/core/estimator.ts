// The estimate shown before submitting. Input tokens come from the API's free count_tokens endpoint for a
// sample of the requests (it has its own rate limit), scaled to the rest; offline, from a local estimate that
// says it is one. Counting at least one request of each distinct shape doubles as a dry run: the Batches API
// validates requests only after the whole batch has ended, count_tokens validates them now.
import { classifyError } from './batchClient';
import { estimateCost, type CostEstimate, type ModelPrice, type RequestSize } from './cost';
import type { BatchRequest } from './requestBuilder';

/** At most this many requests are counted by the API; the rest are scaled from them. */
export const COUNT_SAMPLE = 20;
/** Past results needed before expected output is taken from history rather than a rule of thumb. */
export const MIN_HISTORY = 5;

export type TokenCounter = (params: BatchRequest['params']) => Promise<number>;

export type InputBasis =
  | { kind: 'counted'; counted: number }
  | { kind: 'sampled'; counted: number; of: number }
  | { kind: 'local'; why: string };

export type OutputBasis = { kind: 'history'; samples: number } | { kind: 'rule' };

export interface Estimate extends CostEstimate {
  input: InputBasis;
  output: OutputBasis;
}

/** count_tokens refused a request: the batch would fail the same way, hours later. */
export class DryRunRejected extends Error {
  constructor(
    readonly customId: string,
    message: string,
  ) {
    super(message);
    this.name = 'DryRunRejected';
  }
}

/** Requests of one shape differ only in their text; a request the API refuses is refused for its shape. */
export function shapeOf(request: BatchRequest): string {
  const { model, max_tokens, system, output_config, messages } = request.params;
  const marks = messages.flatMap((m) => m.content.map((c) => (c.cache_control ? 1 : 0)));
  return JSON.stringify([model, max_tokens, system, output_config, marks]);
}

/** The first request of each shape, then evenly spaced others, up to `size` in all, in index order. */
export function sampleIndexes(requests: readonly BatchRequest[], size = COUNT_SAMPLE): number[] {
  const chosen = new Set<number>();
  const shapes = new Set<string>();
  requests.forEach((request, index) => {
    const shape = shapeOf(request);
    if (!shapes.has(shape)) {
      shapes.add(shape);
      chosen.add(index);
    }
  });
  const step = requests.length / Math.max(1, size - chosen.size);
  for (let at = 0; chosen.size < Math.min(size, requests.length) && at < requests.length; at += step) chosen.add(Math.floor(at));
  return [...chosen].sort((a, b) => a - b);
}

/**
 * Input tokens per request: counted by the API for a sample and scaled for the rest by how far the local
 * estimate was off on the sample. Throws DryRunRejected when the API refuses a request as invalid.
 */
export async function countInput(
  requests: readonly BatchRequest[],
  localTokens: readonly number[],
  counter: TokenCounter | undefined,
  unavailable = 'the API was not asked',
): Promise<{ tokens: number[]; basis: InputBasis }> {
  if (!counter) return { tokens: [...localTokens], basis: { kind: 'local', why: unavailable } };
  const sample = sampleIndexes(requests);
  const counted = new Map<number, number>();
  for (const index of sample) {
    try {
      counted.set(index, await counter(requests[index]!.params));
    } catch (error) {
      const problem = classifyError(error);
      if (problem.kind === 'badRequest') throw new DryRunRejected(requests[index]!.custom_id, problem.message);
      return { tokens: [...localTokens], basis: { kind: 'local', why: problem.message } };
    }
  }
  const localSum = sample.reduce((sum, i) => sum + localTokens[i]!, 0);
  const countedSum = [...counted.values()].reduce((a, b) => a + b, 0);
  const scale = localSum > 0 ? countedSum / localSum : 1;
  const tokens = localTokens.map((local, i) => counted.get(i) ?? Math.round(local * scale));
  const basis: InputBasis = counted.size === requests.length
    ? { kind: 'counted', counted: counted.size }
    : { kind: 'sampled', counted: counted.size, of: requests.length };
  return { tokens, basis };
}

/**
 * Expected output per request: the average of past results' output tokens when there are enough of them
 * (capped by max_tokens), else the rule of thumb in cost.ts.
 */
export function priceEstimate(
  sizes: readonly RequestSize[],
  inputTokens: readonly number[],
  input: InputBasis,
  pastOutputs: readonly number[],
  price: ModelPrice,
): Estimate {
  const adjusted = sizes.map((size, i) => ({ ...size, inputTokens: inputTokens[i] ?? size.inputTokens }));
  if (pastOutputs.length < MIN_HISTORY) return { ...estimateCost(adjusted, price), input, output: { kind: 'rule' } };
  const average = Math.round(pastOutputs.reduce((a, b) => a + b, 0) / pastOutputs.length);
  const fixed = adjusted.map((size) => ({ ...size, expectedOutput: Math.min(size.maxTokens, average) }));
  return { ...estimateCost(fixed, price), input, output: { kind: 'history', samples: pastOutputs.length } };
}
