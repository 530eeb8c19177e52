// The simulator's deterministic "model": predictable answers so tests can assert exact edits.
//   replace "A" with "B"         → an edit replacing A with B (several phrases → several edits)
//   add doc comments             → a doc comment above every function of the selection, or of the file
//   review / list problems       → a Markdown answer, no edits
//   [sim:errored] [sim:expired]  → that request errors or expires
//   [sim:malformed]              → text that is not JSON (the extension must keep it as an answer)
//   [sim:large]                  → a review of about 2 MB (far more than a real max_tokens allows)
//   [sim:refuse]                 → the model declines (stop_reason "refusal")
//   [sim:context-full]           → the answer stops when the context window is full
//   write unit tests             → a new test file next to the task's file (path relative to the folder)
//   [sim:create PATH]            → asks to create PATH (to test paths that must be refused)
// A scenario file can script answers for instructions containing a given text.
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';

export interface ScenarioRule {
  match: string;
  /** Raw text the model answers (need not be JSON). */
  text?: string;
  summary?: string;
  edits?: Array<{ path?: string; old_text: string; new_text: string }>;
  outcome?: 'errored' | 'expired';
  error?: string;
}

export type ModelAnswer =
  | { kind: 'text'; text: string; stopReason?: string }
  | { kind: 'errored'; errorType: string; message: string }
  | { kind: 'expired' };

export function loadScenario(file: string | undefined): ScenarioRule[] {
  if (!file) return [];
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { rules?: ScenarioRule[] };
  return parsed.rules ?? [];
}

interface Prompt {
  instruction: string;
  path: string;
  file: string;
  selection: string | undefined;
}

/** The texts of a message's content blocks, joined. */
function messageText(message: Record<string, unknown>): string {
  const content = message['content'];
  const blocks = typeof content === 'string' ? [content] : Array.isArray(content) ? content : [];
  return blocks
    .map((c: unknown) =>
      typeof c === 'string'
        ? c
        : typeof (c as { text?: unknown }).text === 'string'
          ? (c as { text: string }).text
          : '',
    )
    .join('\n');
}

/**
 * What the last user turn asks (its instruction, or a follow-up's feedback) about the file as it reads last
 * (a follow-up sends it again, as it reads now).
 */
export function readPrompt(params: Record<string, unknown>): Prompt {
  const messages = Array.isArray(params['messages']) ? (params['messages'] as Array<Record<string, unknown>>) : [];
  const text = messages.map(messageText).join('\n');
  const lastUser = [...messages].reverse().find((m) => m['role'] === 'user');
  const asked = lastUser ? messageText(lastUser) : text;
  const instruction =
    /<feedback>\n([\s\S]*?)\n<\/feedback>/.exec(asked)?.[1] ??
    /<instruction>\n([\s\S]*?)\n<\/instruction>/.exec(asked)?.[1] ??
    asked;
  const files = [...text.matchAll(/<file path="([^"]*)">\n([\s\S]*?)\n<\/file>/g)];
  const fileMatch = files[files.length - 1];
  const selection = /<selection [^>]*>\n([\s\S]*?)\n<\/selection>/.exec(asked)?.[1];
  return { instruction, path: fileMatch?.[1] ?? '', file: fileMatch?.[2] ?? '', selection };
}

function json(summary: string, edits: ScenarioRule['edits'] = []): ModelAnswer {
  return { kind: 'text', text: JSON.stringify({ summary, edits }) };
}

export function answer(params: Record<string, unknown>, rules: ScenarioRule[]): ModelAnswer {
  const prompt = readPrompt(params);
  const { instruction } = prompt;
  const rule = rules.find((r) => instruction.includes(r.match));
  if (rule) {
    if (rule.outcome === 'errored')
      return { kind: 'errored', errorType: 'api_error', message: rule.error ?? 'Scripted error' };
    if (rule.outcome === 'expired') return { kind: 'expired' };
    if (rule.text !== undefined) return { kind: 'text', text: rule.text };
    return json(rule.summary ?? 'Scripted answer', rule.edits ?? []);
  }
  if (instruction.includes('[sim:errored]')) {
    return {
      kind: 'errored',
      errorType: 'invalid_request_error',
      message: 'Simulated error: the request was rejected.',
    };
  }
  if (instruction.includes('[sim:expired]')) return { kind: 'expired' };
  if (instruction.includes('[sim:malformed]')) return { kind: 'text', text: 'Sorry, here is prose instead of JSON.' };
  if (instruction.includes('[sim:refuse]')) return { kind: 'text', text: '{"summary": "I can', stopReason: 'refusal' };
  if (instruction.includes('[sim:context-full]'))
    return {
      kind: 'text',
      text: '{"summary": "A long answer that filled the context',
      stopReason: 'model_context_window_exceeded',
    };
  if (instruction.includes('[sim:large]')) {
    const findings = Array.from(
      { length: 20_000 },
      (_, i) => `- Finding ${i + 1}: ${'a long explanation of a small problem '.repeat(2)}`,
    );
    return json(`## Large review\n\n${findings.join('\n')}\n\nEnd of the large review.`);
  }

  const create = /\[sim:create ([^\]]+)\]/.exec(instruction);
  if (create)
    return json(`Created ${create[1]}.`, [{ path: create[1]!, old_text: '', new_text: 'created by the simulator\n' }]);
  if (/unit tests?/i.test(instruction)) {
    const names = [...prompt.file.matchAll(/^(?:export\s+)?(?:async\s+)?function\s+(\w+)/gm)].map((m) => m[1]!);
    const ext = posix.extname(prompt.path);
    if (names.length && ext) {
      const testPath = `${prompt.path.slice(0, -ext.length)}.test${ext}`;
      const tests = names.map(
        (n) => `test('${n} is a function', () => {\n  assert.equal(typeof ${n}, 'function');\n});\n`,
      );
      const body = `import assert from 'node:assert/strict';\nimport { ${names.join(', ')} } from './${posix.basename(prompt.path)}';\n\n${tests.join('\n')}`;
      return json(`Wrote ${names.length} tests in ${testPath}.`, [{ path: testPath, old_text: '', new_text: body }]);
    }
  }

  const replacements = [...instruction.matchAll(/replace "((?:[^"\\]|\\.)*)" with "((?:[^"\\]|\\.)*)"/gi)];
  if (replacements.length) {
    const unescape = (s: string): string => s.replace(/\\(.)/g, '$1');
    return json(
      `Replaced ${replacements.map((m) => `"${unescape(m[1]!)}"`).join(', ')} as asked.`,
      replacements.map((m) => ({ old_text: unescape(m[1]!), new_text: unescape(m[2]!) })),
    );
  }
  if (/doc comment/i.test(instruction)) {
    const source = prompt.selection ?? prompt.file;
    const functions = [...source.matchAll(/^([ \t]*)((?:export\s+)?(?:async\s+)?function\s+(\w+)[^\n]*)$/gm)];
    if (functions.length === 0) return json('No function found to document.');
    return json(
      `Added doc comments to ${functions.length} function${functions.length === 1 ? '' : 's'}.`,
      functions.map(([, indent, line, name]) => ({
        old_text: line!,
        new_text: `/** ${name}: documented by the simulator. */\n${indent}${line}`,
      })),
    );
  }
  if (/review|problem|explain/i.test(instruction)) {
    const lines = prompt.file.split('\n').length;
    return json(
      `## Review of ${prompt.path || 'the file'}\n\n- ${lines} lines read.\n- No problems found by the simulator.`,
    );
  }
  return json(`Simulated answer to: ${instruction}`);
}
