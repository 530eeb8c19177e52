import * as assert from 'node:assert/strict';
import { makeTask } from '../../../helpers/fakes';
import { exportResults } from '../../../../src/core/results/resultExport';
import type { BatchRecord } from '../../../../src/core/model/records';

const task = makeTask;

describe('result export', () => {
  const record: BatchRecord = {
    id: 'msgbatch_1',
    workspaceKey: 'w',
    name: 'docs run',
    createdAt: '2026-11-23T00:00:00Z',
    expiresAt: '2026-11-24T00:00:00Z',
    status: 'ended',
    counts: { processing: 0, succeeded: 2, errored: 1, canceled: 0, expired: 0 },
    taskIds: ['a', 'b', 'c'],
    resultsIngested: true,
  };
  const usage = { input_tokens: 1000, output_tokens: 100 };
  const tasks = [
    task('a', {
      batchId: 'msgbatch_1',
      label: 'docs',
      outcome: {
        type: 'edits',
        summary: 'Documented',
        edits: [{ old_text: 'function a', new_text: '/** A. */\nfunction a' }],
        usage,
      },
    }),
    task('b', { batchId: 'msgbatch_1', outcome: { type: 'answer', text: 'Looks fine.', usage } }),
    task('c', {
      batchId: 'msgbatch_1',
      outcome: { type: 'errored', errorType: 'invalid_request_error', message: 'too long' },
    }),
  ];

  it('writes one JSON object per task with what a script needs', () => {
    const lines = exportResults(record, tasks, 'jsonl', { input: 3, output: 15 })
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      lines.map((l) => [l.id, l.state]),
      [
        ['a', 'ready'],
        ['b', 'answer'],
        ['c', 'errored'],
      ],
    );
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
