import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { TaskStore } from '../../../../src/core/store/taskStore';
import type { Task } from '../../../../src/core/model/records';
import { newTaskId } from '../../../../src/core/model/ids';
import { tempDir } from '../../../helpers/fakes';

const task = (instruction: string): Task => ({
  id: newTaskId(),
  createdAt: '2026-11-23T00:00:00Z',
  instruction,
  folderUri: 'file:///ws',
  relPath: 'a.ts',
  fileUri: 'file:///ws/a.ts',
  snapshotHash: 'h',
  fingerprint: instruction,
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
    assert.deepEqual(
      reloaded.pending().map((t) => t.instruction),
      ['c', 'b2'],
    );
  });

  it('moves tasks to a batch file and keeps the rest queued', async () => {
    const store = new TaskStore(tmp.dir);
    const [a, b] = [task('a'), task('b')];
    await store.addPending([a, b]);
    await store.assignToBatch([a.id], 'msgbatch_1');
    const reloaded = new TaskStore(tmp.dir);
    await reloaded.load();
    assert.deepEqual(
      reloaded.pending().map((t) => t.id),
      [b.id],
    );
    assert.deepEqual(
      reloaded.tasksOf('msgbatch_1').map((t) => [t.id, t.batchId]),
      [[a.id, 'msgbatch_1']],
    );
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
    assert.ok(
      seen.every((n) => n === 1),
      `a task was counted ${Math.max(...seen)} times`,
    );
  });

  it('after a crash between the batch file and the queue rewrite, keeps each task once (in its batch)', async () => {
    const store = new TaskStore(tmp.dir);
    const a = task('a');
    await store.addPending([a]);
    const queueLog = path.join(tmp.dir, 'queue.log');
    const logBefore = await fs.readFile(queueLog, 'utf8').catch(() => '');
    await store.assignToBatch([a.id], 'msgbatch_2');
    await fs.writeFile(queueLog, logBefore); // the queue's change "never happened"
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

  it("two windows on one workspace: neither overwrites the other, and each sees the other's changes", async () => {
    const windowA = new TaskStore(tmp.dir);
    const windowB = new TaskStore(tmp.dir);
    await windowA.load();
    await windowB.load();
    const [a, b] = [task('from A'), task('from B')];
    await windowA.addPending([a]);
    await windowB.addPending([b]); // B has not seen A's task in memory; it must re-read before writing
    assert.deepEqual(
      windowB.pending().map((t) => t.instruction),
      ['from A', 'from B'],
    );
    assert.equal(await windowA.refresh(), true, "A notices B's write");
    assert.deepEqual(
      windowA.pending().map((t) => t.instruction),
      ['from A', 'from B'],
    );
    await windowA.assignToBatch([b.id], 'msgbatch_x');
    await windowB.refresh();
    assert.deepEqual(
      windowB.pending().map((t) => t.id),
      [a.id],
    );
    assert.deepEqual(
      windowB.tasksOf('msgbatch_x').map((t) => t.id),
      [b.id],
    );
    assert.equal(await windowB.refresh(), false, 'nothing new to read');
  });

  it('leaves no temporary files behind', async () => {
    const store = new TaskStore(tmp.dir);
    await store.addPending([task('a')]);
    await store.addPending([task('b')]);
    assert.deepEqual((await fs.readdir(tmp.dir)).sort(), ['queue.json', 'queue.log']);
  });

  it('a change appends the task it touches to a log; the snapshot of 1,000 tasks is not rewritten', async () => {
    const store = new TaskStore(tmp.dir);
    const tasks = Array.from({ length: 1000 }, (_, i) => task(`t${i}`));
    await store.addPending(tasks);
    const snapshot = path.join(tmp.dir, 'queue.json');
    const before = await fs.stat(snapshot);
    await store.updatePending(tasks[500]!.id, (t) => ({ ...t, instruction: 'changed' }));
    await store.movePending(tasks[0]!.id, 1);
    await store.removePending([tasks[999]!.id]);
    const after = await fs.stat(snapshot);
    assert.deepEqual([after.mtimeMs, after.size], [before.mtimeMs, before.size], 'queue.json untouched');
    const log = (await fs.readFile(path.join(tmp.dir, 'queue.log'), 'utf8')).trim().split('\n');
    assert.deepEqual(
      log.map((l) => (JSON.parse(l) as { op: string }).op),
      ['update', 'move', 'remove'],
    );
    assert.ok(log[0]!.length < 1000, 'one task, not the queue');
    const reloaded = new TaskStore(tmp.dir);
    assert.deepEqual(await reloaded.load(), []);
    assert.deepEqual(
      reloaded
        .pending()
        .map((t) => t.instruction)
        .slice(0, 2),
      ['t1', 't0'],
    );
    assert.equal(reloaded.pending().length, 999);
    assert.equal(reloaded.find(tasks[500]!.id)?.instruction, 'changed');
  });

  it("writes a change to every task of a batch (its results) as the batch's file, not as one more log line", async () => {
    const store = new TaskStore(tmp.dir);
    const tasks = [task('a'), task('b'), task('c')];
    await store.addPending(tasks);
    await store.assignToBatch(
      tasks.map((t) => t.id),
      'msgbatch_r',
    );
    await store.updateBatchTasks('msgbatch_r', (t) => ({ ...t, outcome: { type: 'expired' } }));
    const file = path.join(tmp.dir, 'batches', 'msgbatch_r');
    const snapshot = JSON.parse(await fs.readFile(`${file}.json`, 'utf8')) as { tasks: Task[] };
    assert.deepEqual(
      snapshot.tasks.map((t) => t.outcome?.type),
      ['expired', 'expired', 'expired'],
    );
    const log = await fs.readFile(`${file}.log`, 'utf8').catch(() => '');
    assert.doesNotMatch(log, /"tasks"/, 'no task is left in the log to be read a second time');
    const reloaded = new TaskStore(tmp.dir);
    await reloaded.load();
    assert.deepEqual(
      reloaded.tasksOf('msgbatch_r').map((t) => [t.instruction, t.outcome?.type]),
      [
        ['a', 'expired'],
        ['b', 'expired'],
        ['c', 'expired'],
      ],
    );
  });

  it('folds the log into the snapshot once it outgrows it, and still loads the same queue', async () => {
    const store = new TaskStore(tmp.dir);
    const [a, b] = [task('a'), task('b')];
    await store.addPending([a, b]);
    for (let i = 0; i < 400; i++)
      await store.updatePending(a.id, (t) => ({ ...t, instruction: `a${i} ${'x'.repeat(600)}` }));
    const logSize = (await fs.stat(path.join(tmp.dir, 'queue.log')).catch(() => ({ size: 0 }))).size;
    assert.ok(logSize < 256 * 1024 + 2000, `the log was folded (${logSize} bytes)`);
    const reloaded = new TaskStore(tmp.dir);
    await reloaded.load();
    assert.match(reloaded.pending()[0]!.instruction, /^a399 /);
    assert.equal(reloaded.pending().length, 2);
  });

  it('drops a torn last line (a crash mid-append) and names an unreadable line, keeping a copy', async () => {
    const store = new TaskStore(tmp.dir);
    const [a, b] = [task('a'), task('b')];
    await store.addPending([a]);
    await store.addPending([b]);
    const log = path.join(tmp.dir, 'queue.log');
    const good = await fs.readFile(log, 'utf8');
    await fs.writeFile(log, `${good}{"seq":9,"op":"remo`);
    const torn = new TaskStore(tmp.dir);
    assert.deepEqual(await torn.load(), []);
    assert.deepEqual(
      torn.pending().map((t) => t.instruction),
      ['a', 'b'],
    );

    await fs.writeFile(log, `{"seq":5,"op":"explode"}\n${good}`);
    const damaged = new TaskStore(tmp.dir);
    const problems = await damaged.load();
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.problem, /^line 1: op/);
    assert.deepEqual(
      damaged.pending().map((t) => t.instruction),
      ['a', 'b'],
      'the readable changes still apply',
    );
    assert.equal(await fs.readFile(problems[0]!.movedTo, 'utf8'), `{"seq":5,"op":"explode"}\n${good}`);
  });
});
