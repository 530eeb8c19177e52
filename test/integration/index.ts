// Entry point loaded by the extension host (code-server's, or @vscode/test-electron's): runs the mocha suite
// and reports the counts both to the file the driver waits for and through the usual promise.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export function run(): Promise<void> {
  return runSuite(__dirname);
}

/** Runs every *.test.js in `dir`. */
export async function runSuite(dir: string): Promise<void> {
  const grep = process.env['CLAUDE_BATCH_TEST_GREP'];
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, forbidOnly: true, ...(grep ? { grep } : {}) });
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.test.js'))
    .sort()) {
    mocha.addFile(path.join(dir, file));
  }
  const failures: Array<{ title: string; error: string }> = [];
  let passed = 0;
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', (test) => {
      passed++;
      console.log(`[integration] ✔ ${test.fullTitle()}`);
    });
    runner.on('fail', (test, error: Error) => {
      failures.push({ title: test.fullTitle(), error: error.stack ?? error.message });
      console.log(`[integration] ✘ ${test.fullTitle()}: ${error.message}`);
    });
  });
  const report = { passed, failed: failures.length, failures, vscodeVersion: vscode.version };
  const target = process.env['CLAUDE_BATCH_TEST_RESULTS'];
  if (target) fs.writeFileSync(target, JSON.stringify(report, null, 2));
  if (failures.length) throw new Error(`${failures.length} integration test(s) failed`);
}
