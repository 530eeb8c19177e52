import * as assert from 'node:assert/strict';
import type { BatchRecord, Task } from '../../../../src/core/model/records';
import { olderNode, RECENT_BATCHES, splitHistory } from '../../../../src/vscode/views/batchHistory';
import { makeTask } from '../../../helpers/fakes';

/** Batch n was made n minutes after midnight; `ended` unless said otherwise. */
const batch = (n: number, over: Partial<BatchRecord> = {}): BatchRecord => ({
  id: `msgbatch_${n}`,
  workspaceKey: 'ws',
  name: `batch ${n}`,
  createdAt: new Date(Date.UTC(2026, 10, 23, 0, n)).toISOString(),
  expiresAt: '2026-11-30T00:00:00Z',
  status: 'ended',
  counts: { processing: 0, succeeded: 1, errored: 0, canceled: 0, expired: 0 },
  taskIds: [`t${n}`],
  resultsIngested: true,
  ...over,
});
/** Newest first, as the registry lists them. */
const newestFirst = (batches: BatchRecord[]) => [...batches].reverse();
const ids = (records: readonly BatchRecord[]) => records.map((r) => r.id);

describe('batch history in the tree', () => {
  it(`shows the newest ${RECENT_BATCHES} batches at the root and the rest under Older batches, in order`, () => {
    const kept = newestFirst(Array.from({ length: 25 }, (_, n) => batch(n)));
    const { recent, older } = splitHistory(kept);
    assert.deepEqual(ids(recent), ids(kept.slice(0, RECENT_BATCHES)));
    assert.deepEqual(ids(older), ids(kept.slice(RECENT_BATCHES)));
    assert.deepEqual(
      splitHistory(kept.slice(0, RECENT_BATCHES)).older,
      [],
      'no Older batches row until there are more',
    );
  });

  it('keeps a batch still running, or still downloading its results, at the root however old', () => {
    const kept = newestFirst([
      batch(0, { status: 'in_progress', resultsIngested: false }),
      batch(1, { resultsIngested: false }),
      ...Array.from({ length: 25 }, (_, n) => batch(n + 2)),
    ]);
    const { recent, older } = splitHistory(kept);
    assert.ok(ids(recent).includes('msgbatch_0') && ids(recent).includes('msgbatch_1'));
    assert.equal(older.length, 5, 'the 25 ended ones: 20 at the root, 5 under Older batches');
    assert.ok(!ids(older).includes('msgbatch_0'));
  });

  it('counts a split submission once, and keeps its parts together', () => {
    const part = (n: number, index: number) => batch(n, { part: { submissionId: 'sub', index, of: 2 } });
    const kept = newestFirst([part(0, 1), part(1, 2), ...Array.from({ length: 19 }, (_, n) => batch(n + 2))]);
    // 19 single batches + one submission = 20 entries: all at the root.
    assert.deepEqual(splitHistory(kept).older, []);
    const more = newestFirst([part(0, 1), part(1, 2), ...Array.from({ length: 20 }, (_, n) => batch(n + 2))]);
    assert.deepEqual(ids(splitHistory(more).older).sort(), ['msgbatch_0', 'msgbatch_1']);
  });

  it('says on the Older batches row how many batches it holds and how many results wait for review', () => {
    const older = [batch(1), batch(2)];
    const ready: Task = makeTask('t1', {
      batchId: 'msgbatch_1',
      outcome: { type: 'answer', text: 'Looks fine.' },
    });
    const applied: Task = { ...ready, id: 't2', review: { state: 'applied', at: '2026-11-23T01:00:00Z' } };
    const row = olderNode(older, (id) => (id === 'msgbatch_1' ? [ready] : [applied]));
    assert.equal(row.label, 'Older batches');
    assert.equal(row.description, '2 batches · 1 result to review');
    assert.equal(row.startCollapsed, true, 'its rows are built only when it is opened');
  });
});
