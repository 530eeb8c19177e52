// What the Models API says of a model (GET /v1/models/{id}): its limits, lifecycle and capabilities. Parsed with
// zod like every response; capabilities the product does not use pass through unread.
import * as z from 'zod';

/** output_config.effort levels, lowest first. */
export const EFFORTS = ['low', 'medium', 'high', 'xhigh', 'max'] as const;
export type Effort = (typeof EFFORTS)[number];

const Support = z.object({ supported: z.boolean() });

export const ModelInfoSchema = z.lazy(() =>
  z.object({
    id: z.string().min(1),
    display_name: z.string(),
    created_at: z.string(),
    lifecycle: z.enum(['active', 'deprecated', 'retired']).optional(),
    retires_at: z.string().nullish(),
    max_tokens: z.number().int().positive().nullish(),
    max_input_tokens: z.number().int().positive().nullish(),
    capabilities: z
      .object({
        batch: Support.optional(),
        structured_outputs: Support.optional(),
        effort: z
          .object({
            supported: z.boolean(),
            low: Support.nullish(),
            medium: Support.nullish(),
            high: Support.nullish(),
            xhigh: Support.nullish(),
            max: Support.nullish(),
          })
          .optional(),
      })
      .passthrough()
      .nullish(),
  }),
);
export type ModelInfo = z.infer<typeof ModelInfoSchema>;

/** Whether the model takes this effort level; a model that says nothing of effort is taken at its word (no). */
export function supportsEffort(info: ModelInfo, effort: Effort): boolean {
  const capability = info.capabilities?.effort;
  return !!capability?.supported && capability[effort]?.supported === true;
}

/** False only when the API says the model cannot be used in a batch. */
export function supportsBatch(info: ModelInfo): boolean {
  return info.capabilities?.batch?.supported !== false;
}

/** "128K output · 1M context", as the model picker shows a model's limits. */
export function describeLimits(info: ModelInfo): string {
  const short = (n: number): string => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${Math.round(n / 1000)}K`);
  return [
    info.max_tokens ? `${short(info.max_tokens)} output` : undefined,
    info.max_input_tokens ? `${short(info.max_input_tokens)} context` : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
}
