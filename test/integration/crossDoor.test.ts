// One queue, whichever door: the CLI, run as a process on this workspace's folder, queues a task that the
// extension shows without a reload; the extension submits it and the CLI collects the results, which the
// extension then shows as ready — one download, whoever made it.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ClaudeBatchApi } from '../../src/vscode/api';
import type { BatchRecord } from '../../src/core/model/records';
import { discardAllResults, extensionApi, run, startClean, until, workspaceUri, writeAndReload } from './helpers';

const CLI = path.resolve(__dirname, '../../src/cli/main.js');
const FILE = 'src/door.js';

/** The CLI on the test's workspace folder, with the extension host's store home and the simulator. */
function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args, '-w', folder], {
      cwd: folder,
      env: {
        ...process.env,
        ANTHROPIC_API_KEY: 'sk-cross-door',
        ANTHROPIC_BASE_URL: process.env['CLAUDE_BATCH_SIM_URL'],
        ELECTRON_RUN_AS_NODE: '1',
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('One queue, whichever door (real VS Code + the CLI as a process)', function () {
  let api: ClaudeBatchApi;

  before(async () => {
    api = await extensionApi();
  });
  beforeEach(startClean);
  afterEach(() => discardAllResults(api));
  after(() => vscode.workspace.fs.delete(workspaceUri(FILE)).then(undefined, () => undefined));

  it('the CLI queues and VS Code shows it; VS Code submits and the CLI collects; VS Code shows the result', async () => {
    await writeAndReload(FILE, 'export const door = "closed";\n');
    const queued = await cli('queue', FILE, '-i', 'Replace "closed" with "open"', '--json');
    assert.equal(queued.code, 0, queued.stderr);
    const { queued: tasks } = JSON.parse(queued.stdout) as { queued: Array<{ id: string }> };
    await until('the extension to show the task the CLI queued', () =>
      api.pendingTasks().some((t) => t.id === tasks[0]!.id),
    );

    const downloads = async (): Promise<number> =>
      ((await (await fetch(`${process.env['CLAUDE_BATCH_SIM_URL']}/_sim/stats`)).json()) as Record<string, number>)[
        'GET /v1/messages/batches/{id}/results'
      ] ?? 0;
    const downloadsBefore = await downloads();
    const [record] =
      (await run<BatchRecord[] | undefined>('claudeBatch.submitQueue', { skipConfirmation: true })) ?? [];
    assert.ok(record, 'VS Code submitted');
    const collected = await cli('collect', '--watch', '--max-seconds', '1', '--json');
    assert.equal(collected.code, 0, collected.stderr);
    const { batches } = JSON.parse(collected.stdout) as { batches: Array<{ id: string; status: string }> };
    assert.equal(batches.find((b) => b.id === record.id)?.status, 'ended');
    await until('the extension to show the result ready', () =>
      api.tasksOf(record.id).every((t) => t.outcome?.type === 'edits'),
    );
    await until('the status bar to count it', () => /1 ready/.test(api.statusText()));
    assert.equal((await downloads()) - downloadsBefore, 1, 'the results were downloaded once');
  });
});
