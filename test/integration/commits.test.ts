// Commits per task in the real extension host, through VS Code's git extension, on a repository the test makes:
// Apply All yields one commit per task on a new branch named after the batch, each with only its own file; an
// unrelated modified file stays modified and uncommitted. Git busy (a merge), staged work of the user's and a
// detached HEAD stop the apply before anything is written, and say why.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { ClaudeBatchApi } from '../../src/vscode/api';
import type { CommittedOutcome } from '../../src/vscode/commands/applyWithCommits';
import {
  discardAllResults,
  extensionApi,
  noticeSince,
  readDisk,
  run,
  startClean,
  submitAndWait,
  until,
  workspaceUri,
  writeAndReload,
} from './helpers';
import { firstOf } from '../helpers/fakes';

const REPO = 'gitrepo';
const config = () => vscode.workspace.getConfiguration('claudeBatch');

describe('Commits per task (real VS Code + git extension + simulator)', function () {
  let api: ClaudeBatchApi;
  const root = () => workspaceUri(REPO).fsPath;
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: root(), encoding: 'utf8' }).trim();
  const queue = async (relPath: string) =>
    run('claudeBatch.sendFile', workspaceUri(relPath), [workspaceUri(relPath)], {
      instruction: 'Replace "red" with "blue"',
      allowDuplicate: true,
    });

  before(async () => {
    api = await extensionApi();
  });
  beforeEach(async () => {
    await startClean();
    fs.rmSync(root(), { recursive: true, force: true });
    fs.mkdirSync(root(), { recursive: true });
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 'test@example.com');
    git('config', 'user.name', 'Claude Batch test');
    for (const name of ['a.js', 'b.js', 'other.js'])
      await writeAndReload(`${REPO}/${name}`, `export const ${name[0]} = "red";\n`);
    git('add', '-A');
    git('commit', '-q', '-m', 'initial');
    const gitApi = vscode.extensions.getExtension<{
      getAPI(v: 1): { openRepository(uri: vscode.Uri): Promise<unknown> };
    }>('vscode.git');
    assert.ok(gitApi, 'the git extension is there');
    const exports = gitApi.isActive ? gitApi.exports : await gitApi.activate();
    await until('the git extension to open the repository', () => exports.getAPI(1).openRepository(workspaceUri(REPO)));
    await config().update('git.commitPerTask', true, vscode.ConfigurationTarget.Global);
  });
  afterEach(async () => {
    for (const key of ['git.commitPerTask', 'git.commitTo'])
      await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    await discardAllResults(api);
    await run('claudeBatch.clearQueue', { skipConfirmation: true });
  });
  after(() => fs.rmSync(root(), { recursive: true, force: true }));

  it('Apply All makes one commit per task on a new branch named after the batch; an unrelated change stays uncommitted', async () => {
    await writeAndReload(`${REPO}/other.js`, 'export const o = "mine, not yet committed";\n');
    await queue(`${REPO}/a.js`);
    await queue(`${REPO}/b.js`);
    const record = await submitAndWait(api, 'Paint job');
    const outcomes = await run<CommittedOutcome[]>('claudeBatch.applyAll', record.id);
    assert.deepEqual(
      outcomes.map((o) => [o.relPath, o.applied, !!o.commit, o.notCommitted]),
      [
        [`${REPO}/a.js`, true, true, undefined],
        [`${REPO}/b.js`, true, true, undefined],
      ],
    );
    const branch = git('rev-parse', '--abbrev-ref', 'HEAD');
    assert.match(branch, /^claude-batch\/paint-job-[a-z0-9]{6}$/);
    assert.equal(git('rev-list', '--count', 'main..HEAD'), '2', 'one commit per task');
    for (const [index, file] of ['b.js', 'a.js'].entries()) {
      assert.equal(git('show', '--name-only', '--format=', `HEAD~${index}`), file, 'each commit holds only its file');
      const message = git('log', '-1', '--format=%B', `HEAD~${index}`);
      assert.match(message, /^Replace "red" with "blue"\n\nReplaced "red" as asked\./);
      assert.match(message, new RegExp(`Claude-Batch: ${record.id} task `));
    }
    assert.equal(git('status', '--porcelain'), 'M other.js', 'the unrelated change is still there, uncommitted');
    assert.equal(await readDisk(`${REPO}/other.js`), 'export const o = "mine, not yet committed";\n');
    const task = firstOf(api.tasksOf(record.id), 'task');
    assert.equal(task.review?.commit?.branch, branch);
  });

  it('git busy, staged work or a detached HEAD stops the apply before anything is written, and says why', async () => {
    await queue(`${REPO}/a.js`);
    const record = await submitAndWait(api);
    const taskId = firstOf(api.tasksOf(record.id), 'task').id;
    const refused = async (pattern: RegExp) => {
      const since = Date.now();
      const outcome = await run<CommittedOutcome | undefined>('claudeBatch.applyResult', taskId, {
        skipConfirmation: true,
      });
      assert.equal(outcome, undefined, 'nothing applied');
      assert.match(noticeSince(api, since) ?? '', pattern);
      assert.equal(await readDisk(`${REPO}/a.js`), 'export const a = "red";\n', 'nothing written');
    };

    fs.writeFileSync(`${root()}/.git/MERGE_HEAD`, `${git('rev-parse', 'HEAD')}\n`);
    await refused(/cannot commit per task: git is busy: a merge is in progress\. Nothing was applied/);
    fs.rmSync(`${root()}/.git/MERGE_HEAD`);

    await writeAndReload(`${REPO}/other.js`, 'export const o = "staged";\n');
    git('add', 'other.js');
    await refused(/you have staged changes \(other.js\)/);
    git('reset', '-q');

    git('checkout', '-q', '--detach');
    await config().update('git.commitTo', 'currentBranch', vscode.ConfigurationTarget.Global);
    await refused(/HEAD is detached/);
  });
});
