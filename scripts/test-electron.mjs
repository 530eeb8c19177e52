// The same integration suite under @vscode/test-electron, for machines with a desktop VS Code:
// VSCODE_EXECUTABLE=/path/to/code npm run test:electron (without it, test-electron downloads VS Code, which
// needs internet). code-server (scripts/test-integration.mjs) is the path CI uses.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { makeWorkspace, repoRoot, startSimulator } from './lib/harness.mjs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';

const resultsFile = path.join(repoRoot, 'test-results', 'integration.json');
mkdirSync(path.dirname(resultsFile), { recursive: true });
rmSync(resultsFile, { force: true });
const sim = await startSimulator({ processingMs: 1500 });
const workspace = makeWorkspace();
const userData = mkdtempSync(path.join(os.tmpdir(), 'claude-batch-electron-'));
mkdirSync(path.join(userData, 'User'), { recursive: true });
writeFileSync(
  path.join(userData, 'User/settings.json'),
  JSON.stringify({
    'claudeBatch.apiBaseUrl': sim.url,
    'claudeBatch.poll.initialSeconds': 1,
    'claudeBatch.poll.maxSeconds': 2,
    'security.workspace.trust.enabled': false,
  }),
);
let code = 1;
try {
  await runTests({
    ...(process.env.VSCODE_EXECUTABLE
      ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE }
      : { version: '1.100.3' }),
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: path.join(repoRoot, 'out/test/integration/index.js'),
    launchArgs: [workspace, '--user-data-dir', userData, '--disable-extensions', '--disable-workspace-trust'],
    extensionTestsEnv: {
      ANTHROPIC_API_KEY: 'sk-sim-integration',
      CLAUDE_BATCH_TEST_RESULTS: resultsFile,
      CLAUDE_BATCH_SIM_URL: sim.url,
      CLAUDE_BATCH_TEST_WORKSPACE: workspace,
      CLAUDE_BATCH_HOME: path.join(userData, 'claude-batch-home'),
    },
  });
  code = 0;
} catch (error) {
  console.error(`test-electron: ${error.message}`);
} finally {
  sim.stop();
}
if (existsSync(resultsFile)) {
  const r = JSON.parse(readFileSync(resultsFile, 'utf8'));
  console.log(`integration (VS Code ${r.vscodeVersion}): ${r.passed} passed, ${r.failed} failed`);
  if (r.failed) code = 1;
}
process.exit(code);
