// What runs without the person at the keyboard: Submit at…, auto-submit at N tasks, task files, and the tools an
// agent in VS Code's chat uses. In the real extension host against the simulator.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ClaudeBatchApi } from '../../src/vscode/api';
import type { ImportReport } from '../../src/vscode/commands/fileCommands';
import { formatProblem } from '../../src/core/errors';
import { discardAllResults, extensionApi, run, startClean, until, workspaceUri, writeDisk } from './helpers';

describe('Claude Batch: scheduling, task files and chat tools (real VS Code + simulator)', function () {
  let api: ClaudeBatchApi;

  before(async () => {
    api = await extensionApi();
  });

  beforeEach(startClean);
  afterEach(() => discardAllResults(api));

  const queue = (relPath: string, instruction = 'Add doc comments') =>
    run('claudeBatch.sendFile', workspaceUri(relPath), [workspaceUri(relPath)], { instruction, allowDuplicate: true });

  it('Submit at… submits the queue by itself at that time, and says when in the status bar and the view', async () => {
    await queue('src/greet.js');
    const at = await run<string>('claudeBatch.submitAt', { at: '3s' });
    assert.equal(api.scheduledAt(), at);
    await until(
      'the status bar to say when',
      () => /^1 queued · submits \d{2}:\d{2}$/.test(api.statusText()) || undefined,
    );
    assert.match(api.tree().find((n) => n.kind === 'queue')?.description ?? '', /^1 pending · submits \d{2}:\d{2}$/);
    assert.ok(
      fs.existsSync(path.join(api.storagePath(), 'schedule.json')),
      'kept in the workspace storage, so a reload keeps it',
    );
    const batch = await until(
      'the scheduled batch',
      () => api.batches().find((b) => b.name.startsWith('Scheduled · 1 task')),
      20_000,
    );
    await until('the queue to be empty', () => api.pendingTasks().length === 0);
    assert.equal(api.scheduledAt(), undefined);
    assert.ok(!fs.existsSync(path.join(api.storagePath(), 'schedule.json')));
    await until('the batch to end', () => api.batches().find((b) => b.id === batch.id && b.resultsIngested));
  });

  it('a canceled schedule submits nothing', async () => {
    await queue('src/math.js');
    await run('claudeBatch.submitAt', { at: '2s' });
    assert.equal(await run<boolean>('claudeBatch.cancelSchedule'), true);
    const batches = api.batches().length;
    await new Promise((r) => setTimeout(r, 3000));
    assert.deepEqual([api.batches().length, api.pendingTasks().length, api.scheduledAt()], [batches, 1, undefined]);
  });

  it('auto-submits once the queue reaches claudeBatch.autoSubmit.queueSize tasks', async () => {
    const config = vscode.workspace.getConfiguration('claudeBatch');
    await config.update('autoSubmit.queueSize', 2, vscode.ConfigurationTarget.Global);
    try {
      await queue('src/greet.js');
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(api.pendingTasks().length, 1, 'one task is below the threshold');
      await queue('src/strings.js');
      const batch = await until(
        'the auto-submitted batch',
        () => api.batches().find((b) => b.name.startsWith('Auto-submitted at 2')),
        15_000,
      );
      assert.equal(batch.taskIds.length, 2);
      await until('the queue to be empty', () => api.pendingTasks().length === 0);
      await until('the batch to end', () => api.batches().find((b) => b.id === batch.id && b.resultsIngested));
    } finally {
      await config.update('autoSubmit.queueSize', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('auto-submits a queue that already holds as many tasks as a newly set threshold (as at start-up)', async () => {
    await queue('src/greet.js');
    await queue('src/math.js');
    const before = new Set(api.batches().map((b) => b.id));
    const config = vscode.workspace.getConfiguration('claudeBatch');
    await config.update('autoSubmit.queueSize', 2, vscode.ConfigurationTarget.Global);
    try {
      const batch = await until(
        'the auto-submitted batch',
        () => api.batches().find((b) => !before.has(b.id) && b.name.startsWith('Auto-submitted at 2')),
        15_000,
      );
      assert.equal(batch.taskIds.length, 2);
      await until('the batch to end', () => api.batches().find((b) => b.id === batch.id && b.resultsIngested));
    } finally {
      await config.update('autoSubmit.queueSize', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('validates a task file, naming the line and field of each problem, and queues nothing from a bad one', async () => {
    await writeDisk(
      'tasks-bad.jsonl',
      [
        '{"file": "src/greet.js", "instruction": "Add doc comments"}',
        '{"file": "src/missing.js", "instruction": "Add doc comments"}',
        '{"file": "src/math.js", "instruction": "Explain", "range": {"startLine": 2, "endLine": 400}}',
        '{"file": "../outside.js", "instruction": "Explain"}',
        '{"file": "src/math.js", "instructions": "typo"}',
      ].join('\n'),
    );
    const report = await run<ImportReport>('claudeBatch.importTasks', workspaceUri('tasks-bad.jsonl'));
    assert.equal(report.queued.length, 0);
    assert.equal(api.pendingTasks().length, 0, 'nothing queued from a file with problems');
    assert.deepEqual(
      report.problems.map((p) => [p.line, p.field]),
      [
        [2, 'file'],
        [3, 'range.endLine'],
        [4, 'file'],
        [5, 'instruction'],
        [5, ''],
      ],
    );
    const problems = report.problems.map(formatProblem);
    assert.match(problems[0]!, /^line 2: file: src\/missing\.js cannot be read/);
    assert.match(problems[1]!, /^line 3: range\.endLine: src\/math\.js has only \d+ lines/);
    assert.match(problems[2]!, /^line 4: file: .*inside the workspace/);
    assert.match(problems[3]!, /^line 5: instruction: /);
    assert.match(problems[4]!, /^line 5: .*instructions/, 'the misspelt key named too');
    await vscode.workspace.fs.delete(workspaceUri('tasks-bad.jsonl'));
  });

  it('imports a task file (validate-only first): ranges, labels and priority order', async () => {
    await writeDisk(
      'tasks.json',
      JSON.stringify(
        {
          tasks: [
            { file: 'src/greet.js', instruction: 'Add doc comments', label: 'docs' },
            { file: 'src/math.js', instruction: 'Write unit tests', range: { startLine: 1, endLine: 2 }, priority: 10 },
          ],
        },
        null,
        2,
      ),
    );
    const checked = await run<ImportReport>('claudeBatch.validateTaskFile', workspaceUri('tasks.json'));
    assert.deepEqual([checked.valid, checked.problems.length, api.pendingTasks().length], [2, 0, 0]);
    const report = await run<ImportReport>('claudeBatch.importTasks', workspaceUri('tasks.json'), {
      allowDuplicate: true,
    });
    assert.equal(report.queued.length, 2);
    const [first, second] = api.pendingTasks();
    assert.deepEqual([first?.relPath, second?.relPath], ['src/math.js', 'src/greet.js'], 'higher priority first');
    assert.deepEqual(first?.range, { startLine: 0, startCharacter: 0, endLine: 2, endCharacter: 0 });
    assert.equal(second?.label, 'docs');
    await vscode.workspace.fs.delete(workspaceUri('tasks.json'));
  });

  it('gives chat agents tools to queue a task and read the status', async () => {
    const names = vscode.lm.tools.map((t) => t.name);
    assert.ok(
      names.includes('claude-batch_queue_task') && names.includes('claude-batch_batch_status'),
      `tools: ${names.join(', ')}`,
    );
    const textOf = (result: vscode.LanguageModelToolResult): string =>
      result.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
    const queued = await vscode.lm.invokeTool('claude-batch_queue_task', {
      toolInvocationToken: undefined,
      input: { file: 'src/math.js', instruction: 'Write unit tests', label: 'agent', startLine: 1, endLine: 2 },
    });
    assert.match(
      textOf(queued),
      /^Queued task \S+ for src\/math\.js with label "agent"\. The queue now holds 1 task\./,
    );
    assert.deepEqual(
      api.pendingTasks().map((t) => [t.relPath, t.label]),
      [['src/math.js', 'agent']],
    );
    const refused = await vscode.lm.invokeTool('claude-batch_queue_task', {
      toolInvocationToken: undefined,
      input: { file: '/etc/passwd', instruction: 'x' },
    });
    assert.match(textOf(refused), /^Not queued: file: .*inside the workspace/);
    const status = await vscode.lm.invokeTool('claude-batch_batch_status', {
      toolInvocationToken: undefined,
      input: {},
    });
    assert.match(textOf(status), /^Queue: 1 task waiting to be submitted\.\nLabels in the queue: agent \(1\)\./);
  });
});
