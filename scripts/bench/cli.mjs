// The CLI's cold start: a new Node process running `claude-batch status --json` on an empty workspace, beside a
// new Node process that does nothing. NODE_EXTRA_CA_CERTS is left out of both: where it is set (as on the
// machines these figures come from) Node reads the whole CA bundle at start, about 40 ms before any script runs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot, row } from './common.mjs';

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const timed = (args, env) =>
  median(
    Array.from({ length: 7 }, () => {
      const start = performance.now();
      execFileSync(process.execPath, args, { env });
      return performance.now() - start;
    }),
  );

export async function cliRows() {
  const home = mkdtempSync(path.join(os.tmpdir(), 'claude-batch-bench-cli-'));
  // The launcher keeps V8's code cache in XDG_CACHE_HOME: a fresh one, written by the first run.
  const env = { ...process.env, CLAUDE_BATCH_HOME: home, XDG_CACHE_HOME: path.join(home, 'cache') };
  delete env.NODE_EXTRA_CA_CERTS;
  const status = [path.join(repoRoot, 'dist/cli.js'), 'status', '--json', '-w', home];
  const bare = timed(['-e', '0'], env);
  execFileSync(process.execPath, status, { env });
  const warm = timed(status, env);
  const first = timed(status, { ...env, NODE_DISABLE_COMPILE_CACHE: '1' });
  row({
    what: 'CLI cold start (claude-batch status --json, empty workspace)',
    value: warm,
    unit: 'ms',
    limit: bare,
    limitWhat: 'node -e 0',
    target: '< 150 ms',
    note: "median of 7 processes; V8's code cache written by an earlier run",
  });
  row({
    what: '  the same, without the code cache',
    value: first,
    unit: 'ms',
    limit: bare,
    limitWhat: 'node -e 0',
    note: 'the first command after an install or update',
  });
  rmSync(home, { recursive: true, force: true });
}
