// What requests and polling cost through the real SDK against the simulator: API calls per poll tick, output
// tokens of anchored edits, estimated against actual cost, and what context and a cache warm-up add.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileText, makeService, ms, now, out, repoRoot, row as tableRow } from './common.mjs';

const { BatchClient } = out('src/core/api/batchClient.js');
const { Poller } = out('src/vscode/background/poller.js');
const { startSimulator } = out('tools/simulator/server.js');
/** These rows compare with their targets only (no plain Node baseline does their work). */
const row = (what, value, target = '', note = '') => tableRow({ what, value, target, note });

// API calls per poll tick (real SDK against the simulator).
export async function pollRows() {
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

// Output tokens: anchored edits against asking for the whole rewritten file, on a fixed task set.
export async function outputTokenRows() {
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

// Estimated against actual cost when the model thinks: the same 20 tasks (doc comments and reviews on files of
// 40–400 lines) sent twice at effort "medium" through the real SDK to the strict simulator. The first estimate
// uses the rule of thumb; the second has the first run's results (thinking included) as history.
export async function estimateRows() {
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

// Context: what it adds to a request, on a real repository (this one: "Write unit tests" for 20 files of
// src/core, budget 20,000 tokens), and the cost of 50 tasks sharing 20k tokens of context sent with and without a
// cache warm-up, through the real SDK against the simulator's best-effort cache.
export async function contextRows() {
  const { ContextResolver } = out('src/core/context/contextResolver.js');
  const { folderContextSource } = out('src/core/context/contextSource.js');
  const { SYSTEM_PROMPT } = out('src/core/requests/requestBuilder.js');
  const tokens = (text) => Math.ceil(text.length / 4);
  const source = folderContextSource(repoRoot);
  const resolver = new ContextResolver(source);
  const files = (await source.list()).filter((f) => /^src\/core\/.*\.ts$/.test(f)).slice(0, 20);
  let without = 0;
  let context = 0;
  let cut = 0;
  const start = now();
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
