// What submitting some tasks costs, before they are sent: input counted by the API for a sample (a dry run too)
// or estimated locally, output from history or by rule, and what a cache warm-up would save.
import { priceFor } from './prices';
import { adjustedSizes, countInput, priceEstimate, SamplePicker, type Estimate, type TokenCounter } from './estimator';
import type { PastOutput } from './costReport';
import type { RequestSize } from './requestCost';
import type { SizedRequest } from '../requests/requestStream';
import type { SubmitSettings } from '../serviceTypes';
import { PrefixCollector, type PrimingPlan } from '../submit/priming';

export type SubmissionEstimate =
  (Estimate & { priced: true; priming: PrimingPlan }) | { priced: false; requests: number };

export async function estimateSubmission(
  requests: AsyncIterable<SizedRequest>,
  count: number,
  settings: SubmitSettings,
  /** A token counter (the API's count_tokens), or why there is none. */
  counter: TokenCounter | string,
  past: () => readonly PastOutput[],
): Promise<SubmissionEstimate> {
  const price = priceFor(settings.model, settings.prices);
  const picker = new SamplePicker(count);
  const sizes: RequestSize[] = [];
  const prefixes = new PrefixCollector();
  for await (const sized of requests) {
    picker.offer(sizes.length, sized.request);
    sizes.push(sized.size);
    prefixes.offer(sized);
  }
  const { tokens, basis } = await countInput(
    picker.picked(),
    sizes.map((s) => s.inputTokens),
    typeof counter === 'string' ? undefined : counter,
    typeof counter === 'string' ? counter : 'not asked',
  );
  if (!price) return { priced: false, requests: count };
  const history = past();
  return {
    ...priceEstimate(sizes, tokens, basis, history, price, settings.effort),
    priced: true,
    priming: prefixes.plan(price, settings.effort, adjustedSizes(sizes, tokens, history)),
  };
}
