import * as assert from 'node:assert/strict';
import { formatOf, parseTaskFile } from '../../../../src/core/queue/taskImport';
import { formatProblem } from '../../../../src/core/errors';

describe('task files', () => {
  it('reads JSONL, orders by priority, and names the line and field of each problem', () => {
    const text = [
      '{"file": "src/a.ts", "instruction": "Add doc comments"}',
      '',
      '{"file": "src/b.ts", "instruction": "Write unit tests", "priority": 5, "label": "tests"}',
      '{"file": "src/c.ts", "instruction": "x", "range": {"startLine": 9, "endLine": 3}}',
      '{"file": "src/d.ts"}',
      'not json',
      '{"file": "src/e.ts", "instruction": "y", "colour": "red"}',
    ].join('\n');
    const parsed = parseTaskFile(text, 'jsonl');
    const { entries } = parsed;
    const problems = parsed.problems.map(formatProblem);
    assert.deepEqual(
      entries.map((e) => [e.line, e.task.file]),
      [
        [3, 'src/b.ts'],
        [1, 'src/a.ts'],
      ],
    );
    assert.deepEqual(
      parsed.problems.map((p) => [p.line, p.field]),
      [
        [4, 'range.endLine'],
        [5, 'instruction'],
        [6, ''],
        [7, ''],
      ],
    );
    assert.match(problems[0]!, /^line 4: range\.endLine: endLine must not be before startLine/);
    assert.match(problems[1]!, /^line 5: instruction: /);
    assert.match(problems[2]!, /^line 6: not valid JSON/);
    assert.match(problems[3]!, /^line 7: .*colour/);
  });

  it('reads a JSON array or { "tasks": [...] }, naming the line each task starts on', () => {
    const text =
      '{\n  "version": 1,\n  "tasks": [\n    { "file": "a.ts", "instruction": "ok" },\n    {\n      "file": "b.ts",\n      "label": "two words",\n      "instruction": "x"\n    }\n  ]\n}\n';
    const parsed = parseTaskFile(text, 'json');
    const { entries } = parsed;
    const problems = parsed.problems.map(formatProblem);
    assert.deepEqual(
      entries.map((e) => e.line),
      [4],
    );
    assert.deepEqual(problems, ['line 5: label: a label is one word of at most 40 letters, digits, "_", "." or "-"']);
    assert.match(formatProblem(parseTaskFile('{"tasks": 3}', 'json').problems[0]!), /expected an array/);
    assert.match(formatProblem(parseTaskFile('[]', 'json').problems[0]!), /no tasks/);
    assert.equal(parseTaskFile('\uFEFF[{"file":"a","instruction":"b"}]', 'json').entries.length, 1, 'a BOM is fine');
    assert.deepEqual([formatOf('x.jsonl'), formatOf('x.JSON'), formatOf('x.txt')], ['jsonl', 'json', undefined]);
  });
});
