// The CLI's cold start: a new Node process running `claude-batch status --json` on an empty workspace, beside a
// new Node process that does nothing.
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
  const env = { ...process.env, CLAUDE_BATCH_HOME: home };
  const bare = timed(['-e', '0'], env);
  const status = timed([path.join(repoRoot, 'dist/cli.js'), 'status', '--json', '-w', home], env);
  row({
    what: 'CLI cold start (claude-batch status --json, empty workspace)',
    value: status,
    unit: 'ms',
    limit: bare,
    limitWhat: 'node -e 0',
    target: '< 150 ms',
    note: 'median of 7 processes',
  });
  rmSync(home, { recursive: true, force: true });
}
