// Turns one line of a batch's results JSONL into a task outcome. Model output is untrusted: it is parsed with
// the same zod schema the request asked for, and anything else is kept as an answer with the reason.
import * as z from 'zod';
import { describeZodError } from '../errors';
import { EditResponseSchema } from '../requests/editProtocol';
import { UsageSchema, type Outcome } from '../model/records';

const ResultLineSchema = z.lazy(() =>
  z.object({
    custom_id: z.string(),
    result: z.discriminatedUnion('type', [
      z.object({
        type: z.literal('succeeded'),
        message: z.object({
          content: z.array(z.object({ type: z.string(), text: z.string().optional() })),
          stop_reason: z.string().nullish(),
          usage: UsageSchema,
        }),
      }),
      z.object({
        type: z.literal('errored'),
        // The API nests {type:'error', error:{type, message}}; accept the flat form too.
        error: z.union([
          z.object({ type: z.literal('error'), error: z.object({ type: z.string(), message: z.string() }) }),
          z.object({ type: z.string(), message: z.string() }),
        ]),
      }),
      z.object({ type: z.literal('canceled') }),
      z.object({ type: z.literal('expired') }),
    ]),
  }),
);

const STOP_REASONS = ['max_tokens', 'refusal', 'model_context_window_exceeded'] as const;
type StopReason = (typeof STOP_REASONS)[number];
const isStopReason = (reason: string): reason is StopReason => (STOP_REASONS as readonly string[]).includes(reason);

/** What a stopped answer means to the user, and what they can do about it. */
export const STOP_EXPLANATIONS: Record<StopReason, string> = {
  max_tokens:
    'The answer was cut off: thinking and answer together reached max_tokens. Retry with More Room sends it again with a larger max_tokens.',
  refusal: 'The model declined this request. Rephrase the instruction and queue it again.',
  model_context_window_exceeded:
    "The answer stopped when the model's context window was full: the file and answer are too large together. Select a smaller region and queue it again.",
};

export type ParsedResult = { ok: true; customId: string; outcome: Outcome } | { ok: false; problem: string };

export function parseResultLine(line: unknown): ParsedResult {
  const parsed = ResultLineSchema.safeParse(line);
  if (!parsed.success) return { ok: false, problem: `result line: ${describeZodError(parsed.error)}` };
  const { custom_id: customId, result } = parsed.data;
  switch (result.type) {
    case 'succeeded': {
      const { content, usage, stop_reason: stopReason } = result.message;
      return { ok: true, customId, outcome: outcomeFromText(content, usage, stopReason ?? undefined) };
    }
    case 'errored': {
      const detail: { type: string; message: string } = 'error' in result.error ? result.error.error : result.error;
      return { ok: true, customId, outcome: { type: 'errored', errorType: detail.type, message: detail.message } };
    }
    default:
      return { ok: true, customId, outcome: { type: result.type } };
  }
}

function outcomeFromText(
  // Thinking blocks come first and are not part of the answer; only text blocks are.
  content: Array<{ type: string; text?: string | undefined }>,
  usage: z.infer<typeof UsageSchema>,
  stopReason: string | undefined,
): Outcome {
  const text = content
    .filter((block) => block.type === 'text' && typeof block.text === 'string')
    .map((block) => block.text)
    .join('');
  if (stopReason && isStopReason(stopReason)) return { type: 'stopped', stopReason, text, usage };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      type: 'answer',
      text,
      reason: `The answer is not valid JSON (${(error as Error).message}), so it cannot be applied.`,
      usage,
    };
  }
  const response = EditResponseSchema.safeParse(json);
  if (!response.success) {
    return {
      type: 'answer',
      text,
      reason: `The answer does not match the edit schema (${describeZodError(response.error)}), so it cannot be applied.`,
      usage,
    };
  }
  if (response.data.edits.length === 0) return { type: 'answer', text: response.data.summary, usage };
  return { type: 'edits', summary: response.data.summary, edits: response.data.edits, usage };
}
