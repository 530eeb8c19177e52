import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, utimesSync, writeFileSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tryLock, withLock } from '../../../../src/core/store/fileLock';

const folder = (): string => mkdtempSync(path.join(os.tmpdir(), 'cb-lock-'));
const MINUTE = 60_000;

describe('file lock', () => {
  it('runs work in one holder at a time, and leaves no lock behind', async () => {
    const lock = path.join(folder(), 'auto.lock');
    let running = 0;
    let ran = 0;
    const work = async (): Promise<void> => {
      running++;
      assert.equal(running, 1);
      await new Promise((r) => setTimeout(r, 20));
      running--;
      ran++;
    };
    const results = await Promise.all([withLock(lock, MINUTE, work), withLock(lock, MINUTE, work)]);
    assert.deepEqual([results.filter(Boolean).length, ran, existsSync(lock)], [1, 1, false]);
  });

  it('takes a lock whose folder does not exist yet (it used to retry forever)', async () => {
    const lock = path.join(folder(), 'not', 'yet', 'made', 'auto.lock');
    const held = await tryLock(lock, MINUTE);
    assert.ok(held, 'the lock is taken and its folder made');
    assert.ok(existsSync(lock));
    await held.release();
    assert.equal(existsSync(lock), false);
  });

  it('fails at once, with the reason, when the folder cannot be made', async () => {
    const blocker = path.join(folder(), 'a-file');
    writeFileSync(blocker, 'not a folder');
    await assert.rejects(tryLock(path.join(blocker, 'auto.lock'), MINUTE), (error: NodeJS.ErrnoException) =>
      ['ENOTDIR', 'EEXIST'].includes(error.code ?? ''),
    );
  });

  it('leaves a live holder alone and takes over a lock left by a process that died', async () => {
    const lock = path.join(folder(), 'claim');
    writeFileSync(lock, '12345\n');
    assert.equal(await tryLock(lock, MINUTE), undefined, 'a fresh lock is held');
    const old = new Date(Date.now() - 2 * MINUTE);
    utimesSync(lock, old, old);
    const held = await tryLock(lock, MINUTE);
    assert.ok(held, 'a stale lock is taken over');
    assert.match(readFileSync(lock, 'utf8'), new RegExp(`^${process.pid} `), 'this process holds it now');
    await held.release();
  });

  it('does not remove, on release, a lock another holder took over meanwhile', async () => {
    const lock = path.join(folder(), 'claim');
    const first = await tryLock(lock, MINUTE);
    assert.ok(first);
    const old = new Date(Date.now() - 2 * MINUTE);
    utimesSync(lock, old, old); // the first holder stalled past the stale age
    const second = await tryLock(lock, MINUTE);
    assert.ok(second, 'taken over');
    await first.release();
    assert.ok(existsSync(lock), "the second holder's lock is still there");
    await second.release();
    assert.equal(existsSync(lock), false);
  });

  it('takes over at once a fresh lock whose holder on this host has exited (a CLI stopped with Ctrl+C)', async () => {
    const lock = path.join(folder(), 'submit.lock');
    const exited = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const deadPid = Number(exited.stdout.toString());
    writeFileSync(lock, `${deadPid} 0123456789abcdef ${os.hostname()}\n`);
    const held = await tryLock(lock, MINUTE);
    assert.ok(held, 'the dead holder’s lock is taken over without waiting for it to go stale');
    await held.release();

    writeFileSync(lock, `${process.pid} 0123456789abcdef ${os.hostname()}\n`);
    assert.equal(await tryLock(lock, MINUTE), undefined, 'a running holder keeps it');
    writeFileSync(lock, `${deadPid} 0123456789abcdef another-host\n`);
    assert.equal(await tryLock(lock, MINUTE), undefined, 'a holder on another host is judged by age only');
  });
});
