// `npm run bench`: every figure beside its limit — a plain Node baseline doing the irreducible part of the same
// work, measured in the same run — with the ratio and the target, in one table. Benchmarks are not tests: nothing
// here fails on a time. Uses the tsc output in out/ and the production bundles in dist/.
// `node --expose-gc scripts/bench.mjs ingest startup` runs only the sections whose names hold one of the words.
import { bundleRows } from './bench/bundle.mjs';
import { cliRows } from './bench/cli.mjs';
import { printTable } from './bench/common.mjs';
import { ingestRows } from './bench/ingest.mjs';
import { contextRows, estimateRows, outputTokenRows, pollRows } from './bench/requests.mjs';
import { startupRows } from './bench/startup.mjs';
import { payloadRows, queueRows } from './bench/storeWork.mjs';

const only = process.argv.slice(2);
// The payload first: its memory row measures how far the process grows, which earlier sections would hide.
const sections = [
  payloadRows,
  bundleRows,
  startupRows,
  cliRows,
  queueRows,
  ingestRows,
  pollRows,
  outputTokenRows,
  estimateRows,
  contextRows,
];
for (const section of sections)
  if (!only.length || only.some((word) => section.name.toLowerCase().includes(word.toLowerCase()))) await section();
printTable();
process.exit(0);
