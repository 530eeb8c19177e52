// One queue, whichever door: the CLI, run as a process on this workspace's folder, queues a task that the
// extension shows without a reload; the extension submits it and the CLI collects the results, which the
// extension then shows as ready — one download, whoever made it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ClaudeBatchApi } from '../../src/vscode/api';
import type { BatchRecord } from '../../src/core/model/records';
import { runCli, type CliRun } from '../helpers/cliProcess';
import { discardAllResults, extensionApi, run, startClean, until, workspaceUri, writeAndReload } from './helpers';

// A name VS Code's URIs encode differently from Node's (a Next.js route group, a space, a plus).
const FILE = 'src/(doors)/front door+1.js';

/** The CLI on the test's workspace folder, with the extension host's store home and the simulator. */
function cli(...args: string[]): Promise<CliRun> {
  const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
  return runCli([...args, '-w', folder], {
    cwd: folder,
    env: {
      ...process.env,
      ANTHROPIC_API_KEY: 'sk-cross-door',
      ANTHROPIC_BASE_URL: process.env['CLAUDE_BATCH_SIM_URL'],
      ELECTRON_RUN_AS_NODE: '1',
    },
  });
}

describe('One queue, whichever door (real VS Code + the CLI as a process)', function () {
  let api: ClaudeBatchApi;

  before(async () => {
    api = await extensionApi();
  });
  beforeEach(startClean);
  afterEach(() => discardAllResults(api));
  after(() =>
    vscode.workspace.fs.delete(workspaceUri('src/(doors)'), { recursive: true }).then(undefined, () => undefined),
  );

  it('the CLI queues and VS Code shows it; VS Code submits and the CLI collects; VS Code shows the result', async () => {
    await writeAndReload(FILE, 'export const door = "closed";\n');
    const queued = await cli('queue', FILE, '-i', 'Replace "closed" with "open"', '--json');
    assert.equal(queued.code, 0, queued.stderr);
    const { queued: tasks } = JSON.parse(queued.stdout) as { queued: Array<{ id: string }> };
    await until('the extension to show the task the CLI queued', () =>
      api.pendingTasks().some((t) => t.id === tasks[0]!.id),
    );
    assert.equal(
      api.pendingTasks().find((t) => t.id === tasks[0]!.id)?.fileUri,
      workspaceUri(FILE).toString(),
      'the CLI names the file as VS Code does, so the same task queued from either door is one task',
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
