import * as assert from 'node:assert/strict';
import { newestFirst, oldestFirst } from '../../../../src/core/model/order';

describe('order by creation time', () => {
  it('sorts ISO timestamps by time, to the millisecond, either way', () => {
    const times = [
      '2026-11-24T05:03:09.120Z',
      '2025-12-31T23:59:59.999Z',
      '2026-11-24T05:03:09.012Z',
      '2026-01-01T00:00:00.000Z',
    ];
    const items = times.map((createdAt) => ({ createdAt }));
    const byTime = [...times].sort((a, b) => Date.parse(a) - Date.parse(b));
    assert.deepEqual(
      [...items].sort(oldestFirst).map((i) => i.createdAt),
      byTime,
    );
    assert.deepEqual(
      [...items].sort(newestFirst).map((i) => i.createdAt),
      [...byTime].reverse(),
    );
  });
});
