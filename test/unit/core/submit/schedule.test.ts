import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeWhen, parseWhen, reachesThreshold, ScheduleFile } from '../../../../src/core/submit/schedule';

describe('schedule', () => {
  const now = new Date(2026, 10, 23, 14, 0, 0);

  it('reads times of day, delays and dates, and says why it cannot', () => {
    const at = (input: string): Date => {
      const parsed = parseWhen(input, now);
      assert.ok('at' in parsed, `${input}: ${'problem' in parsed ? parsed.problem : ''}`);
      return parsed.at;
    };
    assert.equal(at('22:00').getTime(), new Date(2026, 10, 23, 22, 0).getTime());
    assert.equal(
      at('09:30').getTime(),
      new Date(2026, 10, 24, 9, 30).getTime(),
      'a time already past today is tomorrow',
    );
    assert.equal(at('in 2h').getTime() - now.getTime(), 2 * 3_600_000);
    assert.equal(at('1h30m').getTime() - now.getTime(), 90 * 60_000);
    assert.equal(at('45s').getTime() - now.getTime(), 45_000);
    assert.equal(at('2026-11-24 02:00').getTime(), new Date(2026, 10, 24, 2, 0).getTime());
    for (const bad of ['', 'tonight', '25:00', '2026-11-22 10:00', '0m'])
      assert.ok('problem' in parseWhen(bad, now), bad);
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
});
