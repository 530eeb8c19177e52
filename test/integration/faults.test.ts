// Faults injected through the simulator, in the real extension host: what the user is told, and that nothing
// is lost (the queue, the batch id, the result) or sent twice.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ClaudeBatchApi } from '../../src/vscode/api';
import type { BatchRecord } from '../../src/core/model/records';
import {
  extensionApi,
  noticeSince,
  readDisk,
  run,
  simulator,
  simulatorBatches,
  startClean,
  submitAndWait,
  until,
  workspaceUri,
} from './helpers';
import { firstOf } from '../helpers/fakes';

const DEFAULT_SIM = { processingMs: 1500, expiryMs: 24 * 3600_000, retentionMs: 29 * 24 * 3600_000 };

describe('Claude Batch under API faults (real VS Code + simulator)', function () {
  let api: ClaudeBatchApi;

  before(async () => {
    api = await extensionApi();
  });

  beforeEach(startClean);

  afterEach(async () => {
    await simulator('/_sim/reset');
    await simulator('/_sim/settings', DEFAULT_SIM);
  });

  /** Submitting fails with `status` on every attempt the SDK makes: the user is told why and the task stays. */
  async function refusedSubmit(status: number, expected: RegExp): Promise<void> {
    await run('claudeBatch.sendFile', workspaceUri('src/greet.js'), undefined, { instruction: 'Write unit tests' });
    const batchesBefore = (await simulatorBatches()).length;
    await simulator('/_sim/faults', { status, count: 3, match: 'POST /v1/messages/batches' });
    const since = Date.now();
    const records = await run<BatchRecord[] | undefined>('claudeBatch.submitQueue', { skipConfirmation: true });
    assert.equal(records, undefined, 'no batch was recorded');
    assert.match(noticeSince(api, since) ?? '(no notification)', expected);
    assert.equal(api.statusText(), '1 queued', 'the task is still queued');
    assert.equal(api.pendingTasks().length, 1);
    assert.equal((await simulatorBatches()).length, batchesBefore, 'nothing was created');
  }

  it('no key at all: submit says so and offers Set API Key; the task stays queued and nothing is sent', async () => {
    const saved = process.env['ANTHROPIC_API_KEY'];
    delete process.env['ANTHROPIC_API_KEY'];
    try {
      await run('claudeBatch.sendFile', workspaceUri('src/greet.js'), undefined, { instruction: 'Write unit tests' });
      const batchesBefore = (await simulatorBatches()).length;
      const since = Date.now();
      assert.equal(await run('claudeBatch.submitQueue', { skipConfirmation: true }), undefined);
      const notice = api
        .notices()
        .filter((n) => n.at >= since)
        .at(-1);
      assert.match(
        notice?.text ?? '(no notification)',
        /submit failed; the tasks stay queued: No Anthropic API key is set/,
      );
      assert.deepEqual(notice?.actions, ['Set API Key']);
      assert.deepEqual([api.statusText(), (await simulatorBatches()).length], ['1 queued', batchesBefore]);
    } finally {
      process.env['ANTHROPIC_API_KEY'] = saved;
    }
  });

  it('403 on submit: says permission was denied; the task stays queued', async () => {
    await refusedSubmit(403, /submit failed; the tasks stay queued: Permission denied/);
  });

  it('413 on submit: says the batch is too large; the task stays queued', async () => {
    await refusedSubmit(413, /submit failed; the tasks stay queued: The batch is too large/);
  });

  it('429 without retry-after on every retry: says it is rate limited; a later submit goes through', async () => {
    await refusedSubmit(429, /submit failed; the tasks stay queued: Rate limited/);
    await simulator('/_sim/reset');
    const record = await submitAndWait(api);
    assert.equal(api.tasksOf(record.id).length, 1, 'the same task, sent once');
    await run('claudeBatch.discardResult', api.tasksOf(record.id)[0]!.id);
  });

  it('429 with retry-after once: the SDK waits and retries, and the user sees only success', async () => {
    await run('claudeBatch.sendFile', workspaceUri('src/math.js'), undefined, {
      instruction: 'Review and list problems',
    });
    await simulator('/_sim/faults', { status: 429, count: 1, retryAfter: 1, match: 'POST /v1/messages/batches' });
    const since = Date.now();
    const record = await submitAndWait(api);
    assert.equal(noticeSince(api, since), undefined, 'no error was shown');
    assert.equal((await simulatorBatches()).filter((b) => b.id === record.id).length, 1);
    await run('claudeBatch.discardResult', api.tasksOf(record.id)[0]!.id);
  });

  it('500 after the API made the batch: not sent again; the batch is found and adopted by itself', async () => {
    await run('claudeBatch.sendFile', workspaceUri('src/greet.js'), undefined, {
      instruction: 'Review and list problems',
    });
    const taskId = api.pendingTasks()[0]!.id;
    const batchesBefore = (await simulatorBatches()).length;
    await simulator('/_sim/faults', { status: 500, count: 1, after: true, match: 'POST /v1/messages/batches' });
    const since = Date.now();
    assert.equal(await run('claudeBatch.submitQueue', { skipConfirmation: true }), undefined);
    assert.match(
      noticeSince(api, since) ?? '(no notification)',
      /could not confirm the batch was created; .* will not send these tasks twice/,
    );
    assert.equal(api.pendingTasks().length, 1, 'the task is still listed');
    const adopted = await until(
      'the batch to be found and adopted',
      () => api.batches().find((b) => b.taskIds.includes(taskId)),
      30_000,
    );
    assert.equal((await simulatorBatches()).length, batchesBefore + 1, 'exactly one batch was created');
    await until('the task to leave the queue for the batch', () => api.pendingTasks().length === 0);
    await until('its result', () => api.batches().find((b) => b.id === adopted.id)?.resultsIngested);
    await run('claudeBatch.discardResult', api.tasksOf(adopted.id)[0]!.id);
  });

  it('says when the API cannot be reached (529), backs off, and resumes by itself when the fault clears', async () => {
    await run('claudeBatch.sendFile', workspaceUri('src/greet.js'), undefined, { instruction: 'Write unit tests' });
    // Every check of a batch fails with 529 (overloaded) until the fault is cleared; creating still works.
    await simulator('/_sim/faults', { status: 529, count: 100_000, match: 'GET /v1/messages/batches' });
    const record = firstOf(await run<BatchRecord[]>('claudeBatch.submitQueue', { skipConfirmation: true }), 'batch');
    await until(
      'the status bar to say the API is unreachable',
      () => /1 running.* · API unreachable$/.test(api.statusText()),
      45_000,
    );
    await simulator('/_sim/reset');
    await until(
      'the batch to finish once the API answers again',
      () => api.batches().find((b) => b.id === record.id)?.resultsIngested,
      45_000,
    );
    assert.doesNotMatch(api.statusText(), /unreachable|running/);
    assert.equal(api.tasksOf(record.id)[0]?.outcome?.type, 'edits', 'the test file it proposes');
    await run('claudeBatch.discardResult', api.tasksOf(record.id)[0]!.id);
  });

  it('a hung API: each call times out, the status bar says so, and polling resumes when it answers', async () => {
    const config = vscode.workspace.getConfiguration('claudeBatch');
    await config.update('requestTimeoutSeconds', 1, vscode.ConfigurationTarget.Global);
    try {
      await run('claudeBatch.sendFile', workspaceUri('src/strings.js'), undefined, {
        instruction: 'Review and list problems',
      });
      const record = firstOf(await run<BatchRecord[]>('claudeBatch.submitQueue', { skipConfirmation: true }), 'batch');
      // Checks are answered only after 5 s: long past the 1 s timeout, for every retry the SDK makes.
      await simulator('/_sim/faults', { delayMs: 5000, count: 100_000, match: 'GET /v1/messages/batches' });
      await until(
        'the status bar to say the API is unreachable',
        () => /running.* · API unreachable$/.test(api.statusText()),
        45_000,
      );
      await simulator('/_sim/reset');
      await until(
        'the batch to finish once the API answers in time',
        () => api.batches().find((b) => b.id === record.id)?.resultsIngested,
        45_000,
      );
      assert.doesNotMatch(api.statusText(), /unreachable/);
      await run('claudeBatch.discardResult', api.tasksOf(record.id)[0]!.id);
    } finally {
      await config.update('requestTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('says when the network is down and picks up by itself when it is back', async () => {
    await run('claudeBatch.sendFile', workspaceUri('src/strings.js'), undefined, {
      instruction: 'Review and list problems',
    });
    const record = firstOf(await run<BatchRecord[]>('claudeBatch.submitQueue', { skipConfirmation: true }), 'batch');
    await simulator('/_sim/down', { ms: 8000 });
    await until(
      'the status bar to say the API is unreachable',
      () => /running.* · API unreachable$/.test(api.statusText()),
      30_000,
    );
    await until(
      'the batch to finish once the network is back',
      () => api.batches().find((b) => b.id === record.id)?.resultsIngested,
      45_000,
    );
    assert.doesNotMatch(api.statusText(), /unreachable/);
    await run('claudeBatch.discardResult', api.tasksOf(record.id)[0]!.id);
  });

  it('a key refused while batches are in flight: says so with Set API Key, and resumes when it is accepted again', async () => {
    await run('claudeBatch.sendFile', workspaceUri('src/math.js'), undefined, {
      instruction: 'Review and list problems',
    });
    const record = firstOf(await run<BatchRecord[]>('claudeBatch.submitQueue', { skipConfirmation: true }), 'batch');
    const since = Date.now();
    await simulator('/_sim/faults', { status: 401, count: 100_000, match: 'GET /v1/messages/batches' });
    await until(
      'the status bar to say the key was refused',
      () => /running.* · API key refused$/.test(api.statusText()),
      30_000,
    );
    assert.match(noticeSince(api, since) ?? '', /cannot check batches in flight: The API key was refused/);
    await simulator('/_sim/reset');
    await until('the batch to finish', () => api.batches().find((b) => b.id === record.id)?.resultsIngested, 45_000);
    assert.doesNotMatch(api.statusText(), /refused/);
    await run('claudeBatch.discardResult', api.tasksOf(record.id)[0]!.id);
  });

  it('marks a batch the API no longer knows (404) as not found and stops polling it', async () => {
    await simulator('/_sim/settings', { processingMs: 120_000 });
    await run('claudeBatch.sendFile', workspaceUri('src/math.js'), undefined, { instruction: 'Write unit tests' });
    const record = firstOf(await run<BatchRecord[]>('claudeBatch.submitQueue', { skipConfirmation: true }), 'batch');
    await simulator('/_sim/forget', { id: record.id });
    await run('claudeBatch.refresh');
    await until('the batch to be marked missing', () => api.batches().find((b) => b.id === record.id)?.missing);
    assert.ok(!api.polling().includes(record.id), 'no longer polled');
    assert.match(api.tree().find((n) => n.batchId === record.id)?.description ?? '', /^not found/);
  });

  it('a batch that passes expires_at shows its expired tasks, and Retry Failed returns them to the queue', async () => {
    await simulator('/_sim/settings', { processingMs: 120_000, expiryMs: 3000 });
    const uris = ['src/greet.js', 'src/math.js'].map(workspaceUri);
    await run('claudeBatch.sendFile', uris[0], uris, { instruction: 'Refactor for readability' });
    const record = await submitAndWait(api);
    assert.deepEqual(
      api.tasksOf(record.id).map((t) => t.outcome?.type),
      ['expired', 'expired'],
    );
    const node = api.tree().find((n) => n.batchId === record.id);
    assert.deepEqual(
      node?.children?.map((c) => c.contextValue),
      ['task.expired', 'task.expired'],
    );
    assert.equal(await run('claudeBatch.retryFailed', record.id), 2);
    assert.deepEqual(
      api.pendingTasks().map((t) => t.relPath),
      ['src/greet.js', 'src/math.js'],
    );
  });

  it('keeps results after the API archived them (its 29-day window) and still applies them', async () => {
    await simulator('/_sim/settings', { retentionMs: 4000 });
    const before = await readDisk('src/greet.js');
    await run('claudeBatch.sendFile', workspaceUri('src/greet.js'), undefined, {
      instruction: 'replace "Goodbye, " with "Bye, "',
    });
    const record = await submitAndWait(api);
    await until(
      'the API to archive the results',
      async () => (await simulatorBatches()).find((b) => b.id === record.id)?.results_url === null,
      15_000,
    );
    await run('claudeBatch.refresh');
    const task = api.tasksOf(record.id)[0]!;
    assert.equal(await run('claudeBatch.openResult', task.id), 'diff');
    assert.equal((await run<{ applied: boolean }>('claudeBatch.applyResult', task.id)).applied, true);
    assert.equal(await readDisk('src/greet.js'), before.replace('Goodbye, ', 'Bye, '));
  });

  it('a very large answer is cut off at max_tokens: what arrived is kept and opens as Markdown, and nothing is written', async () => {
    const before = await readDisk('src/strings.js');
    await run('claudeBatch.sendFile', workspaceUri('src/strings.js'), undefined, {
      instruction: '[sim:large] Review and list problems',
    });
    const record = await submitAndWait(api);
    const task = api.tasksOf(record.id)[0]!;
    assert.ok(task.outcome?.type === 'stopped' && task.outcome.stopReason === 'max_tokens', 'a cut-off state');
    assert.equal(await run('claudeBatch.openResult', task.id), 'answer');
    const text = vscode.window.activeTextEditor?.document.getText() ?? '';
    assert.match(text, /The answer was cut off/);
    assert.ok(text.length > 100_000, `what arrived is shown (${text.length} characters)`);
    assert.doesNotMatch(text, /End of the large review/);
    assert.equal(await readDisk('src/strings.js'), before);
    await run('claudeBatch.discardResult', task.id);
  });
});
