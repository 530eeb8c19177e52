// How the simulated model spends max_tokens, as real 5.x models do: it thinks first (a thinking block whose
// tokens are output tokens, billed and counted against max_tokens), then answers; when the budget runs out the
// answer stops where it is, with stop_reason "max_tokens". Deterministic, so tests can aim at either side.
import type { Effort, SimModel } from './models';
import type { ModelAnswer } from './model';

/** Thinking per effort level, as a multiple of the "high" amount. */
const EFFORT_SCALE: Record<Effort, number> = { low: 0.25, medium: 0.5, high: 1, xhigh: 1.5, max: 2 };
/** Characters per output token of the simulated tokenizer. */
const CHARS_PER_TOKEN = 4;

export interface Turn {
  content: Array<Record<string, unknown>>;
  stopReason: string;
  outputTokens: number;
  thinkingTokens: number;
}

/** Thinking grows with the work only so far: past this, a longer answer or prompt adds no more. */
const THINKING_GROWTH_CAP = 8000;

/**
 * Thinking grows with the work: a base, the answer it leads to, and a quarter of what was read, each up to a
 * cap. A model that only thinks when asked (extended thinking) does not think here: the product never asks it to.
 */
export function thinkingTokens(
  model: SimModel,
  effort: Effort | undefined,
  answerTokens: number,
  input: number,
): number {
  if (model.thinking === 'extended') return 0;
  const scale = EFFORT_SCALE[effort ?? 'high'];
  return Math.round(
    scale * (400 + Math.min(answerTokens, THINKING_GROWTH_CAP) + Math.min(input / 4, THINKING_GROWTH_CAP)),
  );
}

export function think(
  reply: Extract<ModelAnswer, { kind: 'text' }>,
  request: { model: SimModel; effort: Effort | undefined; maxTokens: number; inputTokens: number },
): Turn {
  const answerTokens = Math.ceil(reply.text.length / CHARS_PER_TOKEN);
  const wanted = thinkingTokens(request.model, request.effort, answerTokens, request.inputTokens);
  const thinking = Math.min(wanted, request.maxTokens);
  const content: Array<Record<string, unknown>> = [];
  if (thinking > 0)
    content.push({
      type: 'thinking',
      thinking: 'The simulator considered the request.',
      signature: `sig_${thinking.toString(36)}`,
    });
  const room = request.maxTokens - thinking;
  if (answerTokens > room) {
    if (room > 0) content.push({ type: 'text', text: reply.text.slice(0, room * CHARS_PER_TOKEN) });
    return { content, stopReason: 'max_tokens', outputTokens: request.maxTokens, thinkingTokens: thinking };
  }
  content.push({ type: 'text', text: reply.text });
  return {
    content,
    stopReason: reply.stopReason ?? 'end_turn',
    outputTokens: thinking + answerTokens,
    thinkingTokens: thinking,
  };
}
