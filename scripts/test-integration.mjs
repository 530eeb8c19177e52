// Runs the integration suite inside code-server's real extension host (VS Code 1.100.3), against the local
// simulator. The extension under development is loaded from source through the workbench `payload`
// parameter; the suite writes its pass/fail counts to a file that this driver waits for.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { launchBrowser, makeWorkspace, repoRoot, startCodeServer, startSimulator, waitFor, workbenchUrl } from './lib/harness.mjs';

const TIMEOUT_MS = Number(process.env.INTEGRATION_TIMEOUT_MS ?? 8 * 60_000);
const resultsDir = path.join(repoRoot, 'test-results');
mkdirSync(resultsDir, { recursive: true });
const resultsFile = path.join(resultsDir, 'integration.json');
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
    ANTHROPIC_API_KEY: 'sk-sim-integration',
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
