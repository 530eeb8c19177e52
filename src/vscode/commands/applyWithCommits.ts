// Apply, one result after another, with `claudeBatch.git.commitPerTask`: each applied result becomes a commit on
// the batch's branch. When commits cannot be made at all (no repository, git busy, staged work of the user's) the
// user is asked first, and nothing is written unless they say to apply without commits.
import * as vscode from 'vscode';
import type { Task } from '../../core/model/records';
import { describeCommitProblem } from '../../core/review/commitPlan';
import { notify } from '../ui/notify';
import { CommitSession } from '../review/gitCommits';
import { newFileUri } from '../review/proposedContent';
import type { ApplyOutcome } from '../review/reviewer';
import type { CommandContext, CommandOptions } from './context';

export interface CommittedOutcome extends ApplyOutcome {
  /** The commit the result went into. */
  commit?: string;
  /** Why an applied result was not committed. */
  notCommitted?: string;
}

async function eachInTurn(tasks: readonly Task[], apply: (task: Task) => Promise<ApplyOutcome>) {
  const outcomes: CommittedOutcome[] = [];
  for (const task of tasks) outcomes.push(await apply(task));
  return outcomes;
}

/**
 * Applies the tasks' results in turn; with commits per task on, commits each. Undefined when the user chose not
 * to apply (commits were asked for and cannot be made).
 */
export async function applyEach(
  ctx: CommandContext,
  tasks: readonly Task[],
  apply: (task: Task) => Promise<ApplyOutcome>,
  options: CommandOptions = {},
): Promise<CommittedOutcome[] | undefined> {
  const { gitCommitPerTask, gitCommitTo } = ctx.settings();
  const first = tasks[0];
  const batch = first?.batchId ? ctx.service.registry.get(first.batchId) : undefined;
  if (!gitCommitPerTask || !first || !batch) return eachInTurn(tasks, apply);
  const session = await CommitSession.start(first, batch, gitCommitTo);
  if (!(session instanceof CommitSession)) {
    const message = vscode.l10n.t('Claude Batch: cannot commit per task: {0}.', describeCommitProblem(session));
    ctx.log.warn(message);
    if (options.skipConfirmation) {
      void notify('warning', `${message} ${vscode.l10n.t('Nothing was applied.')}`);
      return undefined;
    }
    const without = vscode.l10n.t('Apply Without Commits');
    const choice = await notify('warning', message, [without], {
      modal: true,
      detail: vscode.l10n.t('Nothing has been written yet.'),
    });
    return choice === without ? eachInTurn(tasks, apply) : undefined;
  }
  const outcomes: CommittedOutcome[] = [];
  for (const task of tasks) {
    const fileUri = vscode.Uri.parse(task.fileUri);
    const ownChanges = await session.hasOwnChanges(fileUri);
    const outcome: CommittedOutcome = await apply(task);
    outcomes.push(outcome);
    const applied = outcome.applied ? ctx.service.store.find(task.id) : undefined;
    if (!applied) continue;
    const result = ownChanges
      ? { kind: 'ownChanges' as const, relPath: task.relPath }
      : await session.commit(applied, [fileUri, ...(outcome.created ?? []).map((f) => newFileUri(task, f))]);
    if ('hash' in result) {
      outcome.commit = result.hash;
      await ctx.service.review.markCommitted(applied, { commit: result });
      ctx.log.info(`committed ${task.id} as ${result.hash.slice(0, 8)} on ${result.branch}`);
    } else {
      outcome.notCommitted = describeCommitProblem(result);
      await ctx.service.review.markCommitted(applied, {
        notCommitted: { kind: result.kind, message: outcome.notCommitted },
      });
      ctx.log.warn(`not committed ${task.id}: ${outcome.notCommitted}`);
    }
  }
  return outcomes;
}
