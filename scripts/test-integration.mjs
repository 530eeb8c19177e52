// Runs the integration suite inside code-server's real extension host (VS Code 1.100.3), against the local
// simulator. (Restricted Mode cannot be tested here: VS Code trusts any window that runs extension tests.)
// The extension under development is loaded from source through the workbench `payload` parameter; each suite
// writes its pass/fail counts to a file that this driver waits for (and fails without).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import {
  launchBrowser,
  makeWorkspace,
  repoRoot,
  startCodeServer,
  startSimulator,
  waitFor,
  workbenchUrl,
} from './lib/harness.mjs';

const TIMEOUT_MS = Number(process.env.INTEGRATION_TIMEOUT_MS ?? 8 * 60_000);
const resultsDir = path.join(repoRoot, 'test-results');
mkdirSync(resultsDir, { recursive: true });

// A recognisable key: after the main suite, no file anywhere may contain it.
const API_KEY = `sk-ant-canary-${Date.now().toString(36)}-do-not-log`;

/** Every file under `dir` that contains `needle`. */
function filesContaining(dir, needle) {
  const hits = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      const st = statSync(p, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory()) walk(p);
      else if (st.isFile() && st.size < 64 * 1024 * 1024 && readFileSync(p).includes(needle)) hits.push(p);
    }
  };
  walk(dir);
  return hits;
}

/** Checks made by the driver itself after the main suite: they see files the extension host cannot judge. */
function afterMainSuite(server, workspace, results) {
  const checks = [
    [
      'the API key appears in no file written (profile, globalState, storage, logs, workspace, bundle)',
      () => {
        const leaks = [server.profile, workspace, path.join(repoRoot, 'dist'), resultsDir].flatMap((d) =>
          filesContaining(d, API_KEY),
        );
        return leaks.length ? `found in:\n${leaks.join('\n')}` : undefined;
      },
    ],
    [
      'API calls are logged to the "Claude Batch" output channel',
      () =>
        filesContaining(path.join(server.profile, 'user-data', 'logs'), 'API create (').length
          ? undefined
          : 'no "API create" line in any log',
    ],
  ];
  for (const [title, check] of checks) {
    const error = check();
    if (error) results.failures.push({ title, error });
    else results.passed++;
    console.log(`  ${error ? '✘' : '✔'} ${title}`);
  }
  results.failed = results.failures.length;
}

async function runSuite({ name, testsModule }) {
  const resultsFile = path.join(resultsDir, `integration-${name}.json`);
  rmSync(resultsFile, { force: true });
  const sim = await startSimulator({ processingMs: 1500 });
  const workspace = makeWorkspace();
  const server = await startCodeServer({
    settings: {
      'claudeBatch.apiBaseUrl': sim.url,
      'claudeBatch.poll.initialSeconds': 1,
      'claudeBatch.poll.maxSeconds': 2,
    },
    env: {
      ANTHROPIC_API_KEY: API_KEY,
      CLAUDE_BATCH_TEST_RESULTS: resultsFile,
      CLAUDE_BATCH_SIM_URL: sim.url,
      CLAUDE_BATCH_TEST_WORKSPACE: workspace,
      // For a developer's quicker loop only (e.g. INTEGRATION_GREP=Context); CI runs everything.
      ...(process.env.INTEGRATION_GREP ? { CLAUDE_BATCH_TEST_GREP: process.env.INTEGRATION_GREP } : {}),
    },
  });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    page.on('console', (msg) => {
      const line = /\[integration\] (.*)/.exec(msg.text())?.[1];
      if (line) console.log(`  ${line}`);
    });
    const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    await page.goto(
      workbenchUrl(server, workspace, [
        ['extensionDevelopmentPath', remote(repoRoot)],
        ['extensionTestsPath', remote(path.join(repoRoot, testsModule))],
      ]),
    );
    await waitFor(`the ${name} suite's results`, () => existsSync(resultsFile), TIMEOUT_MS, 500);
    const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
    await page.close();
    if (name === 'main') afterMainSuite(server, workspace, results);
    return results;
  } catch (error) {
    console.error(`${name} suite did not report: ${error.message}`);
    console.error(server.output.slice(-30).join(''));
    return { passed: 0, failed: 1, failures: [{ title: `${name} suite`, error: error.message }], vscodeVersion: '?' };
  } finally {
    await browser.close();
    server.stop();
    sim.stop();
  }
}

const suites = [await runSuite({ name: 'main', testsModule: 'out/test/integration/index.js' })];
const failures = suites.flatMap((s) => s.failures);
for (const failure of failures) console.log(`\n  ✘ ${failure.title}\n    ${failure.error}`);
const passed = suites.reduce((n, s) => n + s.passed, 0);
console.log(`\nintegration (code-server ${suites[0].vscodeVersion}): ${passed} passed, ${failures.length} failed`);
process.exit(failures.length === 0 && passed > 0 ? 0 : 1);
