import * as assert from 'node:assert/strict';
import { costReport, renderCostReport } from '../../../../src/core/cost/costReport';
import { PRICE_TABLE } from '../../../../src/core/cost/prices';
import type { BatchRecord, Task } from '../../../../src/core/model/records';

const record = (id: string, name: string, model?: string): BatchRecord => ({
  id,
  workspaceKey: 'ws',
  name,
  createdAt: `2026-11-2${id.length}T10:00:00Z`,
  expiresAt: '2026-11-30T10:00:00Z',
  status: 'ended',
  counts: { processing: 0, succeeded: 2, errored: 1, canceled: 0, expired: 0 },
  taskIds: [],
  resultsIngested: true,
  endedAt: null,
  ...(model ? { model } : {}),
});
const task = (id: string, input: number, output: number, cacheRead = 0): Task => ({
  id,
  createdAt: '2026-11-20T10:00:00Z',
  instruction: 'x',
  folderUri: 'file:///ws',
  relPath: 'a.js',
  fileUri: 'file:///ws/a.js',
  snapshotHash: 'h',
  fingerprint: 'f',
  batchId: 'b',
  outcome: {
    type: 'edits',
    summary: 's',
    edits: [{ old_text: 'a', new_text: 'b' }],
    usage: { input_tokens: input, output_tokens: output, cache_read_input_tokens: cacheRead },
  },
});
const errored: Task = { ...task('e', 0, 0), outcome: { type: 'errored', errorType: 'api_error', message: 'm' } };

describe('cost report', () => {
  it('sums actual usage per batch and in total, at batch price against synchronous price', () => {
    const report = costReport(
      [
        {
          record: record('b1', 'docs', 'claude-sonnet-5-5'),
          tasks: [task('t1', 1_000_000, 0), task('t2', 0, 100_000), errored],
        },
        { record: record('b22', 'tests', 'claude-unknown-9'), tasks: [task('t3', 10, 10)] },
      ],
      (model) => PRICE_TABLE[model],
      'claude-sonnet-5-5',
    );
    assert.equal(report.rows.length, 1);
    const [row] = report.rows;
    assert.deepEqual([row!.billed, row!.tasks], [2, 3], 'errored requests are not billed');
    // Sonnet 5.5: $2 per million input, $10 per million output; the batch pays half.
    assert.equal(row!.standardUsd, 2 + 1);
    assert.equal(row!.batchUsd, 1.5);
    assert.deepEqual(report.unpriced, ['claude-unknown-9']);
    const markdown = renderCostReport(report, '2026-11-01');
    assert.match(markdown, /\*\*\$1\.50\*\* spent on 2 results in 1 batch; .* \$3\.00: \*\*\$1\.50 saved\*\*/);
    assert.match(markdown, /\| docs \| claude-sonnet-5-5 \| 2\/3 \| 1,000,000 \| 100,000 \|/);
    assert.match(
      markdown,
      /docs +batch █{15} \$1\.50\n +sync {2}░{30} \$3\.00/,
      'a bar chart, batch against synchronous',
    );
    assert.match(markdown, /Not priced .*claude-unknown-9/);
  });

  it('says so when nothing has results yet', () => {
    assert.match(
      renderCostReport(
        costReport([], () => undefined, 'm'),
        '2026-11-01',
      ),
      /No batch has results yet\./,
    );
  });
});
