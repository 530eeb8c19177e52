// `npm run bench`: measures what issue #5 asks for, side by side in one run, and prints one table.
// Benchmarks are not tests: nothing here fails on a time. Uses the tsc output in out/ and the production bundle.
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync, createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from './lib/harness.mjs';

const require = createRequire(import.meta.url);
const out = (p) => path.join(repoRoot, 'out', p);
const { createWorkspaceService } = require(out('src/core/workspaceService.js'));
const { workspaceFiles } = require(out('src/core/store/storageLayout.js'));
const { BatchClient } = require(out('src/core/api/batchClient.js'));
const { parseResultLine } = require(out('src/core/results/resultParser.js'));
const { Poller } = require(out('src/vscode/background/poller.js'));
const { taskChildren } = require(out('src/vscode/views/treeGroups.js'));
const { startSimulator } = require(out('tools/simulator/server.js'));

const rows = [];
const row = (what, value, target = '', note = '') => rows.push({ what, value, target, note });
const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

class Memento {
  data = new Map();
  get(k) {
    return this.data.get(k);
  }
  update(k, v) {
    this.data.set(k, v);
    return Promise.resolve();
  }
}

function makeService(dir, api) {
  return createWorkspaceService({
    files: workspaceFiles(dir),
    state: new Memento(),
    workspaceKey: 'ws',
    api: async () => api,
  });
}

const fileText = (i) => `export function f${i}(a, b) {\n  return a + b + ${i};\n}\n`.repeat(40);

// 1. Bundle size and activation (the shell evaluated and activate() called, with a minimal vscode stub), then the
// deferred load of the rest (dist/main.js: core, SDK, zod), which runs after activation has returned.
const shellFile = path.join(repoRoot, 'dist/extension.js');
const mainFile = path.join(repoRoot, 'dist/main.js');
const kb = (file) => `${(statSync(file).size / 1024).toFixed(0)} KB`;
row(
  'bundle size (minified, shell + main)',
  `${((statSync(shellFile).size + statSync(mainFile).size) / 1024).toFixed(0)} KB`,
  '< 1 MB',
);
{
  const Module = require('node:module');
  const noop = () => ({ dispose() {} });
  const emitter = class {
    event = () => ({ dispose() {} });
    fire() {}
    dispose() {}
  };
  // Just enough of the vscode API for activate() and the deferred start to run outside an editor.
  const vscodeStub = {
    EventEmitter: emitter,
    l10n: { t: (s) => s },
    StatusBarAlignment: { Left: 1, Right: 2 },
    ThemeColor: class {},
    ThemeIcon: class {},
    MarkdownString: class {},
    OverviewRulerLane: { Full: 7 },
    window: {
      createTextEditorDecorationType: () => ({ dispose() {} }),
      onDidChangeVisibleTextEditors: noop,
      visibleTextEditors: [],
      createOutputChannel: () => ({ info() {}, warn() {}, error() {}, debug() {}, dispose() {} }),
      createStatusBarItem: () => ({ show() {}, hide() {}, dispose() {} }),
      createTreeView: () => ({ dispose() {} }),
      registerFileDecorationProvider: noop,
      showWarningMessage: async () => undefined,
      showErrorMessage: async () => undefined,
    },
    workspace: {
      getConfiguration: () => ({ get: () => undefined }),
      registerTextDocumentContentProvider: noop,
      onDidChangeTextDocument: noop,
      onDidChangeConfiguration: noop,
      onDidGrantWorkspaceTrust: noop,
      textDocuments: [],
      isTrusted: true,
    },
    commands: { registerCommand: noop, executeCommand: async () => undefined },
  };
  const original = Module._load;
  Module._load = function (request, ...rest) {
    return request === 'vscode' ? vscodeStub : original.call(this, request, ...rest);
  };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cb-bench-act-'));
  // The store of this throwaway activation goes in its own folder, never in the user's data directory.
  process.env.CLAUDE_BATCH_HOME = dir;
  const packageJSON = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const context = {
    subscriptions: [],
    storageUri: { fsPath: dir, toString: () => dir },
    globalStorageUri: { fsPath: dir },
    globalState: new Memento(),
    workspaceState: new Memento(),
    secrets: { get: async () => undefined },
    extension: { packageJSON },
  };
  const start = process.hrtime.bigint();
  const ext = require(shellFile);
  const evaluated = ms(start);
  const startActivate = process.hrtime.bigint();
  const api = ext.activate(context);
  const activated = ms(startActivate);
  const startDeferred = process.hrtime.bigint();
  await api.ready;
  const deferred = ms(startDeferred);
  Module._load = original;
  row(
    'activation: evaluate shell + activate()',
    `${(evaluated + activated).toFixed(1)} ms`,
    '< 30 ms',
    `evaluate ${evaluated.toFixed(1)} ms, activate() ${activated.toFixed(1)} ms`,
  );
  row('code evaluated at activation', kb(shellFile), '< 100 KB', 'the shell; SDK and zod are in dist/main.js');
  row(
    'deferred start after activation (main.js + state)',
    `${deferred.toFixed(0)} ms`,
    '',
    `loads ${kb(mainFile)}, reads state, resumes polling`,
  );
}

// 2. Queueing 1,000 files.
{
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cb-bench-q-'));
  const service = makeService(dir, undefined);
  const drafts = Array.from({ length: 1000 }, (_, i) => ({
    instruction: 'Add doc comments',
    folderUri: 'file:///ws',
    relPath: `src/f${i}.js`,
    fileUri: `file:///ws/src/f${i}.js`,
    text: fileText(i),
  }));
  const start = process.hrtime.bigint();
  await service.queue(drafts);
  row('queue 1,000 files', `${ms(start).toFixed(0)} ms`, '', 'snapshots + one queue write');
  rmSync(dir, { recursive: true, force: true });
}

// 3. Building a 10,000-task payload.
{
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cb-bench-p-'));
  const service = makeService(dir, undefined);
  const drafts = Array.from({ length: 10_000 }, (_, i) => ({
    instruction: 'Write unit tests',
    folderUri: 'file:///ws',
    relPath: `src/f${i}.js`,
    fileUri: `file:///ws/src/f${i}.js`,
    text: fileText(i % 500),
  }));
  await service.queue(drafts);
  global.gc?.();
  // Everything the process holds, heap and native (Blobs live outside the JS heap), sampled while it builds.
  const held = () => process.memoryUsage().rss;
  const before = held();
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, held());
  }, 2);
  const start = process.hrtime.bigint();
  const bodies = await service.encode(service.store.pending(), { model: 'claude-sonnet-5-5', maxTokens: 4096 });
  const elapsed = ms(start);
  clearInterval(sampler);
  peak = Math.max(peak, held());
  const bytes = bodies.reduce((sum, b) => sum + b.bytes, 0);
  row('build 10,000-task payload', `${elapsed.toFixed(0)} ms`, '', `payload ${mb(bytes)} in ${bodies.length} body`);
  row(
    'payload peak memory / payload size',
    `${((peak - before) / bytes).toFixed(2)}×`,
    '< 1.5×',
    'RSS growth while building (heap + Blobs), requests serialised one by one',
  );

  // Saving one change to one of 10,000 queued tasks, and what the tree builds for them.
  const queueFile = path.join(dir, 'tasks', 'queue.json');
  const logFile = path.join(dir, 'tasks', 'queue.log');
  const size = (f) => {
    try {
      return statSync(f).size;
    } catch {
      return 0;
    }
  };
  const [snapshotBefore, logBefore] = [size(queueFile), size(logFile)];
  const victim = service.store.pending()[5000];
  let t = process.hrtime.bigint();
  await service.store.updatePending(victim.id, (task) => ({ ...task, instruction: 'Write more unit tests' }));
  row(
    'save one change, 10,000 tasks queued',
    `${ms(t).toFixed(1)} ms`,
    '',
    `${size(logFile) - logBefore} bytes appended; queue.json (${mb(snapshotBefore)}) ${size(queueFile) === snapshotBefore ? 'not rewritten' : 'rewritten'}`,
  );
  t = process.hrtime.bigint();
  const top = taskChildren(service.store.pending());
  const opened = taskChildren(service.store.pending(), top[0].scope);
  row(
    'tree rows built for 10,000 queued tasks',
    `${top.length + opened.length} rows`,
    '',
    `${ms(t).toFixed(1)} ms: ${top.length} pages + the ${opened.length} rows of the one opened`,
  );
  rmSync(dir, { recursive: true, force: true });
}

// 4. Ingesting 100,000 results, against plain JSON.parse of the same file.
{
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cb-bench-r-'));
  const file = path.join(dir, 'results.jsonl');
  const usage = { input_tokens: 900, output_tokens: 120, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  const lines = [];
  for (let i = 0; i < 100_000; i++) {
    const text = JSON.stringify({
      summary: `Task ${i}`,
      edits: [{ old_text: `return a + b + ${i};`, new_text: `return b + a + ${i};` }],
    });
    lines.push(
      JSON.stringify({
        custom_id: `t${i}`,
        result: { type: 'succeeded', message: { content: [{ type: 'text', text }], stop_reason: 'end_turn', usage } },
      }),
    );
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  lines.length = 0;
  const size = statSync(file).size;
  const readAll = async (perLine) => {
    const rl = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    let n = 0;
    for await (const line of rl) {
      perLine(line);
      n++;
    }
    return n;
  };
  // Best of three runs each, alternating, so that neither side is measured cold or in a noisy moment alone.
  let plain = Infinity;
  let ours = Infinity;
  let rssGrowth = 0;
  for (let run = 0; run < 3; run++) {
    let start = process.hrtime.bigint();
    await readAll((line) => JSON.parse(line));
    plain = Math.min(plain, ms(start));
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    start = process.hrtime.bigint();
    await readAll((line) => parseResultLine(JSON.parse(line)));
    ours = Math.min(ours, ms(start));
    rssGrowth = Math.max(rssGrowth, process.memoryUsage().rss - rssBefore);
  }
  row(
    'ingest 100,000 results (parse + validate)',
    `${(size / 1024 / 1024 / (ours / 1000)).toFixed(0)} MB/s`,
    '≥ 50% of JSON.parse',
    `${((plain / ours) * 100).toFixed(0)}% of plain JSON.parse (${(size / 1024 / 1024 / (plain / 1000)).toFixed(0)} MB/s), best of 3; file ${mb(size)}; each line's model output is parsed too`,
  );
  row('ingest RSS growth', mb(Math.max(0, rssGrowth)), '< 100 MB', 'streamed line by line');
  rmSync(dir, { recursive: true, force: true });
}

// 5. API calls per poll tick (real SDK against the simulator).
{
  const sim = await startSimulator({ processingMs: 3_600_000 });
  const client = new BatchClient({ apiKey: 'bench', baseURL: sim.url });
  const callsPerTick = async (batches) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cb-bench-poll-'));
    const service = makeService(dir, client);
    for (let i = 0; i < batches; i++) {
      await service.queue(
        [{ instruction: `task ${i}`, folderUri: 'file:///ws', relPath: 'a.js', fileUri: 'file:///ws/a.js', text: 'x' }],
        true,
      );
      await service.submit({ model: 'claude-sonnet-5-5', maxTokens: 100 });
    }
    const poller = new Poller(
      service,
      () => ({ initialSeconds: 3600, maxSeconds: 3600 }),
      () => undefined,
    );
    poller.resume();
    const before = sim.stats.get('total') ?? 0;
    await poller.pollNow();
    const calls = (sim.stats.get('total') ?? 0) - before;
    poller.dispose();
    rmSync(dir, { recursive: true, force: true });
    return calls;
  };
  row('API calls per poll tick, idle', String(await callsPerTick(0)), '0');
  row('API calls per poll tick, 1 batch in flight', String(await callsPerTick(1)), '1');
  row(
    'API calls per poll tick, 50 batches in flight',
    String(await callsPerTick(50)),
    '1',
    'one list call covers every due batch',
  );
  await sim.close();
}

// 6. Output tokens: anchored edits against asking for the whole rewritten file, on a fixed task set.
{
  const files = readFileSync(path.join(repoRoot, 'test/fixtures/workspace/src/greet.js'), 'utf8');
  const set = Array.from({ length: 20 }, (_, i) => fileText(i) + files);
  let edits = 0;
  let whole = 0;
  for (const text of set) {
    const fn = /^export function (\w+)[^\n]*$/m.exec(text);
    const doc = `/** ${fn[1]}: adds its arguments. */\n`;
    edits +=
      JSON.stringify({ summary: `Documented ${fn[1]}.`, edits: [{ old_text: fn[0], new_text: doc + fn[0] }] }).length /
      4;
    whole += text.replace(fn[0], doc + fn[0]).length / 4;
  }
  row(
    'output tokens: anchored edits vs whole file ("add a doc comment", 20 files)',
    `${((edits / whole) * 100).toFixed(1)}%`,
    '≤ 25%',
    `${Math.round(edits)} vs ${Math.round(whole)} tokens (≈4 chars/token)`,
  );
}

// 7. Estimated against actual cost when the model thinks: the same 20 tasks (doc comments and reviews on files of
// 40–400 lines) sent twice at effort "medium" through the real SDK to the strict simulator. The first estimate
// uses the rule of thumb; the second has the first run's results (thinking included) as history.
{
  const sim = await startSimulator({ processingMs: 50 });
  const client = new BatchClient({ apiKey: 'bench', baseURL: sim.url });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'claude-batch-bench-cost-'));
  const service = makeService(dir, client);
  const settings = { model: 'claude-sonnet-5-5', maxTokens: 64_000, effort: 'medium' };
  const drafts = Array.from({ length: 20 }, (_, i) => {
    const text = Array.from(
      { length: 4 + (i % 10) * 4 },
      (_, f) => `export function f${i}_${f}(a, b) {\n${'  a = a + b;\n'.repeat(7)}  return a;\n}\n`,
    ).join('');
    const relPath = `src/file${i}.js`;
    return {
      instruction: i % 4 === 3 ? 'Review and list problems' : 'Add doc comments',
      folderUri: 'file:///ws',
      relPath,
      fileUri: `file:///ws/${relPath}`,
      text,
    };
  });
  const runOnce = async () => {
    await service.queue(drafts, true);
    const tasks = service.submittable();
    const estimate = await service.estimate(tasks, settings, true);
    const [record] = await service.submit(settings);
    while (!(await service.poll(record.id)).justEnded) await new Promise((r) => setTimeout(r, 20));
    const actual = service.costReport(settings).rows.find((r) => r.id === record.id);
    return { estimate, actual };
  };
  const usd = (n) => `$${n.toFixed(4)}`;
  for (const [what, { estimate, actual }] of [
    ['first run (rule of thumb)', await runOnce()],
    ['second run (past results as history)', await runOnce()],
  ]) {
    const off = ((estimate.batchUsd / actual.batchUsd - 1) * 100).toFixed(0);
    row(
      `estimated vs actual batch cost, thinking model, 20 tasks: ${what}`,
      `${usd(estimate.batchUsd)} vs ${usd(actual.batchUsd)} (${off > 0 ? '+' : ''}${off}%)`,
      'within ±25%',
      `thinking: est. ${estimate.thinkingTokens} vs ${actual.usage.thinking} of ${actual.usage.output} output tokens`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
  await sim.close();
}

// 8. Context: what it adds to a request, on a real repository (this one: "Write unit tests" for 20 files of
// src/core, budget 20,000 tokens), and the cost of 50 tasks sharing 20k tokens of context sent with and without a
// cache warm-up, through the real SDK against the simulator's best-effort cache.
{
  const { ContextResolver } = require(out('src/core/context/contextResolver.js'));
  const { folderContextSource } = require(out('src/core/context/contextSource.js'));
  const { SYSTEM_PROMPT } = require(out('src/core/requests/requestBuilder.js'));
  const tokens = (text) => Math.ceil(text.length / 4);
  const source = folderContextSource(repoRoot);
  const resolver = new ContextResolver(source);
  const files = (await source.list()).filter((f) => /^src\/core\/.*\.ts$/.test(f)).slice(0, 20);
  let without = 0;
  let context = 0;
  let cut = 0;
  const start = process.hrtime.bigint();
  for (const relPath of files) {
    const text = readFileSync(path.join(repoRoot, relPath), 'utf8');
    without += tokens(SYSTEM_PROMPT) + tokens(text) + 20;
    const resolved = await resolver.resolve({ relPath, text, instruction: 'Write unit tests', budget: 20_000 });
    context += resolved.parts.reduce((sum, p) => sum + p.tokens, 0);
    cut += resolved.notes.filter((n) => n.kind === 'cut' || n.kind === 'overBudget').length;
  }
  row(
    'input tokens per task without / with context ("Write unit tests", 20 files of this repo)',
    `${Math.round(without / files.length)} / ${Math.round((without + context) / files.length)}`,
    '≤ +20,000',
    `resolved in ${(ms(start) / files.length).toFixed(1)} ms a file; ${cut} part(s) cut or left out by the budget`,
  );

  const guide = Array.from({ length: 2000 }, (_, i) => `Rule ${i}: keep functions small and named.`).join('\n');
  const drafts = Array.from({ length: 50 }, (_, i) => ({
    instruction: i % 2 ? 'Add doc comments' : 'Review and list problems',
    folderUri: 'file:///ws',
    relPath: `src/m${i}.js`,
    fileUri: `file:///ws/src/m${i}.js`,
    text: fileText(i),
    context: [{ role: 'instructions', relPath: 'CLAUDE.md', text: guide, tokens: tokens(guide) }],
  }));
  const settings = { model: 'claude-sonnet-5-5', maxTokens: 64_000, effort: 'medium' };
  const runWith = async (cachePriming) => {
    const sim = await startSimulator({ processingMs: 50 }); // a cold cache for each run
    const dir = mkdtempSync(path.join(os.tmpdir(), 'claude-batch-bench-prime-'));
    const service = makeService(dir, new BatchClient({ apiKey: 'bench', baseURL: sim.url }));
    await service.queue(drafts, true);
    const estimate = await service.estimate(service.submittable(), { ...settings, cachePriming });
    let [record] = await service.submit({ ...settings, cachePriming });
    const made = [record.id];
    for (;;) {
      const result = await service.poll(record.id);
      if (result.followOn && 'records' in result.followOn) {
        record = result.followOn.records[0];
        made.push(record.id);
      } else if (result.justEnded) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const report = service.costReport(settings);
    const actual = report.rows.filter((r) => made.includes(r.id)).reduce((sum, r) => sum + r.batchUsd, 0);
    rmSync(dir, { recursive: true, force: true });
    await sim.close();
    return { estimate, actual, batches: made.length };
  };
  const usd = (n) => `$${n.toFixed(4)}`;
  const cold = await runWith('never');
  const primed = await runWith('always');
  row(
    '50 tasks sharing 20k tokens of context: actual batch cost without / with a warm-up',
    `${usd(cold.actual)} / ${usd(primed.actual)} (${((primed.actual / cold.actual - 1) * 100).toFixed(0)}%)`,
    'with < without',
    `estimated ${usd(cold.estimate.priming.withoutUsd)} / ${usd(cold.estimate.priming.withUsd)} (warm-up ${usd(primed.estimate.priming.warmupUsd)}); ${primed.batches} batches with`,
  );
}

// The CLI: its bundle, and a cold start (a new node process reading a workspace's store) of `claude-batch status`.
{
  const cliFile = path.join(repoRoot, 'dist/cli.js');
  row('CLI bundle size (minified)', kb(cliFile), '< 1 MB', 'core, SDK and zod; no VS Code');
  row(
    'MCP server bundle size (minified)',
    kb(path.join(repoRoot, 'dist/mcpServer.js')),
    '< 1.5 MB',
    'loaded only by claude-batch mcp; adds the MCP SDK',
  );
  const home = mkdtempSync(path.join(os.tmpdir(), 'claude-batch-bench-cli-'));
  const times = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    execFileSync(process.execPath, [cliFile, 'status', '-w', home], {
      env: { ...process.env, CLAUDE_BATCH_HOME: home },
    });
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const bare = performance.now();
  execFileSync(process.execPath, ['-e', '0']);
  row(
    'CLI cold start (claude-batch status, median of 5)',
    `${times[2].toFixed(0)} ms`,
    '< 500 ms',
    `plain node -e 0: ${(performance.now() - bare).toFixed(0)} ms`,
  );
  rmSync(home, { recursive: true, force: true });
}

const width = (k) => Math.max(k.length, ...rows.map((r) => String(r[k]).length));
const cols = ['what', 'value', 'target', 'note'];
const line = (r) => `| ${cols.map((c) => String(r[c]).padEnd(width(c))).join(' | ')} |`;
console.log(
  line({ what: 'measure', value: 'value', target: 'target', note: 'note' }).replace(
    'measure'.padEnd(width('what')),
    'measure'.padEnd(width('what')),
  ),
);
console.log(`|${cols.map((c) => '-'.repeat(width(c) + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
process.exit(0);
