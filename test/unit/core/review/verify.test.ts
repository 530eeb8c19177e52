// Verify: the command a result is checked with, what a failure sends back, when to stop, and real runs of a
// passing, a failing and a hanging command (whose children are stopped with it).
import * as assert from 'node:assert/strict';
import type { Task } from '../../../../src/core/model/records';
import {
  mayFollowUpAgain,
  outputTail,
  quoteArg,
  verifyCommandFor,
  verifyFeedback,
} from '../../../../src/core/review/verify';
import { runVerifyCommand } from '../../../../src/core/review/verifyRun';

const usage = { input_tokens: 1, output_tokens: 1 };
const task = (edits: Array<{ path?: string; old_text: string; new_text: string }>, round?: number): Task => ({
  id: 't1',
  createdAt: '2026-11-24T00:00:00Z',
  instruction: 'Write unit tests',
  folderUri: 'file:///ws',
  relPath: 'src/cart.ts',
  fileUri: 'file:///ws/src/cart.ts',
  snapshotHash: 'h',
  fingerprint: 'f',
  batchId: 'b',
  outcome: { type: 'edits', summary: 's', edits, usage },
  ...(round
    ? {
        followUp: {
          of: 't0',
          conversation: [
            { role: 'user', blocks: ['a'] },
            { role: 'assistant', blocks: ['b'] },
          ],
          applied: true,
          verifyRound: round,
        },
      }
    : {}),
});

describe('verify', () => {
  it('${file} is the test a result created, or the task’s own file; paths are quoted for the shell', () => {
    const created = task([{ path: 'src/cart test.ts', old_text: '', new_text: 'x' }]);
    assert.equal(verifyCommandFor('npm test -- ${file}', created, '/ws', 'linux'), "npm test -- 'src/cart test.ts'");
    assert.equal(
      verifyCommandFor('npx tsc ${files} && cd ${workspaceFolder}', created, '/w s', 'linux'),
      "npx tsc 'src/cart test.ts' src/cart.ts && cd '/w s'",
    );
    const own = task([{ old_text: 'a', new_text: 'b' }]);
    assert.equal(verifyCommandFor('npm test -- ${file}', own, '/ws', 'linux'), 'npm test -- src/cart.ts');
    assert.equal(quoteArg("it's", 'linux'), `'it'\\''s'`);
    assert.equal(quoteArg('a "b"', 'win32'), '"a ""b"""');
  });

  it('the feedback names the command and how it failed, with the end of a long output', () => {
    const long = Array.from({ length: 5000 }, (_, i) => `line ${i}`).join('\n');
    const feedback = verifyFeedback({ kind: 'failed', command: 'npm test', exitCode: 1, output: long });
    assert.match(feedback, /`npm test` failed with exit code 1/);
    assert.match(feedback, /line 4999\n```/);
    assert.doesNotMatch(feedback, /line 10\n/);
    assert.match(feedback, /earlier characters left out/);
    assert.ok(outputTail(long, 100).length < 200);
    assert.match(
      verifyFeedback({ kind: 'timedOut', command: 'npm test', seconds: 5, output: '' }),
      /did not finish within 5 s[\s\S]*\(no output\)/,
    );
  });

  it('stops following up after the rounds the setting allows', () => {
    assert.equal(mayFollowUpAgain(task([{ old_text: 'a', new_text: 'b' }]), 3), true);
    assert.equal(mayFollowUpAgain(task([{ old_text: 'a', new_text: 'b' }], 2), 3), true);
    assert.equal(mayFollowUpAgain(task([{ old_text: 'a', new_text: 'b' }], 3), 3), false);
  });

  it('runs a command: passed, failed with its output, or stopped when it hangs (its children too)', async () => {
    const node = JSON.stringify(process.execPath);
    const passed = await runVerifyCommand(`${node} -e "console.log('ok')"`, process.cwd(), { timeoutSeconds: 20 })
      .outcome;
    assert.deepEqual([passed.kind, 'output' in passed && passed.output.trim()], ['passed', 'ok']);

    const streamed: string[] = [];
    const failed = await runVerifyCommand(`${node} -e "console.error('boom'); process.exit(3)"`, process.cwd(), {
      timeoutSeconds: 20,
      onOutput: (chunk) => streamed.push(chunk),
    }).outcome;
    assert.equal(failed.kind, 'failed');
    assert.equal(failed.kind === 'failed' && failed.exitCode, 3);
    assert.match(streamed.join(''), /boom/);

    // A shell that starts a child which never ends: both are stopped, and the run ends.
    const hanging = await runVerifyCommand(`${node} -e "setInterval(() => {}, 1000)" & wait`, process.cwd(), {
      timeoutSeconds: 1,
    }).outcome;
    assert.equal(hanging.kind, 'timedOut');

    const missing = await runVerifyCommand('definitely-not-a-command-xyz', process.cwd(), { timeoutSeconds: 20 })
      .outcome;
    assert.equal(missing.kind, 'failed', 'the shell runs and reports command not found');
    assert.match('output' in missing ? missing.output : '', /not found/);
  });
});
