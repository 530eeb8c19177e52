// Proof that README's two commands set up a bare machine by themselves. Run by .ci/run (it uninstalls system
// packages, so it refuses to run without --uninstall-system-packages):
//   1. the Debian packages the commands need are removed;
//   2. as a user who cannot install them (nobody, no sudo), `npm test` and `npm run demo` stop within seconds
//      and print the exact apt-get line;
//   3. as root, `npm run demo` installs them and serves VS Code (its workbench page answers);
//   4. they are removed again, so the `npm test` that .ci/run runs next has to install them before anything else.
// Ends with "N passed, N failed" like every layer.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../../scripts/lib/harness.mjs';
import { missingPackages, NEEDS } from '../../scripts/lib/systemDeps.mjs';

if (!process.argv.includes('--uninstall-system-packages')) {
  console.error('bareMachine.mjs removes Debian packages: pass --uninstall-system-packages to mean it.');
  process.exit(2);
}

let passed = 0;
let failed = 0;
function check(what, ok, detail = '') {
  console.log(`${ok ? '✔' : '✘'} ${what}${ok || !detail ? '' : `\n${detail}`}`);
  if (ok) passed++;
  else failed++;
}

function uninstall() {
  execFileSync('apt-get', ['remove', '-y', '-q', ...NEEDS.test], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  check(`removed ${NEEDS.test.join(', ')}`, missingPackages(NEEDS.test).length === NEEDS.test.length);
}

/** Runs an npm script as nobody in a copy of the entry points (the clone may sit where nobody cannot read). */
function asNobody(script) {
  const copy = mkdtempSync(path.join(os.tmpdir(), 'claude-batch-bare-'));
  chmodSync(copy, 0o777);
  for (const part of ['package.json', 'scripts'])
    cpSync(path.join(repoRoot, part), path.join(copy, part), { recursive: true });
  const started = Date.now();
  const result = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', 'npm', 'run', script], {
    cwd: copy,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      PATH: process.env.PATH,
      HOME: copy,
      npm_config_cache: path.join(copy, '.npm'),
      npm_config_update_notifier: 'false',
    },
  });
  return { ...result, seconds: (Date.now() - started) / 1000 };
}

/** Starts `npm run demo` as root and waits for the URL it prints; the page must answer. */
async function demoServes() {
  const child = spawn('npm', ['run', 'demo'], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SIM_PROCESSING_MS: '1000' },
  });
  let output = '';
  const url = await new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), 8 * 60_000);
    const read = (data) => {
      output += data;
      const match = /Open:\s+(http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', () => resolve(undefined));
  });
  let status = 0;
  if (url) status = (await fetch(url).catch(() => ({ status: 0 }))).status;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
  return { url, status, output };
}

uninstall();

for (const script of ['test', 'demo']) {
  const run = asNobody(script);
  const line = `sudo apt-get update && sudo apt-get install -y ${NEEDS[script].join(' ')}`;
  check(
    `npm ${script === 'test' ? 'test' : 'run demo'} without a way to install: stops in ${run.seconds.toFixed(1)} s, naming the command`,
    run.status !== 0 && run.seconds < 30 && run.stderr.includes(line),
    `exit ${run.status}; stderr:\n${run.stderr}`,
  );
}

const demo = await demoServes();
check(
  `npm run demo as root: installs ${NEEDS.demo.join(', ')} and serves VS Code (${demo.url ?? 'no URL'} → ${demo.status})`,
  demo.status === 200 && missingPackages(NEEDS.demo).length === 0,
  demo.output.slice(-3000),
);

uninstall();
console.log(`\nbare machine: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
