// The estimate shown before submitting. Input tokens come from the API's free count_tokens endpoint for a
// sample of the requests (it has its own rate limit), scaled to the rest; offline, from a local estimate that
// says it is one. Counting at least one request of each distinct shape doubles as a dry run: the Batches API
// validates requests only after the whole batch has ended, count_tokens validates them now.
import { classifyError } from '../api/batchClient';
import { estimateCost, type CostEstimate, type RequestSize } from './requestCost';
import type { ModelPrice } from './prices';
import type { Effort } from '../models/modelInfo';
import type { PastOutput } from './costReport';
import type { BatchRequest } from '../requests/requestBuilder';
import { DryRunRejected } from '../errors';

/** At most this many requests are counted by the API; the rest are scaled from them. */
export const COUNT_SAMPLE = 20;
/** Past results needed before expected output is taken from history rather than a rule of thumb. */
export const MIN_HISTORY = 5;

export type TokenCounter = (params: BatchRequest['params']) => Promise<number>;

export type InputBasis =
  | { kind: 'counted'; counted: number }
  | { kind: 'sampled'; counted: number; of: number }
  | { kind: 'local'; why: string };

/** Where expected output (thinking included) came from: past results on this model and effort, or a rule. */
export type OutputBasis = { kind: 'history'; samples: number } | { kind: 'rule' };

export interface Estimate extends CostEstimate {
  input: InputBasis;
  output: OutputBasis;
}

/** Requests of one shape differ only in their text; a request the API refuses is refused for its shape. */
export function shapeOf(request: BatchRequest): string {
  const { model, max_tokens, system, output_config, messages } = request.params;
  const marks = messages.flatMap((m) => m.content.map((c) => (c.cache_control ? 1 : 0)));
  return JSON.stringify([model, max_tokens, system, output_config, marks]);
}

/**
 * Picks the sample as requests stream past, so that they need not all exist at once: the first request of each
 * shape, then evenly spaced others, up to `size` in all.
 */
export class SamplePicker {
  private readonly firstOfShape = new Map<number, BatchRequest>();
  private readonly spaced = new Map<number, BatchRequest>();
  private readonly shapes = new Set<string>();
  private readonly spacedIndexes = new Set<number>();

  constructor(
    total: number,
    private readonly size = COUNT_SAMPLE,
  ) {
    const slots = Math.min(size, total);
    for (let k = 0; k < slots; k++) this.spacedIndexes.add(Math.floor((k * total) / slots));
  }

  offer(index: number, request: BatchRequest): void {
    const shape = shapeOf(request);
    if (!this.shapes.has(shape)) {
      this.shapes.add(shape);
      this.firstOfShape.set(index, request);
    } else if (this.spacedIndexes.has(index)) {
      this.spaced.set(index, request);
    }
  }

  /** The sample, by index, in index order. */
  picked(): Map<number, BatchRequest> {
    const chosen = [...this.firstOfShape].slice(0, this.size);
    for (const entry of this.spaced) if (chosen.length < this.size) chosen.push(entry);
    return new Map(chosen.sort((a, b) => a[0] - b[0]));
  }
}

/**
 * Input tokens per request: counted by the API for a sample and scaled for the rest by how far the local
 * estimate was off on the sample. Throws DryRunRejected when the API refuses a request as invalid.
 */
export async function countInput(
  sample: ReadonlyMap<number, BatchRequest>,
  localTokens: readonly number[],
  counter: TokenCounter | undefined,
  unavailable = 'the API was not asked',
): Promise<{ tokens: number[]; basis: InputBasis }> {
  if (!counter) return { tokens: [...localTokens], basis: { kind: 'local', why: unavailable } };
  const counted = new Map<number, number>();
  for (const [index, request] of sample) {
    try {
      counted.set(index, await counter(request.params));
    } catch (error) {
      const problem = classifyError(error);
      // A 404 (unknown model) or 403 (no access) is the API refusing the request, not failing to count it.
      if (problem.kind === 'badRequest' || problem.kind === 'notFound' || problem.kind === 'permission')
        throw new DryRunRejected(request.custom_id, problem.message);
      return { tokens: [...localTokens], basis: { kind: 'local', why: problem.message } };
    }
  }
  const localSum = [...sample.keys()].reduce((sum, i) => sum + localTokens[i]!, 0);
  const countedSum = [...counted.values()].reduce((a, b) => a + b, 0);
  const scale = localSum > 0 ? countedSum / localSum : 1;
  const tokens = localTokens.map((local, i) => counted.get(i) ?? Math.round(local * scale));
  const basis: InputBasis =
    counted.size === localTokens.length
      ? { kind: 'counted', counted: counted.size }
      : { kind: 'sampled', counted: counted.size, of: localTokens.length };
  return { tokens, basis };
}

/**
 * Expected output per request: with enough past results on this model and effort, their average output and
 * thinking (each capped by max_tokens); else the rules of requestCost.ts.
 */
/**
 * The sizes an estimate prices: input as counted (or estimated), output from history at this model and effort
 * when there is enough of it, else by the rule of thumb.
 */
export function adjustedSizes(
  sizes: readonly RequestSize[],
  inputTokens: readonly number[],
  past: readonly PastOutput[],
): RequestSize[] {
  const adjusted = sizes.map((size, i) => ({ ...size, inputTokens: inputTokens[i] ?? size.inputTokens }));
  if (past.length < MIN_HISTORY) return adjusted;
  const average = (pick: (p: PastOutput) => number): number =>
    Math.round(past.reduce((sum, p) => sum + pick(p), 0) / past.length);
  const output = average((p) => p.output);
  const thinking = average((p) => p.thinking);
  return adjusted.map((size) => ({ ...size, expectedOutput: output, expectedThinking: thinking }));
}

export function priceEstimate(
  sizes: readonly RequestSize[],
  inputTokens: readonly number[],
  input: InputBasis,
  past: readonly PastOutput[],
  price: ModelPrice,
  effort?: Effort,
): Estimate {
  const adjusted = adjustedSizes(sizes, inputTokens, past);
  const output: Estimate['output'] =
    past.length < MIN_HISTORY ? { kind: 'rule' } : { kind: 'history', samples: past.length };
  return { ...estimateCost(adjusted, price, effort), input, output };
}
