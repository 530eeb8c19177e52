// `npm run bench`: every figure beside its limit — a plain Node baseline doing the irreducible part of the same
// work, measured in the same run — with the ratio and the target, in one table. Benchmarks are not tests: nothing
// here fails on a time. Uses the tsc output in out/ and the production bundles in dist/.
import { bundleRows } from './bench/bundle.mjs';
import { cliRows } from './bench/cli.mjs';
import { printTable } from './bench/common.mjs';
import { ingestRows } from './bench/ingest.mjs';
import { contextRows, estimateRows, outputTokenRows, pollRows } from './bench/requests.mjs';
import { startupRows } from './bench/startup.mjs';
import { payloadRows, queueRows } from './bench/storeWork.mjs';

// The payload first: its memory row measures how far the process grows, which earlier sections would hide.
for (const section of [
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
])
  await section();
printTable();
process.exit(0);
