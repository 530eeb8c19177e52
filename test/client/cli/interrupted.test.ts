// The CLI beside others on one workspace: stopped with Ctrl+C in the middle of a submit (the batch made, its
// answer not yet back), and collecting while a VS Code window holds the poll lease. Nothing is lost, nothing is
// sent twice, and no batch is polled by two processes.
import * as assert from 'node:assert/strict';
import { BatchClient } from '../../../src/core/api/batchClient';
import { PollLease } from '../../../src/core/poll/pollLease';
import { workspaceFiles } from '../../../src/core/store/storageLayout';
import { storeHome, workspaceStore } from '../../../src/core/store/storeHome';
import { createWorkspaceService } from '../../../src/core/workspaceService';
import type { Simulator } from '../../../tools/simulator/server';
import { cliProject, runCli, type CliProject, type CliRun } from '../../helpers/cliProcess';
import { InMemoryMemento } from '../../helpers/fakes';

describe('claude-batch beside other processes (processes, simulator)', function () {
  let project: CliProject;
  let sim: Simulator;
  let ws: string;
  let env: NodeJS.ProcessEnv;

  const cli = (args: string[], interruptWhen?: () => Promise<boolean>) =>
    runCli(args, { cwd: ws, env, ...(interruptWhen ? { interruptWhen } : {}) });
  const json = <T>(run: CliRun): T => JSON.parse(run.stdout) as T;
  const sim$ = async <T>(route: string, body?: object): Promise<T> =>
    (await (await fetch(`${sim.url}${route}`, body ? { method: 'POST', body: JSON.stringify(body) } : {})).json()) as T;
  const batchesCreated = async (): Promise<number> => (await sim$<unknown[]>('/_sim/batches')).length;
  const calls = async (route: string): Promise<number> =>
    (await sim$<Record<string, number>>('/_sim/stats'))[route] ?? 0;
  const storeFiles = () => workspaceFiles(workspaceStore(storeHome(env), { folders: [ws] }));

  beforeEach(async () => {
    project = await cliProject(
      {
        'project/src/paint.js': 'export const colour = "red";\n',
        'project/src/brush.js': 'export const size = 1;\n',
      },
      { processingMs: 60_000 },
    );
    ({ sim, ws, env } = project);
  });
  afterEach(() => project.close());

  it('Ctrl+C during submit, after the API made the batch: exit 130; the next run adopts that batch and sends nothing twice', async () => {
    assert.equal((await cli(['queue', 'src/paint.js', '-i', 'Replace "red" with "blue"'])).code, 0);
    // The API makes the batch, then its answer is held back: the CLI is stopped while it waits for it.
    await sim$('/_sim/faults', { status: 500, after: true, delayMs: 30_000, match: 'POST /v1/messages/batches' });
    const stopped = await cli(['submit'], async () => (await batchesCreated()) === 1);
    assert.equal(stopped.code, 130, stopped.stderr);
    assert.match(stopped.stderr, /interrupted; nothing is lost/);

    const status = await cli(['status', '--json']);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stderr, /an interrupted submission was settled: adopted \(msgbatch_/);
    const seen = json<{ queued: unknown[]; batches: Array<{ tasks: Record<string, number> }> }>(status);
    assert.deepEqual(seen.queued, [], 'the task is in the batch the API made, not back in the queue');
    assert.deepEqual(seen.batches[0]?.tasks, { submitted: 1 });

    assert.equal((await cli(['submit'])).code, 4, 'nothing left to send');
    // The stopped process held the submit lock; it is gone, so the next submit need not wait for the lock to age.
    assert.equal((await cli(['queue', 'src/brush.js', '-i', 'Make it 2'])).code, 0);
    const next = await cli(['submit']);
    assert.equal(next.code, 0, next.stderr);
    assert.equal(await batchesCreated(), 2, 'one batch per submit that reached the API, none twice');
  });

  it('collect follows a VS Code window that holds the poll lease: it asks the API nothing, and ends when the window has the results', async () => {
    assert.equal((await cli(['queue', 'src/paint.js', '-i', 'Replace "red" with "blue"'])).code, 0);
    const submitted = await cli(['submit', '--json']);
    const [batch] = json<{ submitted: Array<{ id: string }> }>(submitted).submitted;
    assert.ok(batch, submitted.stderr);

    // A window on this workspace: it holds the lease and polls with its own records, as the editor does.
    const files = storeFiles();
    const window = createWorkspaceService({
      files,
      state: new InMemoryMemento(),
      workspaceKey: 'editor',
      api: async () => new BatchClient({ apiKey: 'sk-test', baseURL: sim.url, maxRetries: 0 }),
    });
    await window.store.load();
    const lease = new PollLease(files.pollLease, () => 60_000);
    assert.ok(await lease.tryAcquire());

    const before = await calls('GET /v1/messages/batches/{id}');
    const once = await cli(['collect', '--json']);
    assert.equal(once.code, 0, once.stderr);
    assert.match(once.stderr, /another process .* is checking these batches/);
    assert.equal(json<{ running: number }>(once).running, 1);
    assert.equal(await calls('GET /v1/messages/batches/{id}'), before, 'collect asked the API nothing');

    // collect --watch follows; the window sees the batch end and downloads its results; collect then ends.
    let following: () => void = () => undefined;
    const isFollowing = new Promise<void>((resolve) => (following = resolve));
    const watching = runCli(['collect', '--watch', '--json'], {
      cwd: ws,
      env,
      onStderr: (soFar) => /following it/.test(soFar) && following(),
    });
    await isFollowing;
    await sim$('/_sim/finish', {});
    const polled = await window.pollMany([batch.id]);
    assert.ok(polled.get(batch.id) && 'record' in polled.get(batch.id)!, 'the window collected it');
    const afterWindow = await calls('GET /v1/messages/batches/{id}');
    const watched = await watching;
    assert.equal(watched.code, 0, watched.stderr);
    assert.deepEqual(
      json<{ running: number; batches: Array<{ status: string; tasks: object }> }>(watched).batches.map((b) => [
        b.status,
        b.tasks,
      ]),
      [['ended', { ready: 1 }]],
    );
    assert.equal(await calls('GET /v1/messages/batches/{id}'), afterWindow, 'collect asked the API nothing');
    assert.equal(await calls('GET /v1/messages/batches/{id}/results'), 1, 'the results were downloaded once');
    await lease.release();
  });
});
