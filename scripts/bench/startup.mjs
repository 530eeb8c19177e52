// Activation and the deferred start, each a cold start in a process of its own, on an empty store and on stores
// that keep 1, 20 and 100 ended batches: start-up and the tree's first paint must not grow with history.
// The limit of the deferred start: a plain Node process reading and compiling dist/main.js, nothing else.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeService, out, repoRoot, row } from './common.mjs';

const { workspaceStore } = out('src/core/store/storeHome.js');
const { BatchClient } = out('src/core/api/batchClient.js');
const { startSimulator } = out('tools/simulator/server.js');

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

/** Five cold starts on `home`, after one that writes V8's code cache (unless `noCodeCache`: then none has it). */
function coldStart(home, { noCodeCache = false } = {}) {
  const env = noCodeCache ? { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' } : process.env;
  const activate = (...args) =>
    JSON.parse(
      execFileSync(process.execPath, [path.join(repoRoot, 'scripts/bench/activate.mjs'), home, ...args], {
        encoding: 'utf8',
        env,
      }),
    );
  if (!noCodeCache) activate('--linger');
  const runs = Array.from({ length: 5 }, () => activate());
  return {
    shell: median(runs.map((r) => r.evaluate + r.activate)),
    deferred: median(runs.map((r) => r.deferred)),
    firstPaint: median(runs.map((r) => r.firstPaint)),
    rows: runs[0].rows,
  };
}

/** A fresh Node process reading and compiling dist/main.js (V8 compiles lazily: what any code of that size costs). */
function compileOnly() {
  const file = JSON.stringify(path.join(repoRoot, 'dist/main.js'));
  const script = `const t=process.hrtime.bigint();new (require('vm').Script)(require('fs').readFileSync(${file},'utf8'));process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  return median(
    Array.from({ length: 5 }, () => Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }))),
  );
}

/** A store holding `batches` ended batches of 10 answered tasks each, made through the simulator. */
async function storeWithHistory(batches) {
  const home = mkdtempSync(path.join(os.tmpdir(), 'claude-batch-bench-home-'));
  if (batches === 0) return home;
  const sim = await startSimulator({ processingMs: 1 });
  const service = makeService(
    workspaceStore(home, { folders: [] }),
    new BatchClient({ apiKey: 'bench', baseURL: sim.url }),
  );
  await service.store.load();
  const ids = [];
  for (let b = 0; b < batches; b++) {
    await service.queue(
      Array.from({ length: 10 }, (_, i) => ({
        instruction: 'Replace "a" with "b"',
        folderUri: 'file:///ws',
        relPath: `src/b${b}/f${i}.js`,
        fileUri: `file:///ws/src/b${b}/f${i}.js`,
        text: `export const a = "a${b}.${i}";\n`,
      })),
    );
    ids.push(...(await service.submit({ model: 'claude-sonnet-5-5', maxTokens: 1000 })).map((r) => r.id));
  }
  await new Promise((r) => setTimeout(r, 20));
  for (const id of ids) await service.poll(id);
  await sim.close();
  return home;
}

export async function startupRows() {
  const emptyHome = await storeWithHistory(0);
  const firstStart = coldStart(emptyHome, { noCodeCache: true });
  const empty = coldStart(emptyHome);
  const oneHome = await storeWithHistory(1);
  const one = coldStart(oneHome);
  const twentyHome = await storeWithHistory(20);
  const twenty = coldStart(twentyHome);
  const historyHome = await storeWithHistory(100);
  const history = coldStart(historyHome);
  const compile = compileOnly();
  row({
    what: 'activation: evaluate shell + activate()',
    value: empty.shell,
    unit: 'ms',
    target: '< 30 ms',
    note: 'median of 5 cold processes',
  });
  row({
    what: 'deferred start after activation (empty store)',
    value: empty.deferred,
    unit: 'ms',
    limit: compile,
    limitWhat: 'compile dist/main.js',
    target: '< 50 ms',
    note: "loads main.js (V8's code cache kept by the last start), reads state, resumes polling; median of 5",
  });
  row({
    what: '  the same, first start after an install or update',
    value: firstStart.deferred,
    unit: 'ms',
    limit: compile,
    limitWhat: 'compile dist/main.js',
    note: 'no code cache yet: main.js is parsed and compiled',
  });
  row({
    what: 'deferred start, 100 ended batches kept',
    value: history.deferred,
    unit: 'ms',
    limit: one.deferred,
    limitWhat: '1 ended batch',
    target: 'flat',
    note: '1,000 answered tasks in the store, against 10',
  });
  row({
    what: "tree's first paint, 100 ended batches kept",
    value: history.firstPaint,
    unit: 'ms',
    limit: one.firstPaint,
    limitWhat: '1 ended batch',
    target: 'flat',
    note: `${history.rows} root rows, against 1`,
  });
  row({
    what: '  the same, against 20 ended batches',
    value: history.firstPaint,
    unit: 'ms',
    limit: twenty.firstPaint,
    limitWhat: '20 ended batches',
    note: `the root shows the newest 20 and "Older batches": ${twenty.rows} root rows, against ${history.rows}`,
  });
  for (const home of [emptyHome, oneHome, twentyHome, historyHome]) rmSync(home, { recursive: true, force: true });
}
