import * as assert from 'node:assert/strict';
import {
  reconcile,
  SETTLE_MS,
  SubmissionJournal,
  type Intent,
  type ListedBatch,
} from '../../../../src/core/submit/submissionJournal';
import { InMemoryMemento } from '../../../helpers/fakes';

const t0 = Date.parse('2026-11-23T12:00:00Z');
const intent: Intent = {
  id: 'i1',
  workspaceKey: 'ws',
  taskIds: ['a', 'b', 'c'],
  name: 'x',
  startedAt: new Date(t0).toISOString(),
};
const batch = (id: string, offsetMs: number, requests = 3): ListedBatch => ({
  id,
  created_at: new Date(t0 + offsetMs).toISOString(),
  request_counts: { processing: requests, succeeded: 0, errored: 0, canceled: 0, expired: 0 },
});

describe('submission journal and reconciliation', () => {
  it('finds the one batch created at the time of the intent with as many requests', () => {
    const verdict = reconcile(
      intent,
      [batch('old', -3600_000), batch('other-size', 2000, 5), batch('mine', 1500)],
      new Set(),
      t0 + 10_000,
    );
    assert.deepEqual(verdict, { kind: 'found', batchId: 'mine' });
  });

  it('ignores batches it already knows', () => {
    assert.deepEqual(reconcile(intent, [batch('mine', 1500)], new Set(['mine']), t0 + SETTLE_MS + 1), {
      kind: 'notCreated',
    });
  });

  it('waits before concluding that nothing was created, then says so', () => {
    assert.deepEqual(reconcile(intent, [], new Set(), t0 + 1000), { kind: 'tooEarly' });
    assert.deepEqual(reconcile(intent, [], new Set(), t0 + SETTLE_MS + 1), { kind: 'notCreated' });
  });

  it('never guesses between two candidates', () => {
    assert.deepEqual(reconcile(intent, [batch('b1', 1000), batch('b2', 2000)], new Set(), t0 + 5000), {
      kind: 'ambiguous',
      candidates: ['b1', 'b2'],
    });
  });

  it('locks the tasks of open intents per workspace, and releases them when the intent ends', async () => {
    const memento = new InMemoryMemento();
    const journal = new SubmissionJournal(memento, 'ws');
    await journal.begin({ id: 'i1', taskIds: ['a', 'b'], name: 'x', startedAt: intent.startedAt });
    await new SubmissionJournal(memento, 'other').begin({
      id: 'i2',
      taskIds: ['z'],
      name: 'y',
      startedAt: intent.startedAt,
    });
    assert.deepEqual([...journal.lockedTaskIds()].sort(), ['a', 'b']);
    await journal.end('i1');
    assert.equal(journal.lockedTaskIds().size, 0);
    assert.equal(new SubmissionJournal(memento, 'other').open().length, 1);
  });
});
