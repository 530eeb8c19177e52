// What a person does in the VS Code workbench, as Playwright steps shared by the browser journeys.
import * as path from 'node:path';
import { waitFor } from '../../scripts/lib/harness.mjs';

export const modifier = 'Control';

export async function workbenchLoaded(page) {
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
}

/**
 * Shows the Claude Batch view through its "Focus on Tasks View" command, which only ever shows it (its activity-bar
 * tab toggles: a click while the view is open hides it, and whether it is open depends on the last folder).
 */
export async function showClaudeBatchView(page) {
  await runCommand(page, 'Claude Batch: Focus on Tasks View');
  await page.locator('.part.sidebar .composite.title', { hasText: /claude batch/i }).waitFor();
}

const exactly = (text) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

/**
 * Runs a command from the Command Palette by its title: Enter once the focused row is that very command. (A click
 * can land on another row when the list is still filtering on a busy machine; Enter runs what is focused.) The
 * palette lists what is registered when it opens: a command contributed by an extension host that is still
 * starting shows up on a later try.
 */
export async function runCommand(page, title, timeoutMs = 60_000) {
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('input');
  const row = widget.locator('.quick-input-list .monaco-list-row.focused .label-name', { hasText: exactly(title) });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    const listed = await row.waitFor({ timeout: 5_000 }).then(
      () => true,
      () => false,
    );
    if (listed) break;
    if (Date.now() > deadline) throw new Error(`the Command Palette does not list "${title}"`);
    await page.keyboard.press('Escape');
  }
  await input.press('Enter');
  // The palette has taken it once its input no longer holds the command's name (closed, or another prompt).
  await waitFor(
    `the Command Palette to run "${title}"`,
    async () =>
      !(await input.evaluate((field, typed) => field.value === typed && field.checkVisibility(), `>${title}`)),
    30_000,
    100,
  );
}

/** Opens a workspace file through Quick Open (Enter on the focused match, as in runCommand) and waits for its tab. */
export async function openFile(page, relPath) {
  await page.keyboard.press(`${modifier}+P`);
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('input');
  await input.waitFor({ state: 'visible' });
  await input.fill(relPath);
  await widget
    .locator('.quick-input-list .monaco-list-row.focused .label-name', { hasText: exactly(path.basename(relPath)) })
    .waitFor();
  await input.press('Enter');
  await page
    .locator(`.tab[aria-label*="${path.basename(relPath)}"]`)
    .first()
    .waitFor();
}

/**
 * Send File to Batch from the palette for the active editor, with a typed instruction. The palette closes when its
 * window loses focus (another browser window starting up can take it): if the picker has not come up, the command
 * is run again, and the harness says so.
 */
export async function sendActiveFileToBatch(page, instruction) {
  const picker = page.locator(INSTRUCTION_INPUT);
  for (let attempt = 1; ; attempt++) {
    await runCommand(page, 'Claude Batch: Send File to Batch');
    if (
      await picker.waitFor({ state: 'visible', timeout: 15_000 }).then(
        () => true,
        () => false,
      )
    )
      break;
    if (attempt === 2) throw new Error('the instruction picker did not come up after Send File to Batch, twice');
    console.log('    (the instruction picker did not come up after Send File to Batch: running it again)');
  }
  await typeInstruction(page, instruction);
}

/** The instruction picker's input, told apart from the palette (the same widget) by its placeholder. */
export const INSTRUCTION_INPUT = '.quick-input-widget input[placeholder^="Pick an instruction"]';

/** Answers the instruction picker. */
async function typeInstruction(page, instruction) {
  const input = page.locator(INSTRUCTION_INPUT);
  await input.waitFor({ state: 'visible' });
  await input.fill(instruction);
  await input.press('Enter');
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

/**
 * Clicks `target` until `done()` holds (a second click only when the first had no effect, and the target is
 * still there): for buttons that move in (notification toasts), where a click mid-animation may be lost.
 */
export async function clickUntil(target, done, tries = 5) {
  for (let i = 0; i < tries; i++) {
    if (i === 0 || (await target.isVisible().catch(() => false))) await target.click({ timeout: 10_000 });
    const deadline = Date.now() + 3000;
    while (Date.now() < deadline) {
      if (await done()) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error('clicking had no effect');
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
