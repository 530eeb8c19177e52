// Commits per task through VS Code's built-in git extension: one session per Apply (All) finds the repository,
// refuses when git is busy or the index holds the user's staged work, puts the batch's results on its branch, and
// commits each applied result with only its own files. Nothing is stashed; the user's other changes stay as
// they are, uncommitted.
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { BatchRecord, Task } from '../../core/model/records';
import { branchNameFor, commitMessage, gitBusy, gitDirOf, type CommitProblem } from '../../core/review/commitPlan';

/** The part of the git extension's API (version 1) this file uses. */
interface GitChange {
  readonly uri: vscode.Uri;
}
interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: {
    readonly HEAD: { readonly name?: string; readonly commit?: string } | undefined;
    readonly indexChanges: GitChange[];
    readonly workingTreeChanges: GitChange[];
    readonly untrackedChanges?: GitChange[];
  };
  status(): Promise<void>;
  add(paths: string[]): Promise<void>;
  commit(message: string): Promise<void>;
  createBranch(name: string, checkout: boolean, ref?: string): Promise<void>;
  checkout(treeish: string): Promise<void>;
  getBranch(name: string): Promise<{ name?: string }>;
}
interface GitApi {
  getRepository(uri: vscode.Uri): GitRepository | null;
  openRepository?(root: vscode.Uri): Promise<GitRepository | null>;
}

async function gitApi(): Promise<GitApi | CommitProblem> {
  const extension = vscode.extensions.getExtension<{ enabled: boolean; getAPI(version: 1): GitApi }>('vscode.git');
  if (!extension) return { kind: 'gitUnavailable', detail: 'the extension is not installed' };
  try {
    const exports = extension.isActive ? extension.exports : await extension.activate();
    if (!exports.enabled) return { kind: 'gitUnavailable', detail: 'git is disabled (git.enabled)' };
    return exports.getAPI(1);
  } catch (error) {
    return { kind: 'gitUnavailable', detail: error instanceof Error ? error.message : String(error) };
  }
}

const isProblem = (value: object): value is CommitProblem => 'kind' in value;
const failed = (error: unknown): CommitProblem => ({
  kind: 'gitFailed',
  detail: (error instanceof Error ? error.message : String(error)).split('\n')[0]!,
});

export type CommitTarget = 'newBranch' | 'currentBranch';

export class CommitSession {
  private constructor(
    private readonly repo: GitRepository,
    readonly branch: string,
  ) {}

  /**
   * Opens the repository holding `task`'s file and puts HEAD on the branch the batch's commits go to: the
   * batch's own (created from HEAD, or checked out when an earlier apply made it), or the current one.
   */
  static async start(task: Task, batch: BatchRecord, target: CommitTarget): Promise<CommitSession | CommitProblem> {
    const api = await gitApi();
    if (isProblem(api)) return api;
    const fileUri = vscode.Uri.parse(task.fileUri);
    let repo = api.getRepository(fileUri);
    if (!repo && api.openRepository) repo = await api.openRepository(vscode.Uri.parse(task.folderUri));
    if (!repo) return { kind: 'notRepository', path: task.relPath };
    try {
      await repo.status();
      const busy = await gitBusy(await gitDirOf(repo.rootUri.fsPath));
      if (busy) return busy;
      const staged = repo.state.indexChanges;
      if (staged.length)
        return { kind: 'dirtyIndex', files: staged.map((c) => path.relative(repo.rootUri.fsPath, c.uri.fsPath)) };
      const head = repo.state.HEAD?.name;
      if (target === 'currentBranch') return head ? new CommitSession(repo, head) : { kind: 'detachedHead' };
      const branch = branchNameFor(batch.name, batch.id);
      if (head !== branch) {
        const exists = await repo.getBranch(branch).then(
          () => true,
          () => false,
        );
        // `git checkout -b` keeps the working tree and the index as they are: the user's changes come along.
        if (exists) await repo.checkout(branch);
        else await repo.createBranch(branch, true);
      }
      return new CommitSession(repo, branch);
    } catch (error) {
      return failed(error);
    }
  }

  /** Whether the file has changes of the user's that are not committed (they would go into the commit). */
  async hasOwnChanges(fileUri: vscode.Uri): Promise<boolean> {
    await this.repo.status();
    const { indexChanges, workingTreeChanges, untrackedChanges = [] } = this.repo.state;
    return [...indexChanges, ...workingTreeChanges, ...untrackedChanges].some((c) => c.uri.fsPath === fileUri.fsPath);
  }

  /** Commits an applied result's files (and nothing else) with the task's message. */
  async commit(task: Task, files: readonly vscode.Uri[]): Promise<{ hash: string; branch: string } | CommitProblem> {
    const root = this.repo.rootUri.fsPath;
    const outside = files.find((f) => {
      const relative = path.relative(root, f.fsPath);
      return relative.startsWith('..') || path.isAbsolute(relative);
    });
    if (outside) return { kind: 'outsideRepository', relPath: path.basename(outside.fsPath) };
    try {
      await this.repo.add(files.map((f) => f.fsPath));
      await this.repo.commit(commitMessage(task));
      await this.repo.status();
      return { hash: this.repo.state.HEAD?.commit ?? '', branch: this.branch };
    } catch (error) {
      return failed(error);
    }
  }
}
