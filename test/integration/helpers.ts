// Helpers for tests that run inside the real extension host.
import * as vscode from 'vscode';
import * as assert from 'node:assert/strict';
import type { ClaudeBatchApi } from '../../src/vscode/api';
import type { BatchRecord, Task } from '../../src/core/model/records';

export const run = <T>(command: string, ...args: unknown[]): Thenable<T> =>
  vscode.commands.executeCommand<T>(command, ...args);

/** Submits the queue without the confirmation and waits until its results are recorded and shown. */
export async function submitAndWait(api: ClaudeBatchApi, name?: string): Promise<BatchRecord> {
  const [record] =
    (await run<BatchRecord[] | undefined>('claudeBatch.submitQueue', {
      skipConfirmation: true,
      ...(name ? { name } : {}),
    })) ?? [];
  assert.ok(record, 'submit returned a batch');
  await until(`batch ${record.id} to finish`, () => api.batches().find((b) => b.id === record.id && b.resultsIngested));
  // The views follow the state after one change event.
  await until('the status bar to stop showing it running', () => !/running/.test(api.statusText()));
  return record;
}

/** Queues one file with an instruction, submits it alone and returns its task once the result is in. */
export async function resultFor(api: ClaudeBatchApi, relPath: string, instruction: string): Promise<Task> {
  await run('claudeBatch.sendFile', workspaceUri(relPath), [workspaceUri(relPath)], {
    instruction,
    allowDuplicate: true,
  });
  const record = await submitAndWait(api);
  const [task] = api.tasksOf(record.id);
  assert.ok(task, `batch ${record.id} has its task`);
  return task;
}

export async function extensionApi(): Promise<ClaudeBatchApi> {
  const extension = vscode.extensions.getExtension<ClaudeBatchApi>('claude-batch.claude-batch');
  if (!extension) throw new Error('the Claude Batch extension is not loaded');
  const api = await extension.activate();
  await api.ready;
  return api;
}

export async function until<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function workspaceUri(relPath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, relPath);
}

export async function readDisk(relPath: string): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceUri(relPath)));
}

export async function writeDisk(relPath: string, text: string | Uint8Array): Promise<void> {
  await vscode.workspace.fs.writeFile(
    workspaceUri(relPath),
    typeof text === 'string' ? new TextEncoder().encode(text) : text,
  );
}

/** Writes a file, and waits for an open document of it (an earlier test's) to show what was written. */
export async function writeAndReload(relPath: string, text: string): Promise<void> {
  await writeDisk(relPath, text);
  await until(`the open document of ${relPath} to reload from disk`, () => {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === workspaceUri(relPath).toString());
    return !open || open.getText() === text;
  });
}

export async function simulator(pathname: string, body?: unknown): Promise<unknown> {
  const base = process.env['CLAUDE_BATCH_SIM_URL'];
  if (!base) throw new Error('CLAUDE_BATCH_SIM_URL is not set');
  const response = await fetch(
    `${base}${pathname}`,
    body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) },
  );
  return response.json();
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** The batches the simulator holds, as the API describes them (not counted as API calls). */
export async function simulatorBatches(): Promise<
  Array<{ id: string; processing_status: string; results_url: string | null }>
> {
  return (await simulator('/_sim/batches')) as Array<{
    id: string;
    processing_status: string;
    results_url: string | null;
  }>;
}

/** The text of the newest error or warning notification the extension showed since `since`. */
export function noticeSince(api: ClaudeBatchApi, since: number): string | undefined {
  return api
    .notices()
    .filter((n) => n.at >= since)
    .at(-1)?.text;
}

/** Each test starts from an empty queue and no open editors. */
export async function startClean(): Promise<void> {
  await run('claudeBatch.clearQueue', { skipConfirmation: true });
  await closeAllEditors();
}

/** Discards every result still waiting for review, so the next test counts only its own. */
export async function discardAllResults(api: ClaudeBatchApi): Promise<void> {
  for (const batch of api.batches()) {
    for (const task of api.tasksOf(batch.id)) {
      const type = task.outcome?.type;
      if (!task.review && (type === 'edits' || type === 'answer' || type === 'stopped'))
        await run('claudeBatch.discardResult', task.id);
    }
  }
  await until('the status bar to show no results', () => !/ready/.test(api.statusText()));
}
