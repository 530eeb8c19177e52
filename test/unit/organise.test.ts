import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { labelProblem, labelsIn, matchesFilter, splitLabel } from '../../src/core/taskLabels';
import { defaultLabel } from '../../src/core/labels';
import { describeWhen, exclusively, parseWhen, reachesThreshold, ScheduleFile } from '../../src/core/schedule';
import { formatOf, parseTaskFile } from '../../src/core/taskImport';
import { exportResults } from '../../src/core/resultExport';
import type { BatchRecord, Task } from '../../src/core/model';

const task = (id: string, extra: Partial<Task> = {}): Task => ({
  id, createdAt: '2026-11-23T00:00:00Z', instruction: 'Add doc comments', folderUri: 'file:///ws',
  relPath: `src/${id}.ts`, fileUri: `file:///ws/src/${id}.ts`, snapshotHash: 'x', fingerprint: id, ...extra,
});

describe('labels', () => {
  it('reads "#label instruction", and leaves text without a valid tag alone', () => {
    assert.deepEqual(splitLabel('#docs Add doc comments'), { label: 'docs', instruction: 'Add doc comments' });
    assert.deepEqual(splitLabel('  #sprint-12   Write unit tests '), { label: 'sprint-12', instruction: 'Write unit tests' });
    assert.deepEqual(splitLabel('#docs'), { instruction: '#docs' }, 'a tag alone is not an instruction');
    assert.deepEqual(splitLabel('Fix issue #12 please'), { instruction: 'Fix issue #12 please' });
    assert.deepEqual(splitLabel('#a/b do it'), { instruction: '#a/b do it' }, 'a slash is not in a label');
  });

  it('names what is wrong with a label, counts labels in use, and filters', () => {
    assert.equal(labelProblem('docs'), undefined);
    assert.match(labelProblem('two words')!, /one word/);
    assert.match(labelProblem('x'.repeat(41))!, /at most 40/);
    const tasks = [task('a', { label: 'docs' }), task('b', { label: 'tests' }), task('c', { label: 'docs' }), task('d')];
    assert.deepEqual(labelsIn(tasks), [{ label: 'docs', count: 2 }, { label: 'tests', count: 1 }]);
    assert.deepEqual(tasks.filter((t) => matchesFilter(t, new Set(['docs']))).map((t) => t.id), ['a', 'c']);
    assert.equal(tasks.filter((t) => matchesFilter(t, new Set())).length, 4, 'no filter shows all');
  });

  it('names a batch after the label its tasks share', () => {
    const when = new Date(2026, 10, 23, 14, 5);
    assert.equal(defaultLabel([task('a', { label: 'docs' }), task('b', { label: 'docs' })], when), 'docs · 2 tasks · 2026-11-23 14:05');
    assert.equal(defaultLabel([task('a', { label: 'docs' }), task('b')], when), '2 tasks · 2026-11-23 14:05');
  });
});

describe('schedule', () => {
  const now = new Date(2026, 10, 23, 14, 0, 0);

  it('reads times of day, delays and dates, and says why it cannot', () => {
    const at = (input: string): Date => {
      const parsed = parseWhen(input, now);
      assert.ok('at' in parsed, `${input}: ${'problem' in parsed ? parsed.problem : ''}`);
      return parsed.at;
    };
    assert.equal(at('22:00').getTime(), new Date(2026, 10, 23, 22, 0).getTime());
    assert.equal(at('09:30').getTime(), new Date(2026, 10, 24, 9, 30).getTime(), 'a time already past today is tomorrow');
    assert.equal(at('in 2h').getTime() - now.getTime(), 2 * 3_600_000);
    assert.equal(at('1h30m').getTime() - now.getTime(), 90 * 60_000);
    assert.equal(at('45s').getTime() - now.getTime(), 45_000);
    assert.equal(at('2026-11-24 02:00').getTime(), new Date(2026, 10, 24, 2, 0).getTime());
    for (const bad of ['', 'tonight', '25:00', '2026-11-22 10:00', '0m']) assert.ok('problem' in parseWhen(bad, now), bad);
    assert.equal(describeWhen(new Date(2026, 10, 23, 22, 0), now), '22:00');
    assert.match(describeWhen(new Date(2026, 10, 24, 2, 0), now), /Nov 24 02:00$/);
  });

  it('auto-submits at the threshold, never when it is 0', () => {
    assert.equal(reachesThreshold(10, 10), true);
    assert.equal(reachesThreshold(9, 10), false);
    assert.equal(reachesThreshold(1000, 0), false);
  });

  it('keeps the schedule in a file that exactly one window can claim', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cb-schedule-'));
    const file = new ScheduleFile(path.join(dir, 'schedule.json'));
    await file.write({ at: '2026-11-23T22:00:00.000Z', setAt: '2026-11-23T14:00:00.000Z' });
    assert.equal((await file.read()).schedule?.at, '2026-11-23T22:00:00.000Z');
    const claims = await Promise.all([file.claim(), file.claim(), file.claim()]);
    assert.deepEqual(claims.filter(Boolean).length, 1);
    assert.deepEqual(await file.read(), {});

    writeFileSync(path.join(dir, 'schedule.json'), '{"at": "tomorrow"}');
    const damaged = await file.read();
    assert.match(damaged.problem ?? '', /at: .*kept as/);
  });

  it('runs auto-submit work in one window at a time', async () => {
    const lock = path.join(mkdtempSync(path.join(os.tmpdir(), 'cb-lock-')), 'auto.lock');
    let running = 0;
    let ran = 0;
    const work = async (): Promise<void> => {
      running++;
      assert.equal(running, 1);
      await new Promise((r) => setTimeout(r, 20));
      running--;
      ran++;
    };
    const results = await Promise.all([exclusively(lock, work), exclusively(lock, work)]);
    assert.deepEqual([results.filter(Boolean).length, ran, existsSync(lock)], [1, 1, false]);
  });
});

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
    const { entries, problems } = parseTaskFile(text, 'jsonl');
    assert.deepEqual(entries.map((e) => [e.line, e.task.file]), [[3, 'src/b.ts'], [1, 'src/a.ts']]);
    assert.equal(problems.length, 4);
    assert.match(problems[0]!, /^line 4: range\.endLine: endLine must not be before startLine/);
    assert.match(problems[1]!, /^line 5: instruction: /);
    assert.match(problems[2]!, /^line 6: not valid JSON/);
    assert.match(problems[3]!, /^line 7: .*colour/);
  });

  it('reads a JSON array or { "tasks": [...] }, naming the line each task starts on', () => {
    const text = '{\n  "version": 1,\n  "tasks": [\n    { "file": "a.ts", "instruction": "ok" },\n    {\n      "file": "b.ts",\n      "label": "two words",\n      "instruction": "x"\n    }\n  ]\n}\n';
    const { entries, problems } = parseTaskFile(text, 'json');
    assert.deepEqual(entries.map((e) => e.line), [4]);
    assert.deepEqual(problems, ['line 5: label: a label is one word of at most 40 letters, digits, "_", "." or "-"']);
    assert.match(parseTaskFile('{"tasks": 3}', 'json').problems[0]!, /expected an array/);
    assert.match(parseTaskFile('[]', 'json').problems[0]!, /no tasks/);
    assert.equal(parseTaskFile('\uFEFF[{"file":"a","instruction":"b"}]', 'json').entries.length, 1, 'a BOM is fine');
    assert.deepEqual([formatOf('x.jsonl'), formatOf('x.JSON'), formatOf('x.txt')], ['jsonl', 'json', undefined]);
  });
});

describe('result export', () => {
  const record: BatchRecord = {
    id: 'msgbatch_1', workspaceKey: 'w', label: 'docs run', createdAt: '2026-11-23T00:00:00Z', expiresAt: '2026-11-24T00:00:00Z',
    status: 'ended', counts: { processing: 0, succeeded: 2, errored: 1, canceled: 0, expired: 0 }, taskIds: ['a', 'b', 'c'], resultsIngested: true,
  };
  const usage = { input_tokens: 1000, output_tokens: 100 };
  const tasks = [
    task('a', { batchId: 'msgbatch_1', label: 'docs', outcome: { type: 'edits', summary: 'Documented', edits: [{ old_text: 'function a', new_text: '/** A. */\nfunction a' }], usage } }),
    task('b', { batchId: 'msgbatch_1', outcome: { type: 'answer', text: 'Looks fine.', usage } }),
    task('c', { batchId: 'msgbatch_1', outcome: { type: 'errored', errorType: 'invalid_request_error', message: 'too long' } }),
  ];

  it('writes one JSON object per task with what a script needs', () => {
    const lines = exportResults(record, tasks, 'jsonl', { input: 3, output: 15 }).trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => [l.id, l.state]), [['a', 'ready'], ['b', 'answer'], ['c', 'errored']]);
    assert.equal(lines[0].edits[0].new_text, '/** A. */\nfunction a');
    assert.equal(lines[0].label, 'docs');
    assert.equal(lines[0].costUsd, 0.00225, 'half of 1,000 × $3/M + 100 × $15/M');
    assert.equal(lines[1].answer, 'Looks fine.');
    assert.deepEqual(lines[2].error, { type: 'invalid_request_error', message: 'too long' });
  });

  it('writes a Markdown report with a diff per edit', () => {
    const md = exportResults(record, tasks, 'markdown');
    assert.match(md, /^# docs run/);
    assert.match(md, /## src\/a\.ts · whole file/);
    assert.match(md, /```diff\n-function a\n\+\/\*\* A\. \*\/\n\+function a\n```/);
    assert.match(md, /> Error \(invalid_request_error\): too long/);
  });
});
