// What every bench section shares: the compiled core (out/), a throwaway service, and the table's rows. Each row
// is a figure beside its limit — a plain Node baseline doing the irreducible part of the same work, measured in
// the same run — with the ratio of the two and the issue's target.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { repoRoot } from '../lib/harness.mjs';
import { Memento } from './memento.mjs';

export const require = createRequire(import.meta.url);
export const out = (p) => require(path.join(repoRoot, 'out', p));
export { repoRoot, Memento };

const { createWorkspaceService } = out('src/core/workspaceService.js');
const { workspaceFiles } = out('src/core/store/storageLayout.js');

export const rows = [];
/**
 * value and limit are numbers in `unit` (ms, KB, MB/s…); the ratio is value / limit (or limit / value when
 * `higherIsBetter`), printed as "1.8×" or "84%". A row without a limit is a plain figure.
 */
export function row({ what, value, unit = '', limit, limitWhat = '', higherIsBetter = false, target = '', note = '' }) {
  const fmt = (n) => (typeof n === 'number' ? `${n >= 100 ? n.toFixed(0) : n.toFixed(1)} ${unit}`.trim() : n);
  const ratio =
    typeof value === 'number' && typeof limit === 'number' && limit > 0
      ? higherIsBetter
        ? `${((value / limit) * 100).toFixed(0)}%`
        : `${(value / limit).toFixed(2)}×`
      : '';
  rows.push({
    what,
    value: fmt(value),
    limit: limit === undefined ? '' : `${fmt(limit)}${limitWhat ? ` (${limitWhat})` : ''}`,
    ratio,
    target,
    note,
  });
}

export const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;
export const now = () => process.hrtime.bigint();
export const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
/** The best of `runs` timings of `work` (a noisy moment hurts one run, not the figure). */
export async function best(runs, work) {
  let fastest = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = now();
    await work(i);
    fastest = Math.min(fastest, ms(start));
  }
  return fastest;
}

export function makeService(dir, api) {
  return createWorkspaceService({
    files: workspaceFiles(dir),
    state: new Memento(),
    workspaceKey: 'ws',
    api: async () => api,
  });
}

export const fileText = (i) => `export function f${i}(a, b) {\n  return a + b + ${i};\n}\n`.repeat(40);

export function printTable() {
  const cols = ['what', 'value', 'limit', 'ratio', 'target', 'note'];
  const heads = {
    what: 'measure',
    value: 'value',
    limit: 'limit (plain Node, same run)',
    ratio: 'ratio',
    target: 'target',
    note: 'note',
  };
  const width = (k) => Math.max(heads[k].length, ...rows.map((r) => String(r[k]).length));
  const line = (r) => `| ${cols.map((c) => String(r[c]).padEnd(width(c))).join(' | ')} |`;
  console.log(line(heads));
  console.log(`|${cols.map((c) => '-'.repeat(width(c) + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}
