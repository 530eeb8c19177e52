// Choosing what goes and reviewing what came back: labels, the label filter, Submit Selected, the batch name,
// Next/Previous Result, the Explorer badge and Export Results, in the real extension host against the simulator.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ClaudeBatchApi } from '../../src/vscode/api';
import { isInFlight, type BatchRecord } from '../../src/core/model/records';
import type { QueueResult } from '../../src/vscode/commands/queueCommands';
import { discardAllResults, extensionApi, readDisk, run, startClean, until, workspaceUri } from './helpers';
import { firstOf } from '../helpers/fakes';

describe('Claude Batch: labels, Submit Selected and review (real VS Code + simulator)', function () {
  let api: ClaudeBatchApi;

  before(async () => {
    api = await extensionApi();
  });

  beforeEach(startClean);
  afterEach(() => discardAllResults(api));
  afterEach(() => run('claudeBatch.clearLabelFilter'));

  const queueFile = async (relPath: string, instruction: string, extra: object = {}): Promise<string> => {
    const result = await run<QueueResult>('claudeBatch.sendFile', workspaceUri(relPath), [workspaceUri(relPath)], {
      instruction,
      allowDuplicate: true,
      ...extra,
    });
    assert.equal(result.queued.length, 1, `${relPath} queued`);
    return result.queued[0]!;
  };
  const queueRows = () => api.tree().find((n) => n.kind === 'queue')?.children ?? [];

  it('labels tasks at queue time ("#docs …") or later, shows them, and filters the tree by label', async () => {
    const greet = await queueFile('src/greet.js', '#docs Add doc comments');
    const math = await queueFile('src/math.js', 'Write unit tests', { label: 'tests' });
    const strings = await queueFile('src/strings.js', 'Add doc comments');
    const labelOf = (id: string) => api.pendingTasks().find((t) => t.id === id)?.label;
    assert.deepEqual([labelOf(greet), labelOf(math), labelOf(strings)], ['docs', 'tests', undefined]);
    assert.equal(
      api.pendingTasks().find((t) => t.id === greet)?.instruction,
      'Add doc comments',
      'the tag is not part of the instruction',
    );
    assert.match(queueRows().find((n) => n.taskId === greet)?.description ?? '', /^#docs Add doc comments — queued/);

    // Later, from the tree: two rows selected, labelled at once.
    const rows = queueRows();
    const changed = await run<number>(
      'claudeBatch.setLabel',
      rows.find((n) => n.taskId === strings),
      [rows.find((n) => n.taskId === strings), rows.find((n) => n.taskId === math)],
      { label: 'docs' },
    );
    assert.equal(changed, 2);
    assert.deepEqual([labelOf(math), labelOf(strings)], ['docs', 'docs']);
    await run('claudeBatch.setLabel', math, { label: 'tests' });

    await run('claudeBatch.filterByLabel', { labels: ['docs'] });
    await until('the queue to show only docs tasks', () => queueRows().length === 2 || undefined);
    assert.deepEqual(
      queueRows()
        .map((n) => n.taskId)
        .sort(),
      [greet, strings].sort(),
    );
    assert.match(api.tree().find((n) => n.kind === 'queue')?.description ?? '', /^2 of 3 pending · label docs/);
    await run('claudeBatch.clearLabelFilter');
    await until('the queue to show every task again', () => queueRows().length === 3 || undefined);
  });

  it('Submit Selected sends only the selected tasks, named after their label; the rest stay queued', async () => {
    const greet = await queueFile('src/greet.js', '#docs Add doc comments');
    const strings = await queueFile('src/strings.js', '#docs Add doc comments');
    const math = await queueFile('src/math.js', 'Write unit tests');
    const rows = queueRows();
    const selected = rows.filter((n) => n.taskId === greet || n.taskId === strings);
    const records = await run<BatchRecord[]>('claudeBatch.submitSelected', selected[0], selected, {
      skipConfirmation: true,
    });
    assert.equal(records.length, 1);
    const [record] = records;
    assert.deepEqual([...record!.taskIds].sort(), [greet, strings].sort());
    assert.match(record!.name, /^docs · 2 tasks · \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    assert.deepEqual(
      api.pendingTasks().map((t) => t.id),
      [math],
      'the unselected task stays queued',
    );
    await until('the batch to end', () => api.batches().find((b) => b.id === record!.id && b.resultsIngested));
    await until(
      'both results to be ready',
      () => api.tasksOf(record!.id).every((t) => t.outcome?.type === 'edits') || undefined,
    );

    // The Explorer badge marks each file with a result to review.
    const greetUri = workspaceUri('src/greet.js').toString();
    await until('the badge on greet.js', () => api.decorationFor(greetUri));
    assert.match(api.decorationFor(greetUri)!.tooltip, /1 result ready to review/);
    assert.equal(api.decorationFor(workspaceUri('src/math.js').toString()), undefined, 'a queued file has no badge');

    // Next / Previous Result walk the results in the view's order, wrapping around.
    const order = api.tasksOf(record!.id).map((t) => t.id);
    const first = await run<string>('claudeBatch.nextResult');
    const second = await run<string>('claudeBatch.nextResult');
    const back = await run<string>('claudeBatch.previousResult');
    assert.deepEqual([first, second, back], [order[0], order[1], order[0]]);
    assert.equal(
      await run<string>('claudeBatch.previousResult'),
      order[1],
      'Previous from the first wraps to the last',
    );

    const greetTask = api.tasksOf(record!.id).find((t) => t.relPath === 'src/greet.js')!;
    const applied = await run<{ applied: boolean }>('claudeBatch.applyResult', greetTask.id);
    assert.equal(applied.applied, true);
    assert.match(await readDisk('src/greet.js'), /documented by the simulator/);
    await until('the badge on greet.js to go', () => api.decorationFor(greetUri) === undefined || undefined);
  });

  it("exports a batch's results as JSONL and as Markdown", async () => {
    await queueFile('src/math.js', '#docs Add doc comments');
    const record = firstOf(
      await run<BatchRecord[]>('claudeBatch.submitQueue', { skipConfirmation: true, name: 'export me' }),
      'batch',
    );
    await until('the batch to end', () => api.batches().find((b) => b.id === record!.id && b.resultsIngested));
    const jsonl = workspaceUri('out/export.jsonl');
    const markdown = workspaceUri('out/export.md');
    assert.equal(
      (await run<vscode.Uri>('claudeBatch.exportResults', record!.id, { format: 'jsonl', uri: jsonl })).toString(),
      jsonl.toString(),
    );
    await run('claudeBatch.exportResults', { batchId: record!.id }, { format: 'markdown', uri: markdown });
    const [line] = (await readDisk('out/export.jsonl'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(line.file, 'src/math.js');
    assert.equal(line.label, 'docs');
    assert.equal(line.state, 'ready');
    assert.ok(line.edits.length > 0 && typeof line.costUsd === 'number');
    const md = await readDisk('out/export.md');
    assert.match(md, /^# export me/);
    assert.match(md, /## src\/math\.js · whole file[\s\S]*```diff/);
    await vscode.workspace.fs.delete(workspaceUri('out'), { recursive: true });
  });

  it('keeps the newest 20 batches at the top of the view and the older ones under "Older batches"', async () => {
    // Batches still in flight stay at the top however old (earlier tests may leave some): count the others.
    const settled = () => api.batches().filter((b) => !isInFlight(b));
    // A split submission is one entry (one row), however many batches it made.
    const entries = () => new Set(settled().map((b) => b.part?.submissionId ?? b.id)).size;
    // Submitted one after another, then waited for together: the poller checks them all in one call.
    const mine: string[] = [];
    while (entries() - settled().filter((b) => mine.includes(b.id)).length + mine.length < 21) {
      await queueFile('src/math.js', 'Review and list problems');
      const made = await run<BatchRecord[]>('claudeBatch.submitQueue', { skipConfirmation: true });
      mine.push(firstOf(made, 'batch').id);
    }
    await until('these batches to end', () =>
      mine.every((id) => api.batches().find((b) => b.id === id)?.resultsIngested),
    );
    const newest = settled()[0]!;
    const oldest = settled().at(-1)!;
    const root = api.tree();
    const rows = root.filter((n) => n.kind === 'batch' || n.kind === 'submission');
    const inFlight = api.batches().length - settled().length;
    assert.ok(rows.length <= 20 + inFlight, `${rows.length} batch rows at the top, ${inFlight} of them in flight`);
    const older = root.find((n) => n.kind === 'older');
    assert.ok(
      older,
      `an Older batches row (top: ${root.map((n) => n.kind).join(' ')}; ${api.batches().length} batches, ${settled().length} settled)`,
    );
    assert.match(older.description, /^\d+ batch(es)?/);
    const underOlder = (older.children ?? []).flatMap((n) => [n, ...(n.children ?? [])]);
    assert.ok(
      underOlder.some((n) => n.batchId === oldest.id),
      'the oldest batch is under it',
    );
    assert.ok(!rows.some((n) => n.batchId === oldest.id), 'and not at the top');
    assert.ok(
      root.some((n) => n.batchId === newest.id),
      'the newest is at the top',
    );
  });
});
