// Where every front door finds a workspace's store, and how a store from before 0.7 is carried over: whole, once,
// with the old folder kept aside, even when two windows start at the same moment.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { carryOver, storeHome, storeKey, workspaceStore } from '../../../../src/core/store/storeHome';
import { tempDir } from '../../../helpers/fakes';

describe('storeHome', () => {
  it('is $CLAUDE_BATCH_HOME, else the platform’s data directory', () => {
    assert.equal(storeHome({ CLAUDE_BATCH_HOME: '/tmp/cb' }, 'linux', '/home/u'), '/tmp/cb');
    assert.equal(storeHome({}, 'linux', '/home/u'), '/home/u/.local/share/claude-batch');
    assert.equal(storeHome({ XDG_DATA_HOME: '/data' }, 'linux', '/home/u'), '/data/claude-batch');
    assert.equal(storeHome({}, 'darwin', '/Users/u'), '/Users/u/Library/Application Support/claude-batch');
  });

  it('names a workspace’s store by its paths: the editor and a shell in the same folder agree', () => {
    const key = storeKey({ folders: ['/work/project'] }, 'linux');
    assert.equal(storeKey({ folders: ['/work/project/'] }, 'linux'), key, 'a trailing slash does not matter');
    assert.notEqual(storeKey({ folders: ['/work/Project'] }, 'linux'), key, 'case does, on Linux');
    assert.notEqual(storeKey({ folders: ['/work/project', '/work/other'] }, 'linux'), key);
    assert.notEqual(storeKey({ file: '/work/project.code-workspace', folders: ['/work/project'] }, 'linux'), key);
    assert.match(workspaceStore('/h', { folders: ['/work/project'] }), /^\/h\/workspaces\/[0-9a-f]{24}$/);
  });

  it('carries an old store over whole, keeps the old folder aside, and does it once', async () => {
    const tmp = tempDir();
    try {
      const from = path.join(tmp.dir, 'globalStorage', 'workspaces', 'old');
      mkdirSync(path.join(from, 'tasks', 'batches'), { recursive: true });
      writeFileSync(path.join(from, 'tasks', 'queue.json'), '{"tasks":[1]}');
      writeFileSync(path.join(from, 'tasks', 'batches', 'b1.json'), '{"batch":1}');
      const to = path.join(tmp.dir, 'home', 'workspaces', 'new');
      assert.equal(await carryOver(path.join(tmp.dir, 'none'), to), 'nothing');
      assert.equal(await carryOver(from, to), 'carried');
      assert.equal(readFileSync(path.join(to, 'tasks', 'queue.json'), 'utf8'), '{"tasks":[1]}');
      assert.equal(readFileSync(path.join(to, 'tasks', 'batches', 'b1.json'), 'utf8'), '{"batch":1}');
      assert.ok(!existsSync(from) && existsSync(`${from}.carried-over`), 'the old folder is kept aside');
      assert.equal(await carryOver(`${from}.carried-over`, to), 'already');
    } finally {
      tmp.cleanup();
    }
  });

  it('two windows carrying over at once: one carries, the other finds it done, nothing is mixed', async () => {
    const tmp = tempDir();
    try {
      const from = path.join(tmp.dir, 'old');
      mkdirSync(from, { recursive: true });
      for (let i = 0; i < 50; i++) writeFileSync(path.join(from, `f${i}.json`), String(i));
      const to = path.join(tmp.dir, 'new');
      const results = await Promise.all([carryOver(from, to), carryOver(from, to)]);
      assert.deepEqual([...results].sort(), ['already', 'carried']);
      for (let i = 0; i < 50; i++) assert.equal(readFileSync(path.join(to, `f${i}.json`), 'utf8'), String(i));
    } finally {
      tmp.cleanup();
    }
  });
});
