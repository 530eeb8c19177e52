// Restricted Mode in a real browser: a person opens a folder, declines to trust it, queues a task and tries to
// submit. Nothing may reach the API, and the extension must say why. Then the person trusts the folder and the
// same task goes. Runs apart from the main journeys because it needs VS Code's workspace trust switched on.
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import {
  launchBrowser,
  makeWorkspace,
  repoRoot,
  startCodeServer,
  startSimulator,
  workbenchUrl,
} from '../../scripts/lib/harness.mjs';
import * as ui from './workbench.mjs';

const shots = path.join(repoRoot, 'test-results', 'e2e');
mkdirSync(shots, { recursive: true });
const shot = (page, name) => page.screenshot({ path: path.join(shots, `restricted-${name}.png`) });

const sim = await startSimulator({ processingMs: 1000 });
const workspace = makeWorkspace();
const server = await startCodeServer({
  vsix: path.join(repoRoot, 'dist', 'claude-batch.vsix'),
  workspaceTrust: true,
  settings: {
    'claudeBatch.apiBaseUrl': sim.url,
    'claudeBatch.poll.initialSeconds': 1,
    'claudeBatch.poll.maxSeconds': 2,
  },
  env: { ANTHROPIC_API_KEY: 'sk-ant-restricted-test' },
});
const browser = await launchBrowser();
const page = await (await browser.newContext({ viewport: { width: 1400, height: 860 } })).newPage();
const apiCalls = async () => {
  const stats = await (await fetch(`${sim.url}/_sim/stats`)).json();
  return Object.entries(stats)
    .filter(([route]) => route.includes('/v1/'))
    .reduce((sum, [, n]) => sum + n, 0);
};

let passed = 0;
let failed = 0;
async function test(name, body) {
  try {
    await body();
    passed++;
    console.log(`  ✔ ${name}`);
  } catch (error) {
    failed++;
    console.log(`  ✘ ${name}\n    ${error.message.split('\n').slice(0, 6).join('\n    ')}`);
    await shot(page, 'failure').catch(() => undefined);
  }
}

try {
  await page.goto(workbenchUrl(server, workspace));
  await test('an untrusted workspace queues tasks but sends nothing to the API, and says why', async () => {
    const dialog = page.locator('.monaco-dialog-box', { hasText: 'trust the authors' });
    await dialog.waitFor({ timeout: 60_000 });
    await shot(page, 'trust-prompt');
    await dialog.getByRole('button', { name: /Don't Trust|No, I don't trust/ }).click();
    await ui.workbenchLoaded(page);
    await ui.openFile(page, 'src/greet.js');
    await ui.sendActiveFileToBatch(page, 'Add doc comments');
    await ui.statusBarShows(page, '1 queued');
    const before = await apiCalls();
    await ui.runCommand(page, 'Claude Batch: Submit Queue');
    await page
      .locator('.notification-toast', { hasText: 'this workspace is not trusted, so nothing is sent to the API' })
      .waitFor();
    await ui.showClaudeBatchView(page);
    await page
      .locator('.tree-explorer-viewlet-tree-view, .pane-body', { hasText: 'Restricted Mode: tasks can be queued' })
      .first()
      .waitFor();
    await shot(page, 'refused');
    await ui.statusBarShows(page, '1 queued');
    if ((await apiCalls()) !== before) throw new Error('an API call was made from an untrusted workspace');
  });
  await test('once the person trusts the workspace, the same task is submitted', async () => {
    await ui.runCommand(page, 'Workspaces: Manage Workspace Trust');
    await page.getByRole('button', { name: 'Trust', exact: true }).first().click();
    // Trust is granted asynchronously: submit once the window has left Restricted Mode (its status bar item goes).
    await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ state: 'detached' });
    await ui.runCommand(page, 'Claude Batch: Submit Queue');
    await ui.nameBatchAndConfirm(page);
    await ui.statusBarShows(page, '1 ready');
    await shot(page, 'trusted-submitted');
  });
} finally {
  await browser.close();
  server.stop();
  sim.stop();
}
console.log(`\nrestricted-mode e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
