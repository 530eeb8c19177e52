import * as assert from 'node:assert/strict';
import {
  afterCheck,
  afterFailure,
  afterResume,
  afterSubmit,
  intervalAfter,
  isDue,
  nextDelay,
} from '../../../../src/core/poll/pollPolicy';

const settings = { initialSeconds: 30, maxSeconds: 300 };

describe('pollPolicy', () => {
  it('checks 30 s after submit, then doubles up to 300 s', () => {
    const intervals = [0, 1, 2, 3, 4, 5, 6].map((n) => intervalAfter(n, settings) / 1000);
    assert.deepEqual(intervals, [30, 60, 120, 240, 300, 300, 300]);
    const t0 = 1_000_000;
    let state = afterSubmit(t0, settings);
    assert.equal(state.dueAt, t0 + 30_000);
    assert.equal(isDue(state, t0 + 29_999), false);
    assert.equal(isDue(state, t0 + 30_000), true);
    state = afterCheck(state, t0 + 30_000, settings);
    assert.equal(state.dueAt, t0 + 90_000);
  });

  it('makes no poll at all when nothing is in flight', () => {
    assert.equal(nextDelay([], 5), undefined);
  });

  it('waits for the earliest batch among several', () => {
    assert.equal(
      nextDelay(
        [
          { checks: 0, dueAt: 500 },
          { checks: 2, dueAt: 200 },
        ],
        100,
      ),
      100,
    );
    assert.equal(nextDelay([{ checks: 0, dueAt: 50 }], 100), 0);
  });

  it('resumes soon after a restart, since the batch may have ended meanwhile', () => {
    const state = afterResume(10_000);
    assert.ok(state.dueAt - 10_000 <= 1000);
  });

  it('backs off with jitter after a failure, within ±20%', () => {
    const low = afterFailure({ checks: 0, dueAt: 0 }, 0, settings, () => 0);
    const high = afterFailure({ checks: 0, dueAt: 0 }, 0, settings, () => 1);
    assert.equal(low.dueAt, 48_000);
    assert.equal(high.dueAt, 72_000);
  });

  it('accepts intervals down to one second for tests', () => {
    assert.equal(intervalAfter(0, { initialSeconds: 1, maxSeconds: 1 }), 1000);
    assert.equal(intervalAfter(3, { initialSeconds: 1, maxSeconds: 2 }), 2000);
  });
});
