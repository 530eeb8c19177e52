import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { TaskStore } from '../../src/core/taskStore';
import type { Task } from '../../src/core/model';
import { newTaskId } from '../../src/core/ids';
import { tempDir } from '../helpers/fakes';

const task = (instruction: string): Task => ({
  id: newTaskId(), createdAt: '2026-11-23T00:00:00Z', instruction, folderUri: 'file:///ws', relPath: 'a.ts',
  fileUri: 'file:///ws/a.ts', snapshotHash: 'h', fingerprint: instruction,
});

describe('TaskStore', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  it('round-trips the queue in order, with moves and removals', async () => {
    const store = new TaskStore(tmp.dir);
    const [a, b, c] = [task('a'), task('b'), task('c')];
    await store.addPending([a, b, c]);
    await store.movePending(c.id, -1);
    await store.removePending([a.id]);
    await store.updatePending(b.id, (t) => ({ ...t, instruction: 'b2' }));
    const reloaded = new TaskStore(tmp.dir);
    assert.deepEqual(await reloaded.load(), []);
    assert.deepEqual(reloaded.pending().map((t) => t.instruction), ['c', 'b2']);
  });

  it('moves tasks to a batch file and keeps the rest queued', async () => {
    const store = new TaskStore(tmp.dir);
    const [a, b] = [task('a'), task('b')];
    await store.addPending([a, b]);
    await store.assignToBatch([a.id], 'msgbatch_1');
    const reloaded = new TaskStore(tmp.dir);
    await reloaded.load();
    assert.deepEqual(reloaded.pending().map((t) => t.id), [b.id]);
    assert.deepEqual(reloaded.tasksOf('msgbatch_1').map((t) => [t.id, t.batchId]), [[a.id, 'msgbatch_1']]);
  });

  it('never shows a task in the queue and in its batch at once, even mid-write', async () => {
    const store = new TaskStore(tmp.dir);
    const a = task('a');
    await store.addPending([a]);
    const seen: number[] = [];
    const probe = setInterval(() => seen.push(store.pending().length + store.tasksOf('msgbatch_3').length), 0);
    const moving = store.assignToBatch([a.id], 'msgbatch_3');
    // Sample while the writes are under way.
    for (let i = 0; i < 20; i++) {
      seen.push(store.pending().length + store.tasksOf('msgbatch_3').length);
      await new Promise((r) => setImmediate(r));
    }
    await moving;
    clearInterval(probe);
    assert.ok(seen.every((n) => n === 1), `a task was counted ${Math.max(...seen)} times`);
  });

  it('after a crash between the batch file and the queue rewrite, keeps each task once (in its batch)', async () => {
    const store = new TaskStore(tmp.dir);
    const a = task('a');
    await store.addPending([a]);
    const queueBefore = await fs.readFile(path.join(tmp.dir, 'queue.json'), 'utf8');
    await store.assignToBatch([a.id], 'msgbatch_2');
    await fs.writeFile(path.join(tmp.dir, 'queue.json'), queueBefore); // the queue rewrite "never happened"
    const reloaded = new TaskStore(tmp.dir);
    await reloaded.load();
    assert.equal(reloaded.pending().length, 0);
    assert.equal(reloaded.tasksOf('msgbatch_2').length, 1);
  });

  it('sets a half-written queue file aside with a message instead of emptying it silently', async () => {
    await fs.writeFile(path.join(tmp.dir, 'queue.json'), '{"schemaVersion":1,"tasks":[{"id":"t1","creat');
    const store = new TaskStore(tmp.dir);
    const problems = await store.load();
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.problem, /not valid JSON/);
    const kept = await fs.readFile(problems[0]!.movedTo, 'utf8');
    assert.ok(kept.startsWith('{"schemaVersion":1'), 'the damaged bytes are kept for recovery');
  });

  it('names the failing field of a file from an unknown schema', async () => {
    await fs.writeFile(path.join(tmp.dir, 'queue.json'), JSON.stringify({ schemaVersion: 1, tasks: [{ id: 'x' }] }));
    const problems = await new TaskStore(tmp.dir).load();
    assert.match(problems[0]!.problem, /^tasks\[0\]\.createdAt/);
  });

  it('two windows on one workspace: neither overwrites the other, and each sees the other\'s changes', async () => {
    const windowA = new TaskStore(tmp.dir);
    const windowB = new TaskStore(tmp.dir);
    await windowA.load();
    await windowB.load();
    const [a, b] = [task('from A'), task('from B')];
    await windowA.addPending([a]);
    await windowB.addPending([b]); // B has not seen A's task in memory; it must re-read before writing
    assert.deepEqual(windowB.pending().map((t) => t.instruction), ['from A', 'from B']);
    assert.equal(await windowA.refresh(), true, 'A notices B\'s write');
    assert.deepEqual(windowA.pending().map((t) => t.instruction), ['from A', 'from B']);
    await windowA.assignToBatch([b.id], 'msgbatch_x');
    await windowB.refresh();
    assert.deepEqual(windowB.pending().map((t) => t.id), [a.id]);
    assert.deepEqual(windowB.tasksOf('msgbatch_x').map((t) => t.id), [b.id]);
    assert.equal(await windowB.refresh(), false, 'nothing new to read');
  });

  it('leaves no temporary files behind', async () => {
    const store = new TaskStore(tmp.dir);
    await store.addPending([task('a')]);
    await store.addPending([task('b')]);
    assert.deepEqual((await fs.readdir(tmp.dir)).sort(), ['queue.json']);
  });
});
