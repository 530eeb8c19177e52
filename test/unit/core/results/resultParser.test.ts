import * as assert from 'node:assert/strict';
import { parseResultLine } from '../../../../src/core/results/resultParser';

const usage = { input_tokens: 100, output_tokens: 20, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
const succeeded = (text: string, stop_reason = 'end_turn') => ({
  custom_id: 't1',
  result: { type: 'succeeded', message: { content: [{ type: 'text', text }], stop_reason, usage } },
});

describe('resultParser', () => {
  it('reads edits from a succeeded result', () => {
    const parsed = parseResultLine(
      succeeded(JSON.stringify({ summary: 'Renamed', edits: [{ old_text: 'a', new_text: 'b' }] })),
    );
    assert.deepEqual(parsed, {
      ok: true,
      customId: 't1',
      outcome: { type: 'edits', summary: 'Renamed', edits: [{ old_text: 'a', new_text: 'b' }], usage },
    });
  });

  it('treats a result with no edits as an answer (reviews, explanations)', () => {
    const parsed = parseResultLine(succeeded(JSON.stringify({ summary: '## Review\n- fine', edits: [] })));
    assert.deepEqual(parsed, {
      ok: true,
      customId: 't1',
      outcome: { type: 'answer', text: '## Review\n- fine', usage },
    });
  });

  it('keeps malformed output as an answer with the reason, never as edits', () => {
    const parsed = parseResultLine(succeeded('Here is prose, not JSON'));
    assert.ok(parsed.ok && parsed.outcome.type === 'answer');
    assert.equal(parsed.outcome.text, 'Here is prose, not JSON');
    assert.match(parsed.outcome.reason ?? '', /not valid JSON/);
  });

  it('keeps JSON of the wrong shape as an answer naming the field', () => {
    const parsed = parseResultLine(succeeded(JSON.stringify({ summary: 'x', edits: [{ old: 'a' }] })));
    assert.ok(parsed.ok && parsed.outcome.type === 'answer');
    assert.match(parsed.outcome.reason ?? '', /edits\[0\]\.old_text/);
  });

  it('keeps an answer cut off at max_tokens as a cut-off state with what arrived, never as an answer', () => {
    const parsed = parseResultLine(succeeded('{"summary": "trunc', 'max_tokens'));
    assert.deepEqual(parsed, {
      ok: true,
      customId: 't1',
      outcome: { type: 'stopped', stopReason: 'max_tokens', text: '{"summary": "trunc', usage },
    });
  });

  it('names a refusal and a full context window as such', () => {
    for (const reason of ['refusal', 'model_context_window_exceeded'] as const) {
      const parsed = parseResultLine(succeeded('{"summary": "I', reason));
      assert.ok(parsed.ok && parsed.outcome.type === 'stopped');
      assert.equal(parsed.outcome.stopReason, reason);
    }
  });

  it('reads the answer after a thinking block, and keeps how many output tokens were thinking', () => {
    const thinkingUsage = { ...usage, output_tokens: 900, output_tokens_details: { thinking_tokens: 880 } };
    const parsed = parseResultLine({
      custom_id: 't1',
      result: {
        type: 'succeeded',
        message: {
          content: [
            { type: 'thinking', thinking: 'Let me see.', signature: 'sig' },
            { type: 'text', text: JSON.stringify({ summary: 'Fine', edits: [] }) },
          ],
          stop_reason: 'end_turn',
          usage: thinkingUsage,
        },
      },
    });
    assert.deepEqual(parsed, {
      ok: true,
      customId: 't1',
      outcome: { type: 'answer', text: 'Fine', usage: thinkingUsage },
    });
  });

  it('reads errored results with the API message', () => {
    const parsed = parseResultLine({
      custom_id: 't2',
      result: {
        type: 'errored',
        error: { type: 'error', error: { type: 'invalid_request_error', message: 'max_tokens: too large' } },
      },
    });
    assert.deepEqual(parsed, {
      ok: true,
      customId: 't2',
      outcome: { type: 'errored', errorType: 'invalid_request_error', message: 'max_tokens: too large' },
    });
  });

  it('reads canceled and expired results', () => {
    assert.deepEqual(parseResultLine({ custom_id: 'a', result: { type: 'canceled' } }), {
      ok: true,
      customId: 'a',
      outcome: { type: 'canceled' },
    });
    assert.deepEqual(parseResultLine({ custom_id: 'b', result: { type: 'expired' } }), {
      ok: true,
      customId: 'b',
      outcome: { type: 'expired' },
    });
  });

  it('reports a line that is not a result, naming the field', () => {
    const parsed = parseResultLine({ result: { type: 'succeeded' } });
    assert.equal(parsed.ok, false);
    assert.match((parsed as { problem: string }).problem, /custom_id/);
  });
});
