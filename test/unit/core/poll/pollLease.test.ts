import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { PollLease } from '../../../../src/core/poll/pollLease';
import { tempDir } from '../../../helpers/fakes';

describe('PollLease (one poller per workspace)', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  it('lets one window poll while it lives, and hands over when it releases', async () => {
    const file = path.join(tmp.dir, 'poll.lease');
    const a = new PollLease(file, () => 60_000);
    const b = new PollLease(file, () => 60_000);
    assert.equal(await a.tryAcquire(), true);
    assert.equal(await b.tryAcquire(), false);
    assert.equal(await a.tryAcquire(), true, 'the holder renews');
    await a.release();
    assert.equal(await b.tryAcquire(), true);
    assert.equal(await a.tryAcquire(), false);
  });

  it('takes over a lease whose holder vanished without releasing it', async () => {
    const file = path.join(tmp.dir, 'poll.lease');
    let now = 1_000_000;
    const gone = new PollLease(
      file,
      () => 60_000,
      () => now,
    );
    const other = new PollLease(
      file,
      () => 60_000,
      () => now,
    );
    assert.equal(await gone.tryAcquire(), true);
    now += 59_000;
    assert.equal(await other.tryAcquire(), false);
    now += 2_000;
    assert.equal(await other.tryAcquire(), true);
  });
});
