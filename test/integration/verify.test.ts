// Verify in the real extension host: after Apply, the configured command runs as a VS Code task; when it fails,
// the user is told how, and Follow Up with Output queues a follow-up carrying its output (one round counted); a
// command that hangs is stopped at its time limit.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ClaudeBatchApi } from '../../src/vscode/api';
import type { ApplyOutcome } from '../../src/vscode/review/reviewer';
import type { Task } from '../../src/core/model/records';
import type { VerifyOutcome } from '../../src/core/review/verify';
import {
  discardAllResults,
  extensionApi,
  noticeSince,
  resultFor,
  run,
  startClean,
  until,
  workspaceUri,
  writeAndReload,
} from './helpers';

const FILE = 'src/verify.js';
const node = JSON.stringify(process.execPath);
const config = () => vscode.workspace.getConfiguration('claudeBatch');

describe('Verify after Apply (real VS Code + simulator)', function () {
  let api: ClaudeBatchApi;
  /** A ready result on FILE ("red" → "blue"), its task id. */
  const readyResult = async (): Promise<string> => {
    await writeAndReload(FILE, 'export const colour = "red";\n');
    return (await resultFor(api, FILE, 'Replace "red" with "blue"')).id;
  };

  before(async () => {
    api = await extensionApi();
  });
  beforeEach(startClean);
  afterEach(async () => {
    for (const key of ['verify.command', 'verify.timeoutSeconds'])
      await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    await discardAllResults(api);
    await run('claudeBatch.clearQueue', { skipConfirmation: true });
  });
  after(() => vscode.workspace.fs.delete(workspaceUri(FILE)).then(undefined, () => undefined));

  it('a failing verify command says so, and Follow Up with Output queues a follow-up with its output', async () => {
    await config().update(
      'verify.command',
      `${node} -e "console.log('checked ' + process.argv[1] + ': 1 test failed'); process.exit(1)" \${file}`,
      vscode.ConfigurationTarget.Global,
    );
    const taskId = await readyResult();
    const since = Date.now();
    const outcome = await run<ApplyOutcome>('claudeBatch.applyResult', taskId);
    assert.equal(outcome.applied, true, outcome.reason);
    const notice = await until('the verify failure to be shown', () => {
      const text = noticeSince(api, since);
      return text && /verify of/.test(text) ? text : undefined;
    });
    assert.match(notice, /verify of src\/verify.js failed with exit code 1/);

    const followUp = await run<Task | undefined>('claudeBatch.followUpOnVerify', taskId);
    assert.ok(followUp, 'a follow-up was queued');
    assert.equal(followUp.followUp?.of, taskId);
    assert.equal(followUp.followUp?.verifyRound, 1);
    assert.match(followUp.instruction, /checked src\/verify.js: 1 test failed/);
    assert.match(followUp.instruction, /failed with exit code 1/);
    assert.deepEqual(
      api.pendingTasks().map((t) => t.id),
      [followUp.id],
    );
  });

  it('a verify command that hangs is stopped at its time limit; one that passes says so', async () => {
    const taskId = await readyResult();
    assert.equal((await run<ApplyOutcome>('claudeBatch.applyResult', taskId)).applied, true);
    await config().update('verify.timeoutSeconds', 5, vscode.ConfigurationTarget.Global);
    await config().update(
      'verify.command',
      `${node} -e "setInterval(() => {}, 1000)"`,
      vscode.ConfigurationTarget.Global,
    );
    const hanging = await run<VerifyOutcome | undefined>('claudeBatch.verifyResult', taskId);
    assert.equal(hanging?.kind, 'timedOut');
    await config().update('verify.command', `${node} -e "process.exit(0)"`, vscode.ConfigurationTarget.Global);
    const passed = await run<VerifyOutcome | undefined>('claudeBatch.verifyResult', taskId);
    assert.equal(passed?.kind, 'passed');
  });
});
