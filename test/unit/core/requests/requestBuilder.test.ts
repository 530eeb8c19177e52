import * as assert from 'node:assert/strict';
import { buildRequest, describeRange, sliceRange, SYSTEM_PROMPT } from '../../../../src/core/requests/requestBuilder';
import { CUSTOM_ID_PATTERN, type Task } from '../../../../src/core/model/records';
import { newTaskId } from '../../../../src/core/model/ids';

const text = 'line one\nline two\nline three\n';
const task = (over: Partial<Task> = {}): Task => ({
  id: newTaskId(),
  createdAt: '2026-11-23T00:00:00Z',
  instruction: 'Add doc comments',
  folderUri: 'file:///ws',
  relPath: 'src/a.ts',
  fileUri: 'file:///ws/src/a.ts',
  snapshotHash: 'x',
  fingerprint: 'f',
  ...over,
});

describe('requestBuilder', () => {
  it('uses the task id as a valid custom_id', () => {
    const t = task();
    const request = buildRequest(t, text, { model: 'claude-sonnet-5-5', maxTokens: 4096 });
    assert.equal(request.custom_id, t.id);
    assert.match(request.custom_id, CUSTOM_ID_PATTERN);
  });

  it('asks for structured output with the edit schema and sends no rejected parameters', () => {
    const request = buildRequest(task(), text, { model: 'claude-sonnet-5-5', maxTokens: 4096 });
    const format = request.params.output_config.format;
    assert.equal(format.type, 'json_schema');
    const schema = format.schema as { properties: Record<string, unknown>; required: string[] };
    assert.deepEqual(Object.keys(schema.properties).sort(), ['edits', 'summary']);
    assert.deepEqual([...schema.required].sort(), ['edits', 'summary']);
    for (const rejected of ['temperature', 'top_p', 'top_k', 'tool_choice', 'stream', 'thinking']) {
      assert.ok(!(rejected in request.params), `${rejected} must not be sent`);
    }
    assert.equal(request.params.max_tokens, 4096);
    assert.equal(request.params.system[0]?.text, SYSTEM_PROMPT);
  });

  it('puts the shared file first and the instruction last, marking the selection', () => {
    const range = { startLine: 1, startCharacter: 0, endLine: 1, endCharacter: 8 };
    const request = buildRequest(task({ range, instruction: 'Rename it' }), text, { model: 'm', maxTokens: 10 });
    const [fileBlock, taskBlock] = request.params.messages[0]!.content.map((c) => c.text);
    assert.equal(fileBlock, `<file path="src/a.ts">\n${text}\n</file>`);
    assert.match(taskBlock!, /<selection line 2>\nline two\n<\/selection>/);
    assert.ok(taskBlock!.trimEnd().endsWith('<instruction>\nRename it\n</instruction>'));
  });

  it("keeps the description of an edit's optional path in the schema the model is given", () => {
    const schema = buildRequest(task(), text, { model: 'm', maxTokens: 1 }).params.output_config.format.schema;
    // The edit object may be inlined or referenced from $defs: look for its `path` property wherever it is.
    const find = (node: unknown): { description?: string } | undefined => {
      if (typeof node !== 'object' || node === null) return undefined;
      const path = (node as { properties?: { path?: { description?: string } } }).properties?.path;
      return path ?? Object.values(node).map(find).find(Boolean);
    };
    assert.match(find(schema)?.description ?? '', /relative to the workspace folder/);
  });

  it('sends the effort when one is set, and a retried task its own max_tokens', () => {
    const plain = buildRequest(task(), text, { model: 'm', maxTokens: 64_000 });
    assert.ok(!('effort' in plain.params.output_config), 'no effort: the model decides');
    const set = buildRequest(task({ maxTokens: 8192 }), text, { model: 'm', maxTokens: 4096, effort: 'medium' });
    assert.equal(set.params.output_config.effort, 'medium');
    assert.equal(set.params.max_tokens, 8192);
  });

  it('rejects a task id that is not a valid custom_id', () => {
    assert.throws(() => buildRequest(task({ id: 'bad id!' }), text, { model: 'm', maxTokens: 1 }), /custom_id/);
  });

  it('slices and describes ranges', () => {
    assert.equal(
      sliceRange(text, { startLine: 0, startCharacter: 5, endLine: 2, endCharacter: 4 }),
      'one\nline two\nline',
    );
    assert.equal(describeRange({ startLine: 0, startCharacter: 0, endLine: 4, endCharacter: 1 }), 'lines 1–5');
    assert.equal(describeRange(undefined), 'whole file');
    // Shift+Down three times from line 1 ends at column 0 of line 4: the user selected lines 1–3.
    assert.equal(describeRange({ startLine: 0, startCharacter: 0, endLine: 3, endCharacter: 0 }), 'lines 1–3');
    assert.equal(describeRange({ startLine: 2, startCharacter: 0, endLine: 3, endCharacter: 0 }), 'line 3');
  });
});
