// What a person does in the VS Code workbench, as Playwright steps shared by the browser journeys.
import * as path from 'node:path';

export const modifier = 'Control';

export async function workbenchLoaded(page) {
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
}

/**
 * Shows the Claude Batch view. Its activity-bar tab toggles: a click on it while the view is open would hide it,
 * so the tab is clicked only when the sidebar shows something else (the last view is remembered across folders).
 */
export async function showClaudeBatchView(page) {
  const title = page.locator('.part.sidebar .composite.title', { hasText: /claude batch/i });
  if (await title.isVisible().catch(() => false)) return;
  await page
    .getByRole('tab', { name: /Claude Batch/ })
    .first()
    .click();
  await title.waitFor();
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
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: path.basename(relPath) })
    .first()
    .click();
  await page
    .locator(`.tab[aria-label*="${path.basename(relPath)}"]`)
    .first()
    .waitFor();
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

/**
 * Answers the batch-name prompt that follows Submit Queue: keeps the suggested name (Enter), or types `name`.
 * Then confirms the cost dialog with `button` unless it is null.
 */
export async function nameBatchAndConfirm(page, { name, button = 'Submit' } = {}) {
  const input = page.locator('.quick-input-widget input');
  await page.locator('.quick-input-widget', { hasText: 'Name this batch' }).waitFor();
  if (name !== undefined) await input.fill(name);
  await input.press('Enter');
  if (button) await confirmModal(page, button);
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
      p.locator('.notification-toast', { has: p.locator('.codicon-error') })
        .allInnerTexts()
        // A toast fading out (or not yet laid out) has no rendered text; a person sees nothing there.
        .then((texts) =>
          texts
            .map((t) => t.replace(/\s+/g, ' ').trim())
            .filter(Boolean)
            .forEach((t) => seen.add(t)),
        )
        .catch(() => undefined);
    }
  }, 200);
  return { seen, stop: () => clearInterval(timer) };
}

/** What a person would look at after a failed step: the status bar, the notifications, and the extension's log. */
export async function diagnose(page, profileDir) {
  const lines = [];
  const texts = async (selector) =>
    (
      await page
        .locator(selector)
        .allInnerTexts()
        .catch(() => [])
    )
      .map((t) => t.replace(/\s+/g, ' ').trim())
      .filter(Boolean);
  lines.push(
    `status bar: ${(await texts('.statusbar-item')).filter((t) => /queued|running|ready/.test(t)).join(' | ') || '(nothing of ours)'}`,
  );
  lines.push(`notifications: ${(await texts('.notification-toast')).join(' | ') || '(none)'}`);
  const { readdirSync, readFileSync, statSync } = await import('node:fs');
  const logs = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (entry === 'Claude Batch.log') logs.push(full);
    }
  };
  try {
    walk(path.join(profileDir, 'user-data', 'logs'));
  } catch {
    // no logs yet
  }
  // The newest windows' logs (one per reload) tell what happened last.
  for (const log of logs.sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs).slice(-3)) {
    const tail = readFileSync(log, 'utf8').trim().split('\n').slice(-12);
    lines.push(`log ${path.basename(path.dirname(path.dirname(log)))}:`, ...tail.map((l) => `  ${l}`));
  }
  return lines;
}
