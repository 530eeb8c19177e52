// Verify after Apply: runs the user's check on an applied result and, when it fails, offers to send its output
// back as a follow-up, a bounded number of rounds per thread.
import * as vscode from 'vscode';
import type { Task } from '../../core/model/records';
import { followUpFiles } from '../../core/review/followUp';
import { describeFailure, mayFollowUpAgain, verifyFeedback, type VerifyOutcome } from '../../core/review/verify';
import { plural } from '../../core/model/words';
import { notify } from '../ui/notify';
import { queueFollowUp } from './followUpCommands';
import { pickTask, taskFromArg, type CommandContext } from './context';

const FOLLOW_UP = (): string => vscode.l10n.t('Follow Up with Output');

/** Says how a verify went; a failure offers the follow-up while the thread has rounds left. */
function report(ctx: CommandContext, task: Task, outcome: VerifyOutcome): void {
  ctx.log.info(`verify ${task.id} (${outcome.command}): ${outcome.kind}`);
  if (outcome.kind === 'passed') {
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(pass) Verify passed: {0}', task.relPath), 5000);
    return;
  }
  const { verifyMaxRounds } = ctx.settings();
  const canFollow = mayFollowUpAgain(task, verifyMaxRounds);
  const message = canFollow
    ? vscode.l10n.t('Claude Batch: verify of {0} {1}.', task.relPath, describeFailure(outcome))
    : vscode.l10n.t(
        'Claude Batch: verify of {0} {1}, after {2} of follow-ups; it is over to you now.',
        task.relPath,
        describeFailure(outcome),
        plural(verifyMaxRounds, 'round'),
      );
  void notify('warning', message, canFollow ? [FOLLOW_UP()] : []).then((choice) => {
    if (choice === FOLLOW_UP()) void followUpOnVerify(ctx, task.id);
  });
}

/** After an Apply: verifies the result when a verify command is set (and the workspace trusted). */
export async function verifyAfterApply(ctx: CommandContext, taskId: string): Promise<VerifyOutcome | undefined> {
  const task = ctx.service.store.find(taskId);
  if (!task || !ctx.verifier.enabled) return undefined;
  const outcome = await ctx.verifier.verify(task);
  if (outcome) report(ctx, task, outcome);
  return outcome;
}

/** Verify Result: runs the check on an applied result now. */
export async function verifyResult(ctx: CommandContext, arg?: unknown): Promise<VerifyOutcome | undefined> {
  const task =
    taskFromArg(ctx.service, arg) ?? (await pickTask(ctx.service, ['applied'], vscode.l10n.t('Verify which result?')));
  if (!task) return undefined;
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Claude Batch: verify commands do not run in an untrusted workspace.'),
    );
    return undefined;
  }
  if (!ctx.verifier.enabled) {
    const open = vscode.l10n.t('Open Settings');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t('Claude Batch: set claudeBatch.verify.command (e.g. npm test -- ${file}) to verify results.'),
      open,
    );
    if (choice === open)
      void vscode.commands.executeCommand('workbench.action.openSettings', 'claudeBatch.verify.command');
    return undefined;
  }
  return verifyAfterApply(ctx, task.id);
}

/** Follow Up with Verify Output: the last failed verify of a task, queued as a follow-up with its output. */
export async function followUpOnVerify(ctx: CommandContext, arg?: unknown): Promise<Task | undefined> {
  const task = taskFromArg(ctx.service, arg);
  const failure = task && ctx.verifier.failureOf(task.id);
  if (!task || !failure) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Claude Batch: no failed verify to follow up.'));
    return undefined;
  }
  if (!mayFollowUpAgain(task, ctx.settings().verifyMaxRounds)) return undefined;
  const round = (task.followUp?.verifyRound ?? 0) + 1;
  return queueFollowUp(ctx, task, verifyFeedback(failure), followUpFiles(task)[0], round);
}

/** After Apply All: verifies each applied result in turn and sums up in one notification. */
export async function verifyAfterApplyAll(ctx: CommandContext, taskIds: readonly string[]): Promise<void> {
  if (!ctx.verifier.enabled || taskIds.length === 0) return;
  if (taskIds.length === 1) {
    await verifyAfterApply(ctx, taskIds[0]!);
    return;
  }
  const failed: Task[] = [];
  for (const id of taskIds) {
    const task = ctx.service.store.find(id);
    const outcome = task && (await ctx.verifier.verify(task));
    if (!task || !outcome) continue;
    ctx.log.info(`verify ${task.id} (${outcome.command}): ${outcome.kind}`);
    if (outcome.kind !== 'passed') failed.push(task);
  }
  if (failed.length === 0) {
    vscode.window.setStatusBarMessage(
      vscode.l10n.t('$(pass) Verify passed for {0}', plural(taskIds.length, 'result')),
      5000,
    );
    return;
  }
  const rounds = ctx.settings().verifyMaxRounds;
  const followable = failed.filter((t) => mayFollowUpAgain(t, rounds));
  const followAll = vscode.l10n.t('Follow Up All with Output');
  const choice = await notify(
    'warning',
    vscode.l10n.t(
      'Claude Batch: verify failed for {0} of {1}: {2}',
      failed.length,
      plural(taskIds.length, 'result'),
      failed.map((t) => t.relPath).join(', '),
    ),
    followable.length ? [followAll] : [],
  );
  if (choice === followAll) for (const task of followable) await followUpOnVerify(ctx, task.id);
}
