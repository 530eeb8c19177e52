import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { watchFolder } from '../../../../src/core/store/folderWatch';
import { tempDir } from '../../../helpers/fakes';

describe('folder watch', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  /** Resolves on the next call of the watch's callback after `write` ran (writing again until it comes). */
  async function nextChange(calls: { count: number }, write: () => void): Promise<void> {
    const before = calls.count;
    // A watcher set up a moment ago may miss the first write: write again until it is heard (each write puts
    // the call off by 150 ms, so not more often than that).
    for (let attempt = 0; calls.count === before; attempt++) {
      assert.ok(attempt < 40, 'no change was reported');
      write();
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  it('hears writes in the folder and in the named subfolders, made by someone else, and stops when disposed', async () => {
    mkdirSync(path.join(tmp.dir, 'batches'));
    const calls = { count: 0 };
    const watch = watchFolder(tmp.dir, ['batches'], () => calls.count++);
    try {
      await nextChange(calls, () => writeFileSync(path.join(tmp.dir, 'batches', 'b1.json'), `${Date.now()}`));
      await nextChange(calls, () => writeFileSync(path.join(tmp.dir, 'queue.log'), `${Date.now()}`));
    } finally {
      watch.dispose();
    }
    const heard = calls.count;
    writeFileSync(path.join(tmp.dir, 'queue.log'), 'after dispose');
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal(calls.count, heard, 'nothing is reported after dispose');
  });
});
