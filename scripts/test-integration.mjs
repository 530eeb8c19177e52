// Runs the integration suite inside code-server's real extension host (VS Code 1.100.3), against the local
// simulator. The extension under development is loaded from source through the workbench `payload`
// parameter; the suite writes its pass/fail counts to a file that this driver waits for.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { launchBrowser, makeWorkspace, repoRoot, startCodeServer, startSimulator, waitFor, workbenchUrl } from './lib/harness.mjs';

const TIMEOUT_MS = Number(process.env.INTEGRATION_TIMEOUT_MS ?? 8 * 60_000);
const resultsDir = path.join(repoRoot, 'test-results');
mkdirSync(resultsDir, { recursive: true });
const resultsFile = path.join(resultsDir, 'integration.json');
rmSync(resultsFile, { force: true });

// A recognisable key: after the suite, no file anywhere may contain it.
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
  },
});
const browser = await launchBrowser();
let exitCode = 1;
try {
  const page = await browser.newPage();
  page.on('console', (msg) => {
    const text = msg.text();
    const line = /\[integration\] (.*)/.exec(text)?.[1];
    if (line) console.log(`  ${line}`);
  });
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  await page.goto(workbenchUrl(server, workspace, [
    ['extensionDevelopmentPath', remote(repoRoot)],
    ['extensionTestsPath', remote(path.join(repoRoot, 'out/test/integration/index.js'))],
  ]));
  await waitFor('the integration results', () => existsSync(resultsFile), TIMEOUT_MS, 500);
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  // Secrets: the key must not be in settings, globalState, workspace storage, logs, the workspace or the bundle.
  await page.close();
  const leaks = [server.profile, workspace, path.join(repoRoot, 'dist'), resultsDir].flatMap((d) => filesContaining(d, API_KEY));
  if (leaks.length) results.failures.push({ title: 'the API key is written nowhere', error: `found in:\n${leaks.join('\n')}` });
  else results.passed++;
  console.log(`  ${leaks.length ? '✘' : '✔'} the API key appears in no file written during the journey (profile, storage, logs, workspace, bundle)`);
  // The output channel logs every API call (and, per the scan above, never the key).
  const logged = filesContaining(path.join(server.profile, 'user-data', 'logs'), 'API create (');
  if (logged.length) results.passed++;
  else results.failures.push({ title: 'API calls are logged to the "Claude Batch" output channel', error: 'no "API create" line in any log' });
  console.log(`  ${logged.length ? '✔' : '✘'} API calls are logged to the "Claude Batch" output channel`);
  results.failed = results.failures.length;
  for (const failure of results.failures) console.log(`\n  ✘ ${failure.title}\n    ${failure.error}`);
  console.log(`\nintegration (code-server ${results.vscodeVersion}): ${results.passed} passed, ${results.failed} failed`);
  exitCode = results.failed === 0 && results.passed > 0 ? 0 : 1;
} catch (error) {
  console.error(`integration run failed: ${error.message}`);
  console.error(server.output.slice(-30).join(''));
} finally {
  await browser.close();
  server.stop();
  sim.stop();
}
process.exit(exitCode);
