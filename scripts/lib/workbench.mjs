// What a person does in the VS Code workbench, as Playwright steps shared by the browser journeys.
import * as path from 'node:path';

export const modifier = 'Control';

export async function workbenchLoaded(page) {
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
}

/** Runs a command from the Command Palette by its title. */
export async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().click();
}

/** Opens a workspace file through Quick Open and waits for its tab. */
export async function openFile(page, relPath) {
  await page.keyboard.press(`${modifier}+P`);
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(relPath);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: path.basename(relPath) }).first().click();
  await page.locator(`.tab[aria-label*="${path.basename(relPath)}"]`).first().waitFor();
}

/** Send File to Batch from the palette for the active editor, with a typed instruction. */
export async function sendActiveFileToBatch(page, instruction) {
  await runCommand(page, 'Claude Batch: Send File to Batch');
  await page.locator('.quick-input-widget input').fill(instruction);
  await page.keyboard.press('Enter');
}

export async function statusBarShows(page, text) {
  await page.locator('.statusbar-item', { hasText: text }).first().waitFor({ timeout: 30_000 });
}

export async function confirmModal(page, button) {
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor();
  await dialog.getByRole('button', { name: button }).click();
}

/**
 * Collects the text of every error notification shown in any page of the context, even one dismissed before the
 * caller looks. Returns the live set and a stop function.
 */
export function watchErrorToasts(context) {
  const seen = new Set();
  const timer = setInterval(() => {
    for (const p of context.pages()) {
      p.locator('.notification-toast', { has: p.locator('.codicon-error') }).allInnerTexts()
        // A toast fading out (or not yet laid out) has no rendered text; a person sees nothing there.
        .then((texts) => texts.map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean).forEach((t) => seen.add(t)))
        .catch(() => undefined);
    }
  }, 200);
  return { seen, stop: () => clearInterval(timer) };
}
