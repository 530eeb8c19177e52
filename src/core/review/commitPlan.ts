// Commits per task: the branch a batch's results go on, each commit's message, and why a commit cannot be made,
// as data. Git itself is driven by the editor's git extension (see src/vscode/review/gitCommits.ts).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Task } from '../model/records';

/** Why results cannot be committed (the whole apply stops and asks), or why one task's result was not. */
export type CommitProblem =
  | { kind: 'notRepository'; path: string }
  | { kind: 'gitUnavailable'; detail: string }
  | { kind: 'busy'; what: 'merge' | 'rebase' | 'cherryPick' | 'revert' | 'locked' }
  | { kind: 'dirtyIndex'; files: string[] }
  | { kind: 'detachedHead' }
  | { kind: 'outsideRepository'; relPath: string }
  | { kind: 'ownChanges'; relPath: string }
  | { kind: 'gitFailed'; detail: string };

export function describeCommitProblem(problem: CommitProblem): string {
  switch (problem.kind) {
    case 'notRepository':
      return `${problem.path} is not in a git repository`;
    case 'gitUnavailable':
      return `VS Code's git extension is not available (${problem.detail})`;
    case 'busy':
      return {
        merge: 'git is busy: a merge is in progress',
        rebase: 'git is busy: a rebase is in progress',
        cherryPick: 'git is busy: a cherry-pick is in progress',
        revert: 'git is busy: a revert is in progress',
        locked: 'git is busy: another git process holds the index lock',
      }[problem.what];
    case 'dirtyIndex':
      return `you have staged changes (${problem.files.slice(0, 3).join(', ')}${problem.files.length > 3 ? ', …' : ''}); they would go into Claude Batch's commits`;
    case 'detachedHead':
      return 'HEAD is detached: there is no current branch to commit on';
    case 'outsideRepository':
      return `${problem.relPath} is outside the repository: applied, not committed`;
    case 'ownChanges':
      return `${problem.relPath} had changes of yours that are not committed: applied, not committed, so that they are not committed with it`;
    case 'gitFailed':
      return `git failed: ${problem.detail}`;
  }
}

/** A branch name from the batch's name, unique to the batch: `claude-batch/docs-3-tasks-2026-11-23-1405-a1b2c3`. */
export function branchNameFor(batchName: string, batchId: string): string {
  const slug = batchName
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/[-.]{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 48)
    .replace(/[-.]+$/, '');
  return `claude-batch/${slug || 'batch'}-${batchId.slice(-6).toLowerCase()}`;
}

/** The commit message: the instruction as its subject, the model's summary as its body, the batch as a trailer. */
export function commitMessage(task: Task): string {
  const firstLine = task.instruction.split('\n')[0]!.trim();
  const subject = firstLine.length > 72 ? `${firstLine.slice(0, 71)}…` : firstLine;
  const summary = task.outcome?.type === 'edits' ? task.outcome.summary.trim() : '';
  const rejected = task.review?.rejected?.length
    ? `\n\n${task.review.rejected.length} of the result's edits were rejected in review.`
    : '';
  return [
    subject,
    '',
    `${summary}${rejected}`.trim() || `Claude Batch result for ${task.relPath}.`,
    '',
    `Claude-Batch: ${task.batchId ?? 'unknown batch'} task ${task.id}`,
  ].join('\n');
}

/** What git is in the middle of in a repository whose git directory is `gitDir`, if anything. */
export async function gitBusy(gitDir: string): Promise<CommitProblem | undefined> {
  const exists = async (name: string): Promise<boolean> =>
    fs.access(path.join(gitDir, name)).then(
      () => true,
      () => false,
    );
  if (await exists('MERGE_HEAD')) return { kind: 'busy', what: 'merge' };
  if ((await exists('rebase-merge')) || (await exists('rebase-apply'))) return { kind: 'busy', what: 'rebase' };
  if (await exists('CHERRY_PICK_HEAD')) return { kind: 'busy', what: 'cherryPick' };
  if (await exists('REVERT_HEAD')) return { kind: 'busy', what: 'revert' };
  if (await exists('index.lock')) return { kind: 'busy', what: 'locked' };
  return undefined;
}

/** The git directory of a work tree: `.git`, or where a `.git` file (a linked work tree) points. */
export async function gitDirOf(root: string): Promise<string> {
  const dotGit = path.join(root, '.git');
  const stat = await fs.stat(dotGit).catch(() => undefined);
  if (!stat?.isFile()) return dotGit;
  const pointer = /^gitdir:\s*(.+)$/m.exec(await fs.readFile(dotGit, 'utf8'))?.[1]?.trim();
  return pointer ? path.resolve(root, pointer) : dotGit;
}
