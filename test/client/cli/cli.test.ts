// The CLI as a process, against the simulator: queue → submit → collect → status through the same store the
// editor opens for that folder, and each bad input answered with one line on stderr and its own exit code,
// nothing lost and nothing sent.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { createWorkspaceService } from '../../../src/core/workspaceService';
import { workspaceFiles } from '../../../src/core/store/storageLayout';
import { workspaceStore } from '../../../src/core/store/storeHome';
import type { Simulator } from '../../../tools/simulator/server';
import { cliProject, runCli, type CliProject, type CliRun } from '../../helpers/cliProcess';
import { InMemoryMemento } from '../../helpers/fakes';

describe('claude-batch CLI (processes, simulator)', function () {
  let project: CliProject;
  let sim: Simulator;
  let ws: string;
  let env: NodeJS.ProcessEnv;

  /** Runs the CLI in the workspace; `interruptWhen` sends Ctrl+C (SIGINT) once it holds. */
  const cli = (args: string[], extraEnv: NodeJS.ProcessEnv = {}, interruptWhen?: () => Promise<boolean>) =>
    runCli(args, { cwd: ws, env: { ...env, ...extraEnv }, ...(interruptWhen ? { interruptWhen } : {}) });
  /** How many times the simulator was asked about a batch (GET /v1/messages/batches/{id}). */
  const retrievals = async (): Promise<number> =>
    ((await (await fetch(`${sim.url}/_sim/stats`)).json()) as Record<string, number>)[
      'GET /v1/messages/batches/{id}'
    ] ?? 0;
  const json = <T>(run: CliRun): T => JSON.parse(run.stdout) as T;
  const batchesCreated = async (): Promise<number> =>
    ((await (await fetch(`${sim.url}/_sim/batches`)).json()) as unknown[]).length;

  beforeEach(async () => {
    project = await cliProject(
      {
        'project/src/paint.js': 'export const colour = "red";\n',
        'project/.env': 'TOKEN=1\n',
        'outside.js': 'x\n',
      },
      { processingMs: 50 },
    );
    ({ sim, ws, env } = project);
  });
  afterEach(() => project.close());

  it('queue → submit → collect --watch → status, each with --json and exit code 0; the editor’s store sees the queue', async () => {
    const queued = await cli(['queue', 'src/paint.js', '-i', 'Replace "red" with "blue"', '--json']);
    assert.equal(queued.code, 0, queued.stderr);
    const [task] = json<{ queued: Array<{ id: string; relPath: string }> }>(queued).queued;
    assert.equal(task?.relPath, 'src/paint.js');

    // The editor opens the same folder's store: it sees the task the CLI queued.
    const editorSide = createWorkspaceService({
      files: workspaceFiles(workspaceStore(path.join(project.dir, 'home'), { folders: [ws] })),
      state: new InMemoryMemento(),
      workspaceKey: 'editor',
      api: () => Promise.reject(new Error('not used')),
    });
    await editorSide.store.load();
    assert.deepEqual(
      editorSide.store.pending().map((t) => t.id),
      [task!.id],
    );

    const dry = await cli(['submit', '--dry-run', '--json']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal(await batchesCreated(), 0, 'a dry run sends nothing');
    const submitted = await cli(['submit', '--json', '--name', 'nightly']);
    assert.equal(submitted.code, 0, submitted.stderr);
    const [batch] = json<{ submitted: Array<{ id: string; name: string }> }>(submitted).submitted;
    assert.equal(batch?.name, 'nightly');

    const collected = await cli(['collect', '--watch', '--max-seconds', '1', '--json']);
    assert.equal(collected.code, 0, collected.stderr);
    assert.equal(json<{ running: number }>(collected).running, 0);
    const status = json<{ queued: unknown[]; batches: Array<{ id: string; status: string; tasks: object }> }>(
      await cli(['status', '--json']),
    );
    assert.deepEqual(status.queued, []);
    assert.deepEqual(status.batches, [{ ...status.batches[0], id: batch!.id, status: 'ended', tasks: { ready: 1 } }]);
  });

  it('bad input: one line on stderr naming the problem and the fix, its own exit code, nothing sent', async () => {
    const cases: Array<[string[], NodeJS.ProcessEnv, number, RegExp]> = [
      [['frob'], {}, 2, /unknown command "frob"/],
      [['status', '--frob'], {}, 2, /Unknown option '--frob'/],
      [['queue', 'src/paint.js'], {}, 2, /-i <instruction> is required/],
      [['queue', 'src/nope.js', '-i', 'x'], {}, 4, /src\/nope.js: no such file/],
      [['queue', '../outside.js', '-i', 'x'], {}, 4, /outside the workspace/],
      [['queue', '.env', '-i', 'x'], {}, 4, /looks like a file of secrets.*--allow-secret-files/],
      [['collect', '--batch', 'msgbatch_nope'], {}, 6, /No batch msgbatch_nope in this workspace/],
      [['submit'], {}, 4, /The queue is empty.*claude-batch queue/],
    ];
    for (const [args, extra, code, pattern] of cases) {
      const run = await cli(args, extra);
      assert.equal(run.code, code, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, pattern, args.join(' '));
      assert.equal(run.stderr.trim().split('\n').length, 1, `${args.join(' ')}: one line`);
    }
    assert.equal((await cli(['queue', 'src/paint.js', '-i', 'Replace "red" with "blue"'])).code, 0);
    const noKey = await cli(['submit'], { ANTHROPIC_API_KEY: '' });
    assert.deepEqual([noKey.code, /set ANTHROPIC_API_KEY/.test(noKey.stderr)], [3, true]);
    const unreachable = await cli(['submit'], { ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' });
    assert.deepEqual([unreachable.code, /Cannot reach the Anthropic API/.test(unreachable.stderr)], [5, true]);
    assert.equal(await batchesCreated(), 0, 'nothing was sent');
    const status = json<{ queued: unknown[] }>(await cli(['status', '--json']));
    assert.equal(status.queued.length, 1, 'the task is still queued');
  });

  it('import queues a task file’s entries; a file with problems names each by line and queues nothing', async () => {
    writeFileSync(path.join(ws, 'src', 'two.js'), 'export const a = 1;\nexport const b = 2;\n');
    const good = path.join(project.dir, 'tasks.jsonl');
    writeFileSync(
      good,
      [
        JSON.stringify({ file: 'src/paint.js', instruction: 'Add doc comments' }),
        JSON.stringify({
          file: 'src/two.js',
          instruction: 'Explain',
          range: { startLine: 2, endLine: 2 },
          priority: 5,
        }),
      ].join('\n'),
    );
    const checked = await cli(['import', good, '--validate', '--json']);
    assert.equal(checked.code, 0, checked.stderr);
    assert.equal(json<{ valid: number }>(checked).valid, 2);
    assert.deepEqual(
      json<{ queued: unknown[] }>(await cli(['status', '--json'])).queued,
      [],
      'validate queues nothing',
    );

    const imported = await cli(['import', good, '--json']);
    assert.equal(imported.code, 0, imported.stderr);
    assert.deepEqual(
      json<{ queued: Array<{ relPath: string }> }>(imported).queued.map((t) => t.relPath),
      ['src/two.js', 'src/paint.js'],
      'by priority',
    );

    const bad = path.join(project.dir, 'bad.jsonl');
    writeFileSync(
      bad,
      [
        JSON.stringify({ file: 'src/paint.js', instruction: 'ok' }),
        JSON.stringify({ file: 'src/missing.js', instruction: 'x' }),
        '{ not json',
        JSON.stringify({ file: '../outside.js', instruction: 'x' }),
        JSON.stringify({ file: 'src/two.js', instruction: 'x', range: { startLine: 1, endLine: 9 } }),
      ].join('\n'),
    );
    const refused = await cli(['import', bad, '--json']);
    assert.equal(refused.code, 4);
    assert.match(refused.stderr, /^claude-batch: bad.jsonl: line 2: file: src\/missing.js: no such file.*and 3 more/);
    const { problems } = json<{ problems: Array<{ line: number; field: string }> }>(refused);
    assert.deepEqual(
      problems.map((p) => [p.line, p.field]),
      [
        [2, 'file'],
        [3, ''],
        [4, 'file'],
        [5, 'range.endLine'],
      ],
    );
    assert.equal(json<{ queued: unknown[] }>(await cli(['status', '--json'])).queued.length, 2, 'nothing more queued');
  });

  it('apply writes ready results to the files; one that conflicts with a change since stays ready, exit 7', async () => {
    writeFileSync(path.join(ws, 'src', 'other.js'), 'export const size = "small";\n');
    assert.equal((await cli(['queue', 'src/paint.js', '-i', 'Replace "red" with "blue"'])).code, 0);
    assert.equal((await cli(['queue', 'src/other.js', '-i', 'Replace "small" with "large"'])).code, 0);
    const [batch] = json<{ submitted: Array<{ id: string }> }>(await cli(['submit', '--json'])).submitted;
    assert.equal((await cli(['collect', '--watch', '--max-seconds', '1'])).code, 0);
    // Meanwhile someone rewrote the line the second result changes.
    writeFileSync(path.join(ws, 'src', 'other.js'), 'export const size = "medium";\n');
    assert.equal((await cli(['apply'])).code, 2, 'apply names what to apply');
    assert.equal((await cli(['apply', '--batch', 'msgbatch_nope'])).code, 6);
    const applied = await cli(['apply', '--batch', batch!.id, '--json']);
    assert.equal(applied.code, 7, applied.stderr);
    const report = json<{
      applied: Array<{ relPath: string }>;
      notApplied: Array<{ relPath: string; reason: string }>;
    }>(applied);
    assert.deepEqual(
      report.applied.map((a) => a.relPath),
      ['src/paint.js'],
    );
    assert.equal(report.notApplied[0]?.relPath, 'src/other.js');
    assert.match(report.notApplied[0]!.reason, /changed since the task was queued/);
    assert.equal(readFileSync(path.join(ws, 'src', 'paint.js'), 'utf8'), 'export const colour = "blue";\n');
    assert.equal(readFileSync(path.join(ws, 'src', 'other.js'), 'utf8'), 'export const size = "medium";\n');
    const status = json<{ batches: Array<{ tasks: Record<string, number> }> }>(await cli(['status', '--json']));
    assert.deepEqual(status.batches[0]!.tasks, { applied: 1, ready: 1 });
  });

  it('export writes a batch’s results; retry puts failed tasks back; cancel stops a running batch', async () => {
    writeFileSync(path.join(ws, 'src', 'other.js'), 'export const size = "small";\n');
    assert.equal((await cli(['queue', 'src/paint.js', '-i', 'Replace "red" with "blue"'])).code, 0);
    assert.equal((await cli(['queue', 'src/other.js', '-i', 'Fail [sim:errored]'])).code, 0);
    const [batch] = json<{ submitted: Array<{ id: string }> }>(await cli(['submit', '--json'])).submitted;
    assert.equal((await cli(['collect', '--watch', '--max-seconds', '1'])).code, 0);

    const exported = await cli(['export', '--batch', batch!.id]);
    assert.equal(exported.code, 0, exported.stderr);
    const lines = exported.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { file: string; state: string });
    assert.deepEqual(lines.map((l) => [l.file, l.state]).sort(), [
      ['src/other.js', 'errored'],
      ['src/paint.js', 'ready'],
    ]);
    const report = path.join(project.dir, 'report.md');
    assert.equal((await cli(['export', '--batch', batch!.id, '--format', 'markdown', '-o', report])).code, 0);
    assert.match(readFileSync(report, 'utf8'), /^# /);

    const retried = await cli(['retry', '--batch', batch!.id, '--json']);
    assert.equal(retried.code, 0, retried.stderr);
    assert.equal(json<{ retried: number }>(retried).retried, 1);
    assert.equal(json<{ queued: unknown[] }>(await cli(['status', '--json'])).queued.length, 1);

    // The retried task (which the simulator fails again) goes with a new one, which the cancel stops.
    assert.equal((await cli(['queue', 'src/paint.js', '-i', 'Replace "red" with "green"'])).code, 0);
    await fetch(`${sim.url}/_sim/settings`, { method: 'POST', body: JSON.stringify({ processingMs: 60_000 }) });
    const [slow] = json<{ submitted: Array<{ id: string }> }>(await cli(['submit', '--json'])).submitted;
    const canceled = await cli(['cancel', '--batch', slow!.id, '--json']);
    assert.equal(canceled.code, 0, canceled.stderr);
    assert.equal((await cli(['collect', '--watch', '--max-seconds', '1'])).code, 0);
    const after = json<{ batches: Array<{ id: string; tasks: Record<string, number> }> }>(
      await cli(['status', '--json']),
    );
    assert.equal(after.batches.find((b) => b.id === slow!.id)?.tasks['canceled'], 1);
    assert.equal((await cli(['cancel', '--batch', slow!.id])).code, 4, 'an ended batch cannot be canceled');
    assert.equal((await cli(['export'])).code, 2);
  });

  it('submit --at waits until then and submits what the queue holds; a time it cannot read is a usage error', async () => {
    assert.equal((await cli(['queue', 'src/paint.js', '-i', 'Replace "red" with "blue"'])).code, 0);
    const unreadable = await cli(['submit', '--at', 'half past never']);
    assert.equal(unreadable.code, 2);
    assert.match(unreadable.stderr, /^claude-batch: --at half past never: /);
    const later = await cli(['submit', '--at', 'in 1s', '--json']);
    assert.equal(later.code, 0, later.stderr);
    assert.match(later.stderr, /waiting until .* to submit/);
    assert.equal(json<{ submitted: unknown[] }>(later).submitted.length, 1);
    assert.equal(await batchesCreated(), 1);
  });

  it('Ctrl+C while collect --watch waits: exit 130, and the batch is collected by the next run', async () => {
    await fetch(`${sim.url}/_sim/settings`, { method: 'POST', body: JSON.stringify({ processingMs: 60_000 }) });
    assert.equal((await cli(['queue', 'src/paint.js', '-i', 'Replace "red" with "blue"'])).code, 0);
    assert.equal((await cli(['submit'])).code, 0);
    // Interrupted once it has checked the batch: it is waiting for the next check.
    const before = await retrievals();
    const stopped = await cli(
      ['collect', '--watch', '--max-seconds', '30'],
      {},
      async () => (await retrievals()) > before,
    );
    assert.equal(stopped.code, 130, stopped.stderr);
    assert.match(stopped.stderr, /nothing is lost/);
    await fetch(`${sim.url}/_sim/finish`, { method: 'POST', body: '{}' });
    const collected = await cli(['collect', '--json']);
    assert.equal(json<{ running: number }>(collected).running, 0);
  });
});
