// Browser journeys of reviewing results beyond Apply: a follow-up on an applied result, through its thread.
import { waitFor } from '../../scripts/lib/harness.mjs';

/** Registers the journeys with the runner in journeys.mjs, which owns the browser, the page and the workspace. */
export function reviewJourneys({
  test,
  page,
  shot,
  disk,
  freshWorkspace,
  openFile,
  sendActiveFileToBatch,
  statusBarShows,
  runCommand,
  nameBatchAndConfirm,
  showClaudeBatchView,
}) {
  test('journey 7: apply a result, then Follow Up… from its row → the thread → submit → the follow-up applies', async () => {
    await freshWorkspace();
    await openFile('src/greet.js');
    const before = disk('src/greet.js');
    await sendActiveFileToBatch('replace "Hello, " with "Hi, "');
    await statusBarShows('1 queued');
    await runCommand('Claude Batch: Submit Queue');
    await nameBatchAndConfirm({ name: 'greeting' });
    await statusBarShows('1 ready');
    await showClaudeBatchView();
    const row = page.getByRole('treeitem').filter({ hasText: 'greet.js · whole file' }).last();
    await row.click();
    await page.locator('.monaco-diff-editor .editor.modified .view-lines', { hasText: 'Hi, ' }).waitFor();
    await page
      .locator('.editor-actions')
      .getByRole('button', { name: /^Apply Result/ })
      .click();
    await waitFor('greet.js to say Hi', () => disk('src/greet.js') === before.replace('Hello, ', 'Hi, '), 15_000);
    // Almost: the user answers the result from its row.
    const applied = page
      .getByRole('treeitem')
      .filter({ hasText: 'greet.js · whole file' })
      .filter({ hasText: '— applied' })
      .first();
    await applied.click({ button: 'right' });
    const followUp = page.getByRole('menuitem', { name: 'Follow Up…' });
    await followUp.waitFor();
    await shot('follow-up-menu');
    await followUp.click();
    const input = page.locator('.quick-input-widget', { hasText: 'Follow up on src/greet.js' }).locator('input');
    await input.waitFor();
    await input.fill('Almost: replace "Hi, " with "Hey, "');
    await shot('follow-up-feedback');
    await input.press('Enter');
    await statusBarShows('1 queued');
    const thread = page.getByRole('treeitem').filter({ hasText: '↪ greet.js' });
    await thread.filter({ hasText: 'follow-up: Almost' }).first().waitFor();
    await page.getByRole('treeitem').filter({ hasText: '1 follow-up' }).first().waitFor();
    await shot('follow-up-thread');
    await runCommand('Claude Batch: Submit Queue');
    await nameBatchAndConfirm({ name: 'greeting, again' });
    await statusBarShows('1 ready');
    await thread.filter({ hasText: 'ready to review' }).first().click();
    await page.locator('.monaco-diff-editor .editor.modified .view-lines', { hasText: 'Hey, ' }).waitFor();
    await shot('follow-up-diff');
    await page
      .locator('.editor-actions')
      .getByRole('button', { name: /^Apply Result/ })
      .click();
    await waitFor('greet.js to say Hey', () => disk('src/greet.js') === before.replace('Hello, ', 'Hey, '), 15_000);
    await thread.filter({ hasText: 'applied' }).first().waitFor();
    await shot('follow-up-applied');
  });
}
