// Real models in the real extension host, against the strict simulator: a whole-file task on a 400-line file
// comes back whole and applies; a misspelt model is refused before any batch is created, however the submit
// starts; a cut-off answer is retried with more room in one action; a large body under a slow upload is created once.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ClaudeBatchApi } from '../../src/vscode/api';
import type { BatchRecord } from '../../src/core/model/records';
import { taskState } from '../../src/core/model/records';
import {
  discardAllResults,
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
  writeDisk,
} from './helpers';
import { fortyFunctions } from '../helpers/fixtures';
import { firstOf } from '../helpers/fakes';

type Row = ReturnType<ClaudeBatchApi['tree']>[number];
/** Every row of the tree, children included. */
const rows = (nodes: readonly Row[]): Row[] => nodes.flatMap((n) => [n, ...rows(n.children ?? [])]);

const config = () => vscode.workspace.getConfiguration('claudeBatch');

/** Sets user settings for one test and puts them back afterwards, whatever happens. */
async function withSettings(values: Record<string, unknown>, body: () => Promise<void>): Promise<void> {
  for (const [key, value] of Object.entries(values))
    await config().update(key, value, vscode.ConfigurationTarget.Global);
  try {
    await body();
  } finally {
    for (const key of Object.keys(values)) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
  }
}

describe('Claude Batch with real models (real VS Code + strict simulator)', function () {
  let api: ClaudeBatchApi;
  const queue = (relPath: string, instruction: string) =>
    run('claudeBatch.sendFile', workspaceUri(relPath), [workspaceUri(relPath)], { instruction, allowDuplicate: true });

  before(async () => {
    api = await extensionApi();
    await writeDisk('src/steps.js', fortyFunctions());
  });
  beforeEach(startClean);
  afterEach(() => discardAllResults(api));
  after(async () => {
    for (const file of ['src/steps.js', 'src/big.js'])
      await vscode.workspace.fs.delete(workspaceUri(file)).then(undefined, () => undefined);
  });

  it('"Add doc comments" on a 400-line file of 40 functions comes back whole with the default settings, and applies', async () => {
    await queue('src/steps.js', 'Add doc comments');
    const record = await submitAndWait(api);
    assert.deepEqual([record.maxTokens, record.effort], [64_000, 'medium'], 'sent with the defaults for real models');
    const task = firstOf(api.tasksOf(record.id), 'task');
    assert.equal(taskState(task), 'ready');
    assert.equal((await run<{ applied: boolean }>('claudeBatch.applyResult', task.id)).applied, true);
    assert.equal((await readDisk('src/steps.js')).match(/documented by the simulator/g)?.length, 40);
    const row = rows(api.tree()).find((n) => n.taskId === task.id);
    assert.match(row?.tooltip ?? '', /of them thinking/, 'the task shows its thinking tokens');
    await writeDisk('src/steps.js', fortyFunctions());
  });

  it('a misspelt model is refused before any batch is created: manual, auto and scheduled submits alike', async () => {
    await withSettings({ model: 'claude-sonet-5-5' }, async () => {
      await queue('src/greet.js', 'Explain it');
      const created = (await simulatorBatches()).length;
      const refused = async (what: string, since: number) => {
        const notice = await until(`${what} to be refused`, () => noticeSince(api, since));
        assert.match(notice, /nothing was submitted; the tasks stay queued.*"claude-sonet-5-5" \(claudeBatch\.model\)/);
        assert.deepEqual(api.notices().at(-1)?.actions, ['Choose Model…', 'Open Settings']);
        assert.equal((await simulatorBatches()).length, created, `${what}: no batch was created`);
        assert.equal(api.pendingTasks().length, 1, `${what}: the task is still queued`);
      };

      let since = Date.now();
      assert.equal(await run('claudeBatch.submitQueue', { skipConfirmation: true }), undefined);
      await refused('the manual submit', since);

      since = Date.now();
      await config().update('autoSubmit.queueSize', 1, vscode.ConfigurationTarget.Global);
      try {
        await refused('the auto-submit', since);
      } finally {
        await config().update('autoSubmit.queueSize', undefined, vscode.ConfigurationTarget.Global);
      }

      since = Date.now();
      await run('claudeBatch.submitAt', { at: '1s' });
      await refused('the scheduled submit', since);

      // The picker offered with the refusal writes a model the API knows; then the same queue goes through.
      assert.equal(await run('claudeBatch.chooseModel', { model: 'claude-haiku-5-5' }), 'claude-haiku-5-5');
      assert.equal(config().get('model'), 'claude-haiku-5-5');
      const record = await submitAndWait(api);
      assert.equal(record.model, 'claude-haiku-5-5');
    });
  });

  it('a cut-off answer is retried with more room in one action, and then applies', async () => {
    await withSettings({ maxTokens: 4096, effort: 'default' }, async () => {
      await queue('src/steps.js', 'Add doc comments');
      const first = await submitAndWait(api);
      const cut = firstOf(api.tasksOf(first.id), 'task');
      assert.equal(taskState(cut), 'cutOff');
      const row = rows(api.tree()).find((n) => n.taskId === cut.id);
      assert.equal(row?.contextValue, 'task.cutOff', 'the row offers Retry with More Room');
      assert.match(row?.description ?? '', /cut off at max_tokens/);
      assert.equal(await run('claudeBatch.openResult', cut.id), 'answer', 'what arrived can still be read');

      assert.equal(await run('claudeBatch.retryWithMoreRoom', row), 1);
      const retried = firstOf(api.pendingTasks(), 'retried task');
      assert.equal(retried.maxTokens, 8192);
      const second: BatchRecord = await submitAndWait(api);
      const done = firstOf(api.tasksOf(second.id), 'task');
      assert.equal(taskState(done), 'ready');
      assert.equal((await run<{ applied: boolean }>('claudeBatch.applyResult', done.id)).applied, true);
      assert.equal((await readDisk('src/steps.js')).match(/documented by the simulator/g)?.length, 40);
    });
    await writeDisk('src/steps.js', fortyFunctions());
  });

  it('a large body under a throttled upload is created once: the create timeout grows with the body', async () => {
    const big = `${'// padding that makes the request body large, as a real repository file can be\n'.repeat(11_000)}export function a() {}\n`;
    await writeDisk('src/big.js', big);
    await simulator('/_sim/settings', { uploadBytesPerSec: 400_000 });
    try {
      await withSettings({ requestTimeoutSeconds: 1, maxFileBytes: 2_000_000 }, async () => {
        await queue('src/big.js', 'Explain it');
        const before = ((await simulator('/_sim/stats')) as Record<string, number>)['POST /v1/messages/batches'] ?? 0;
        const record = await submitAndWait(api);
        const after = ((await simulator('/_sim/stats')) as Record<string, number>)['POST /v1/messages/batches'] ?? 0;
        assert.equal(after - before, 1, 'one create call: not timed out, not retried');
        assert.equal(record.taskIds.length, 1);
      });
    } finally {
      await simulator('/_sim/settings', { uploadBytesPerSec: 0 });
    }
  });
});
