// The core journey through the contributed commands, in the real extension host against the simulator.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { ClaudeBatchApi } from '../../src/vscode/api';
import type { BatchRecord } from '../../src/core/model/records';
import type { QueueResult } from '../../src/vscode/commands/queueCommands';
import type { ApplyOutcome } from '../../src/vscode/review/reviewer';
import {
  extensionApi,
  readDisk,
  run,
  simulator,
  startClean,
  submitAndWait,
  until,
  workspaceUri,
  writeDisk,
} from './helpers';
import { firstOf } from '../helpers/fakes';

describe('Claude Batch core journey (real VS Code + simulator)', function () {
  let api: ClaudeBatchApi;

  before(async () => {
    api = await extensionApi();
  });

  beforeEach(startClean);

  it('registers every contract command', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const id of [
      'sendSelection',
      'sendFile',
      'submitQueue',
      'submitSelected',
      'submitAt',
      'cancelSchedule',
      'refresh',
      'openResult',
      'applyResult',
      'discardResult',
      'applyAll',
      'nextResult',
      'previousResult',
      'cancelBatch',
      'retryFailed',
      'removeTask',
      'clearQueue',
      'setApiKey',
      'setLabel',
      'filterByLabel',
      'clearLabelFilter',
      'importTasks',
      'validateTaskFile',
      'exportResults',
    ]) {
      assert.ok(all.includes(`claudeBatch.${id}`), `claudeBatch.${id} is registered`);
    }
  });

  it('queues a selection, shows it in the tree and the status bar, refuses a duplicate', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceUri('src/greet.js'));
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, 2, 1);
    const result = await run<QueueResult>('claudeBatch.sendSelection', {
      instruction: 'replace "Hello, " with "Hi, "',
    });
    assert.equal(result.queued.length, 1);
    assert.equal(api.statusText(), '1 queued');
    const [queue] = api.tree();
    assert.equal(queue?.label, 'Queue');
    assert.equal(queue?.children?.[0]?.label, 'greet.js · lines 1–3');
    assert.match(queue?.children?.[0]?.description ?? '', /replace "Hello, " with "Hi, "/);
    const again = await run<QueueResult>('claudeBatch.sendSelection', {
      instruction: 'replace "Hello, " with "Hi, "',
      allowDuplicate: false,
    });
    assert.deepEqual([again.queued.length, again.skippedDuplicates], [0, 1]);
    assert.equal(api.pendingTasks().length, 1);
  });

  it('submits, polls to completion, opens the diff with both sides, and Apply writes the file', async () => {
    const editor = await vscode.window.showTextDocument(workspaceUri('src/greet.js'));
    editor.selection = new vscode.Selection(0, 0, 2, 1);
    await run('claudeBatch.sendSelection', { instruction: 'replace "Hello, " with "Hi, "' });
    const before = await readDisk('src/greet.js');
    const record = firstOf(
      await run<BatchRecord[]>('claudeBatch.submitQueue', { skipConfirmation: true, name: 'greeting' }),
      'batch',
    );
    assert.equal(api.statusText(), '1 running');
    assert.deepEqual(api.polling(), [record.id]);
    // Wait on what the user sees: globalState.get() runs ahead of the change event by one round trip.
    await until('the status bar to say the result is ready', () => api.statusText() === '1 ready');
    assert.equal(api.summary().ready, 1);
    const batchNode = api.tree().find((n) => n.batchId === record.id);
    assert.equal(batchNode?.label, 'greeting');
    assert.match(batchNode?.description ?? '', /ended · 1 ready/);
    const taskId = api.tasksOf(record.id)[0]!.id;

    assert.equal(await run('claudeBatch.openResult', taskId), 'diff');
    const diffTab = await until('the diff tab', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputTextDiff),
    );
    const input = diffTab.input as vscode.TabInputTextDiff;
    assert.equal(input.original.toString(), workspaceUri('src/greet.js').toString());
    assert.equal(input.modified.scheme, 'claude-batch-proposed');
    const left = await vscode.workspace.openTextDocument(input.original);
    const right = await vscode.workspace.openTextDocument(input.modified);
    assert.equal(left.getText(), before);
    assert.equal(right.getText(), before.replace('Hello, ', 'Hi, '));

    const applied = await run<ApplyOutcome>('claudeBatch.applyResult', input.modified);
    assert.equal(applied.applied, true);
    assert.equal(await readDisk('src/greet.js'), before.replace('Hello, ', 'Hi, '));
    assert.equal(api.statusText(), '');
    assert.ok(
      !vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputTextDiff),
      'the diff tab was closed',
    );
    // Undoable: the edit went through a WorkspaceEdit on the file's document.
    await vscode.window.showTextDocument(workspaceUri('src/greet.js'));
    await run('undo');
    assert.equal(vscode.window.activeTextEditor?.document.getText(), before);
    await vscode.window.activeTextEditor?.document.save();
  });

  it('Discard writes nothing; answers open as Markdown', async () => {
    const before = await readDisk('src/math.js');
    await run('claudeBatch.sendFile', workspaceUri('src/math.js'), undefined, {
      instruction: 'replace "a * b" with "b * a"',
    });
    await run('claudeBatch.sendFile', workspaceUri('src/math.js'), undefined, {
      instruction: 'Review and list problems',
    });
    const record = await submitAndWait(api);
    const [edit, review] = api.tasksOf(record.id);
    assert.equal(await run('claudeBatch.discardResult', edit!.id), true);
    assert.equal(await readDisk('src/math.js'), before);
    assert.equal(await run('claudeBatch.openResult', review!.id), 'answer');
    const doc = vscode.window.activeTextEditor?.document;
    assert.equal(doc?.languageId, 'markdown');
    assert.match(doc?.getText() ?? '', /## Review of src\/math\.js/);
    assert.equal(api.tasksOf(record.id).find((t) => t.id === edit!.id)?.review?.state, 'discarded');
    assert.equal(api.statusText(), '1 ready', 'the answer waits until it is dismissed');
    assert.equal(await run('claudeBatch.discardResult', review!.id), true);
    assert.equal(api.statusText(), '');
  });

  it('queues several files from the Explorer, refuses a binary one, and Apply All applies each', async () => {
    await writeDisk('assets/logo.bin', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]));
    // A link inside the workspace that leads out of it must not be sent.
    fs.rmSync(workspaceUri('assets/outside.txt').fsPath, { force: true });
    fs.symlinkSync('/etc/hostname', workspaceUri('assets/outside.txt').fsPath);
    const uris = ['src/greet.js', 'src/math.js', 'src/strings.js', 'assets/logo.bin', 'assets/outside.txt'].map(
      workspaceUri,
    );
    const result = await run<QueueResult>('claudeBatch.sendFile', uris[0], uris, { instruction: 'Add doc comments' });
    assert.equal(result.queued.length, 3);
    assert.match(result.refused.join(' '), /logo\.bin is a binary file/);
    assert.match(result.refused.join(' '), /outside\.txt is outside the workspace/);
    assert.equal(api.statusText(), '3 queued');
    const record = await submitAndWait(api, 'docs');
    const outcomes = await run<ApplyOutcome[]>('claudeBatch.applyAll', record.id);
    assert.deepEqual(
      outcomes.map((o) => o.applied),
      [true, true, true],
    );
    assert.deepEqual(
      await run('claudeBatch.applyAll', record.id),
      [],
      'a second Apply All finds nothing left to apply',
    );
    assert.match(
      await readDisk('src/strings.js'),
      /\/\*\* shout: documented by the simulator\. \*\/\nexport function shout/,
    );
    assert.match(await readDisk('src/math.js'), /\/\*\* add: documented by the simulator\. \*\//);
  });

  it('arranges the queue: edit instruction, move, remove', async () => {
    const uris = ['src/greet.js', 'src/math.js', 'src/strings.js'].map(workspaceUri);
    await run('claudeBatch.sendFile', uris[0], uris, { instruction: 'Write unit tests' });
    const [a, b, c] = api.pendingTasks().map((t) => t.id);
    await run('claudeBatch.moveTaskDown', a);
    assert.deepEqual(
      api.pendingTasks().map((t) => t.id),
      [b, a, c],
    );
    await run('claudeBatch.moveTaskUp', c);
    assert.deepEqual(
      api.pendingTasks().map((t) => t.id),
      [b, c, a],
    );
    await run('claudeBatch.editInstruction', c, { instruction: 'Write property tests' });
    assert.equal(api.pendingTasks()[1]?.instruction, 'Write property tests');
    assert.equal(await run('claudeBatch.removeTask', { taskId: b }), true);
    assert.deepEqual(
      api.pendingTasks().map((t) => t.id),
      [c, a],
    );
    assert.equal(await run('claudeBatch.clearQueue', { skipConfirmation: true }), 2);
    assert.equal(api.statusText(), '');
  });

  it('shows errored and expired tasks with the API message, and Retry Failed requeues them', async () => {
    await run('claudeBatch.sendFile', workspaceUri('src/greet.js'), undefined, { instruction: '[sim:errored] fix it' });
    await run('claudeBatch.sendFile', workspaceUri('src/math.js'), undefined, { instruction: '[sim:expired] fix it' });
    const record = await submitAndWait(api);
    const nodes = api.tree().find((n) => n.batchId === record.id)?.children ?? [];
    assert.deepEqual(nodes.map((n) => n.contextValue).sort(), ['task.errored', 'task.expired']);
    assert.match(nodes.find((n) => n.contextValue === 'task.errored')?.tooltip ?? '', /Simulated error/);
    assert.equal(await run('claudeBatch.retryFailed', record.id), 2);
    assert.deepEqual(
      api
        .pendingTasks()
        .map((t) => t.instruction)
        .sort(),
      ['[sim:errored] fix it', '[sim:expired] fix it'],
    );
  });

  it('cancels a running batch; unfinished tasks come back canceled', async () => {
    await simulator('/_sim/settings', { processingMs: 120_000 });
    try {
      const uris = ['src/greet.js', 'src/math.js'].map(workspaceUri);
      await run('claudeBatch.sendFile', uris[0], uris, { instruction: 'Refactor for readability' });
      const record = firstOf(await run<BatchRecord[]>('claudeBatch.submitQueue', { skipConfirmation: true }), 'batch');
      const canceled = await run<BatchRecord>('claudeBatch.cancelBatch', record.id, { skipConfirmation: true });
      assert.equal(canceled.status, 'canceling');
      await run('claudeBatch.refresh');
      await until('the canceled batch to end', () => api.batches().find((b) => b.id === record.id)?.resultsIngested);
      assert.ok(api.tasksOf(record.id).some((t) => t.outcome?.type === 'canceled'));
    } finally {
      await simulator('/_sim/settings', { processingMs: 1500 });
    }
  });

  it("refuses to apply when the task's file was deleted, and writes nothing", async () => {
    await writeDisk('src/temp.js', 'export const temp = "old";\n');
    await run('claudeBatch.sendFile', workspaceUri('src/temp.js'), undefined, {
      instruction: 'replace "old" with "new"',
    });
    const record = await submitAndWait(api);
    await vscode.workspace.fs.delete(workspaceUri('src/temp.js'));
    const outcome = await run<ApplyOutcome>('claudeBatch.applyResult', api.tasksOf(record.id)[0]!.id);
    assert.equal(outcome.applied, false);
    assert.match(outcome.reason ?? '', /no longer exists/);
    await assert.rejects(
      Promise.resolve(vscode.workspace.fs.stat(workspaceUri('src/temp.js'))),
      'the file was not recreated',
    );
    await run('claudeBatch.discardResult', api.tasksOf(record.id)[0]!.id);
  });

  it('shows a conflict as a diff of the file now against the merge, the conflict marked, and refuses Apply', async () => {
    await writeDisk('src/conflict.js', 'export const word = "old";\n');
    await run('claudeBatch.sendFile', workspaceUri('src/conflict.js'), undefined, {
      instruction: 'replace "old" with "new"',
    });
    const record = await submitAndWait(api);
    const task = api.tasksOf(record.id)[0]!;
    // The person rewrote the line the result anchors on while the batch ran.
    await writeDisk('src/conflict.js', 'export const word = "mine";\n');
    const since = Date.now();
    assert.equal(await run('claudeBatch.openResult', task.id), 'conflict');
    const tab = await until('the conflict diff', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputTextDiff),
    );
    assert.match(tab.label, /conflict\.js ↔ Claude Batch: 1 conflict, the rest merged/);
    const input = tab.input as vscode.TabInputTextDiff;
    assert.equal((await vscode.workspace.openTextDocument(input.original)).getText(), 'export const word = "mine";\n');
    assert.equal(
      (await vscode.workspace.openTextDocument(input.modified)).getText(),
      [
        '<<<<<<< yours (the file now)',
        'export const word = "mine";',
        '=======',
        'export const word = "new";',
        '>>>>>>> Claude Batch result',
        '',
      ].join('\n'),
    );
    // The conflict's lines are marked as such in the diff (lines 1 to 5, zero-based 0 to 4).
    assert.deepEqual(await until('the conflict to be marked', () => api.conflictMarks(input.modified.toString())), [
      [0, 4],
    ]);
    assert.ok(
      api
        .notices()
        .some((n) => n.at >= since && /cannot be applied: the file changed since the task was queued/.test(n.text)),
    );
    const outcome = await run<ApplyOutcome>('claudeBatch.applyResult', input.modified);
    assert.equal(outcome.applied, false);
    assert.match(outcome.reason ?? '', /edits no longer fit/);
    assert.equal(await readDisk('src/conflict.js'), 'export const word = "mine";\n', 'nothing written');
    await run('claudeBatch.discardResult', task.id);
    assert.ok(
      !vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputTextDiff),
      'Discard closed the diff',
    );
    fs.rmSync(workspaceUri('src/conflict.js').fsPath, { force: true });
  });

  it('a result that creates a file: reviewed as one change set, and Apply creates it', async () => {
    const testFile = workspaceUri('src/math.test.js');
    fs.rmSync(testFile.fsPath, { force: true });
    await run('claudeBatch.sendFile', workspaceUri('src/math.js'), undefined, { instruction: 'Write unit tests' });
    const record = await submitAndWait(api);
    const task = api.tasksOf(record.id)[0]!;
    assert.equal(await run('claudeBatch.openResult', task.id), 'changes');
    const proposed = await vscode.workspace.openTextDocument(
      vscode.Uri.from({
        scheme: 'claude-batch-proposed',
        path: '/src/math.test.js',
        query: `task=${task.id}&file=src%2Fmath.test.js`,
      }),
    );
    assert.match(proposed.getText(), /test\('add is a function'/);
    const outcome = await run<ApplyOutcome>('claudeBatch.applyResult', task.id);
    assert.deepEqual([outcome.applied, outcome.created], [true, ['src/math.test.js']]);
    assert.equal(await readDisk('src/math.test.js'), proposed.getText());
    assert.equal(api.tasksOf(record.id)[0]?.review?.state, 'applied');
    fs.rmSync(testFile.fsPath, { force: true });
  });

  it('refuses results that would write outside the workspace or over another file, says why, and writes nothing', async () => {
    fs.rmSync(workspaceUri('linked').fsPath, { force: true });
    fs.symlinkSync('/tmp', workspaceUri('linked').fsPath);
    const before = await readDisk('src/greet.js');
    const attempts = [
      '[sim:create ../escaped.js]',
      '[sim:create /tmp/absolute.js]',
      '[sim:create linked/through-link.js]',
      '[sim:create README.md]',
    ];
    const uris = attempts.map(() => workspaceUri('src/greet.js'));
    for (const instruction of attempts) await run('claudeBatch.sendFile', uris[0], undefined, { instruction });
    const record = await submitAndWait(api);
    const since = Date.now();
    const reasons: string[] = [];
    for (const task of api.tasksOf(record.id)) {
      const outcome = await run<ApplyOutcome>('claudeBatch.applyResult', task.id);
      assert.equal(outcome.applied, false, `${task.instruction} was refused`);
      reasons.push(outcome.reason ?? '');
    }
    assert.match(reasons[0]!, /leads outside the workspace folder/);
    assert.match(reasons[1]!, /absolute path/);
    assert.match(reasons[2]!, /outside the workspace folder \(through a symlink\)/);
    assert.match(reasons[3]!, /README\.md already exists/);
    assert.equal(
      api.notices().filter((n) => n.at >= since && /not applied to src\/greet\.js/.test(n.text)).length,
      4,
      'each refusal is shown',
    );
    assert.ok(!fs.existsSync('/tmp/through-link.js') && !fs.existsSync('/tmp/absolute.js'), 'nothing written outside');
    assert.ok(!fs.existsSync(workspaceUri('../escaped.js').fsPath));
    assert.equal(await readDisk('src/greet.js'), before);
    fs.rmSync(workspaceUri('linked').fsPath, { force: true });
    for (const task of api.tasksOf(record.id)) await run('claudeBatch.discardResult', task.id);
  });

  it('a long queue is grouped by folder; a submission over the batch size goes as several batches shown as one row', async () => {
    const files: vscode.Uri[] = [];
    for (let i = 0; i < 120; i++) {
      const rel = `gen/${i % 2 ? 'b' : 'a'}/f${i}.js`;
      await writeDisk(rel, `export const v${i} = ${i};\n`);
      files.push(workspaceUri(rel));
    }
    await run('claudeBatch.sendFile', files[0], files, { instruction: 'Review and list problems' });
    const [queue] = api.tree();
    assert.deepEqual(
      queue?.children?.map((c) => [c.kind, c.label, c.description, c.startCollapsed]),
      [
        ['group', 'gen/a', '60 tasks', true],
        ['group', 'gen/b', '60 tasks', true],
      ],
    );
    assert.equal(queue?.children?.[0]?.children?.length, 60, 'a folder opens to its tasks');

    const config = vscode.workspace.getConfiguration('claudeBatch');
    await config.update('maxRequestsPerBatch', 50, vscode.ConfigurationTarget.Workspace);
    try {
      const records = await run<BatchRecord[]>('claudeBatch.submitQueue', {
        skipConfirmation: true,
        name: 'big review',
      });
      assert.deepEqual(
        records.map((r) => r.taskIds.length),
        [50, 50, 20],
      );
      await until('every part to finish', () =>
        records.every((r) => api.batches().find((b) => b.id === r.id)?.resultsIngested),
      );
      const rows = await until('one row for the submission', () => {
        const found = api.tree().filter((n) => n.kind === 'submission' && n.label === 'big review');
        return found.length === 1 && /^3 batches · 120 tasks · 120 ready$/.test(found[0]!.description)
          ? found
          : undefined;
      });
      assert.deepEqual(
        rows[0]!.children?.map((c) => c.label),
        ['big review · part 1 of 3', 'big review · part 2 of 3', 'big review · part 3 of 3'],
      );
      assert.ok(
        !api.tree().some((n) => n.kind === 'batch' && records.some((r) => r.id === n.batchId)),
        'the parts are not listed again at the top',
      );
      for (const record of records)
        for (const task of api.tasksOf(record.id)) await run('claudeBatch.discardResult', task.id);
    } finally {
      await config.update('maxRequestsPerBatch', undefined, vscode.ConfigurationTarget.Workspace);
      fs.rmSync(workspaceUri('gen').fsPath, { recursive: true, force: true });
    }
  });

  it('shows what a batch cost and saved, in the tree and in the Cost Report', async () => {
    await run('claudeBatch.sendFile', workspaceUri('src/strings.js'), undefined, {
      instruction: 'Review and list problems',
    });
    const record = await submitAndWait(api, 'costed');
    const node = api.tree().find((n) => n.batchId === record.id);
    assert.match(node?.description ?? '', /· \$[0-9.]+ \(saved \$[0-9.]+\)$/);
    assert.match(node?.tooltip ?? '', /Cost: \$[0-9.]+ at batch price; \$[0-9.]+ through the synchronous API/);
    const markdown = await run<string>('claudeBatch.costReport');
    assert.match(markdown, /\| costed \| claude-sonnet-5-5 \| 1\/1 \|/);
    assert.match(
      markdown,
      /spent on \d+ results? in \d+ batch(es)?; the same work through the synchronous API would have cost/,
    );
    await run('claudeBatch.discardResult', api.tasksOf(record.id)[0]!.id);
  });

  it('makes no API call while nothing is in flight', async () => {
    await until('nothing in flight', () => api.polling().length === 0);
    const before = ((await simulator('/_sim/stats')) as Record<string, number>)['total'] ?? 0;
    await new Promise((r) => setTimeout(r, 3000));
    const after = ((await simulator('/_sim/stats')) as Record<string, number>)['total'] ?? 0;
    assert.equal(after, before);
  });
});
