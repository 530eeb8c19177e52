// Commits per task, the parts that are not git: branch names, messages, and what git is in the middle of.
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Task } from '../../../../src/core/model/records';
import { branchNameFor, commitMessage, gitBusy, gitDirOf } from '../../../../src/core/review/commitPlan';
import { tempDir } from '../../../helpers/fakes';

describe('commitPlan', () => {
  it('names the branch after the batch, as git allows, unique to the batch', () => {
    assert.equal(
      branchNameFor('docs · 3 tasks · 2026-11-23 14:05', 'msgbatch_01ABCDEF'),
      'claude-batch/docs-3-tasks-2026-11-23-14-05-abcdef',
    );
    assert.equal(branchNameFor('..~^:?*[ ', 'msgbatch_xyz123'), 'claude-batch/batch-xyz123');
    assert.ok(branchNameFor('x'.repeat(200), 'msgbatch_abcdef').length < 80);
  });

  it('writes the instruction as the subject, the summary as the body, the batch as a trailer', () => {
    const task: Task = {
      id: 't1',
      createdAt: '2026-11-24T00:00:00Z',
      instruction: `${'Add doc comments to every exported function '.repeat(3)}\nand more`,
      folderUri: 'file:///ws',
      relPath: 'src/a.ts',
      fileUri: 'file:///ws/src/a.ts',
      snapshotHash: 'h',
      fingerprint: 'f',
      batchId: 'msgbatch_1',
      outcome: {
        type: 'edits',
        summary: 'Documented 3 functions.',
        edits: [{ old_text: 'a', new_text: 'b' }],
        usage: { input_tokens: 1, output_tokens: 1 },
      },
      review: { state: 'applied', at: 'now', rejected: [1] },
    };
    const [subject, blank, body, ...rest] = commitMessage(task).split('\n');
    assert.equal(subject!.length, 72);
    assert.ok(subject!.endsWith('…'));
    assert.equal(blank, '');
    assert.equal(body, 'Documented 3 functions.');
    assert.deepEqual(rest, [
      '',
      "1 of the result's edits were rejected in review.",
      '',
      'Claude-Batch: msgbatch_1 task t1',
    ]);
  });

  it('tells a merge, a rebase and a held lock apart, and follows a linked work tree to its git directory', async () => {
    const tmp = tempDir();
    try {
      const gitDir = path.join(tmp.dir, '.git');
      mkdirSync(gitDir);
      assert.equal(await gitBusy(gitDir), undefined);
      writeFileSync(path.join(gitDir, 'index.lock'), '');
      assert.deepEqual(await gitBusy(gitDir), { kind: 'busy', what: 'locked' });
      mkdirSync(path.join(gitDir, 'rebase-merge'));
      assert.deepEqual(await gitBusy(gitDir), { kind: 'busy', what: 'rebase' });
      writeFileSync(path.join(gitDir, 'MERGE_HEAD'), 'abc\n');
      assert.deepEqual(await gitBusy(gitDir), { kind: 'busy', what: 'merge' });

      const linked = path.join(tmp.dir, 'linked');
      mkdirSync(linked);
      writeFileSync(path.join(linked, '.git'), 'gitdir: ../.git/worktrees/linked\n');
      assert.equal(await gitDirOf(linked), path.join(tmp.dir, '.git', 'worktrees', 'linked'));
      assert.equal(await gitDirOf(tmp.dir), gitDir);
    } finally {
      tmp.cleanup();
    }
  });
});
