// `npm test`: system packages, lint, typecheck, package, unit + client tests, integration tests in a real VS Code, and the browser
// journey. Uses code-server unless VSCODE_EXECUTABLE names a desktop VS Code (then @vscode/test-electron).
// Ends with one line "N passed, N failed" summing every layer.
import { spawnSync } from 'node:child_process';
import { requireSystemDeps } from './lib/systemDeps.mjs';

// Before anything else: the Debian packages the layers below need, installed or named with the command to run.
requireSystemDeps('test');

const layers = [];
let passed = 0;
let failed = 0;

function step(name, command, args, countFrom) {
  console.log(`\n━━ ${name}`);
  const started = Date.now();
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
  process.stdout.write(result.stdout ?? '');
  const counts = countFrom ? countFrom(result.stdout ?? '') : undefined;
  if (counts) {
    passed += counts.passed;
    failed += counts.failed;
  }
  const ok = result.status === 0;
  if (!ok && (!counts || counts.failed === 0)) failed += 1; // a layer that broke before counting still fails
  layers.push(`${ok ? '✔' : '✘'} ${name} (${Math.round((Date.now() - started) / 1000)} s)`);
  return ok;
}

const mochaCounts = (out) => ({
  passed: Number(/(\d+) passing/.exec(out)?.[1] ?? 0),
  failed: Number(/(\d+) failing/.exec(out)?.[1] ?? 0),
});
const harnessCounts = (label) => (out) => {
  const match = new RegExp(`${label}[^\\n]*?: (\\d+) passed, (\\d+) failed`).exec(out);
  return match ? { passed: Number(match[1]), failed: Number(match[2]) } : undefined;
};

const built =
  step('lint (ESLint, import cycles, Prettier)', 'npm', ['run', '--silent', 'lint']) &&
  step('typecheck and package (.vsix)', 'npm', ['run', '--silent', 'package']) &&
  step('compile tests', 'npx', ['tsc', '-p', 'tsconfig.test.json']);
if (built) {
  step('unit and client tests (mocha)', 'npx', ['mocha', '--config', '.mocharc.json'], mochaCounts);
  if (process.env.VSCODE_EXECUTABLE) {
    step(
      'integration tests (@vscode/test-electron)',
      'node',
      ['scripts/test-electron.mjs'],
      harnessCounts('integration'),
    );
  } else {
    step('integration tests (code-server)', 'node', ['scripts/test-integration.mjs'], harnessCounts('integration'));
  }
  step(
    'browser journey (Playwright + Chromium + code-server)',
    'node',
    ['test/e2e/journeys.mjs'],
    harnessCounts('e2e'),
  );
  step(
    'browser journey in Restricted Mode',
    'node',
    ['test/e2e/restrictedMode.mjs'],
    harnessCounts('restricted-mode e2e'),
  );
}

console.log(`\n${layers.join('\n')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 && built ? 0 : 1);
