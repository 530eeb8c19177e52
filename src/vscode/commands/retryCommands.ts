// Sending results that did not work out back to the queue: Retry Failed (a batch's errored, expired, canceled
// and cut-off tasks) and Retry with More Room (cut-off answers, with a larger max_tokens).
import * as vscode from 'vscode';
import { notify } from '../ui/notify';
import { plural } from '../../core/model/words';
import { isRetryable, taskState } from '../../core/model/records';
import type { RetryReport } from '../../core/serviceTypes';
import { isClaudeBatchError } from '../../core/errors';
import type { ModelRefused } from '../../core/models/modelCheck';
import { showModelRefusal } from './modelCommands';
import { batchIdFromArg, pickBatch, pickTask, showError, taskIdsFromArgs, type CommandContext } from './context';

function announce(report: RetryReport): void {
  const atLimit = report.atLimit.map((t) => t.relPath).join(', ');
  if (report.retried) {
    void vscode.window.showInformationMessage(
      (report.moreRoom
        ? vscode.l10n.t(
            'Claude Batch: {0} back in the queue, {1} with more room. Submit Queue sends them.',
            plural(report.retried, 'task'),
            report.moreRoom,
          )
        : vscode.l10n.t(
            'Claude Batch: {0} back in the queue. Submit Queue sends them.',
            plural(report.retried, 'task'),
          )) + (atLimit ? ` ${vscode.l10n.t("Already at the model's max_tokens limit: {0}.", atLimit)}` : ''),
    );
  } else if (atLimit) {
    void notify(
      'warning',
      vscode.l10n.t(
        "Claude Batch: {0} already had the model's largest max_tokens; select a smaller region or lower claudeBatch.effort and queue it again.",
        atLimit,
      ),
    );
  }
}

async function retrying(ctx: CommandContext, run: () => Promise<RetryReport>): Promise<RetryReport | undefined> {
  try {
    const report = await run();
    announce(report);
    return report;
  } catch (error) {
    if (isClaudeBatchError(error, 'modelRefused')) showModelRefusal(ctx, error as ModelRefused);
    else showError(ctx, vscode.l10n.t('retry failed; nothing was queued'), error);
    return undefined;
  }
}

export async function retryFailed(ctx: CommandContext, arg?: unknown): Promise<number> {
  const withFailures = ctx.service.registry.list().filter((b) => ctx.service.store.tasksOf(b.id).some(isRetryable));
  const id = batchIdFromArg(arg);
  const record = id
    ? withFailures.find((b) => b.id === id)
    : await pickBatch(withFailures, vscode.l10n.t('Retry the failed tasks of which batch?'));
  if (!record) return 0;
  const report = await retrying(ctx, () => ctx.service.retryFailed(record.id, ctx.settings()));
  return report?.retried ?? 0;
}

/** The cut-off tasks clicked or selected in the tree, named by id, or all of a batch's (`{ batchId }`). */
export async function retryWithMoreRoom(ctx: CommandContext, ...args: unknown[]): Promise<number> {
  const batchId = batchIdFromArg(args[0]);
  const ids =
    batchId && !taskIdsFromArgs(args).length
      ? ctx.service.store
          .tasksOf(batchId)
          .filter((t) => taskState(t) === 'cutOff')
          .map((t) => t.id)
      : taskIdsFromArgs(args);
  if (ids.length === 0 && args.length === 0) {
    const task = await pickTask(ctx.service, ['cutOff'], vscode.l10n.t('Retry which cut-off answer with more room?'));
    if (task) ids.push(task.id);
  }
  if (ids.length === 0) return 0;
  const report = await retrying(ctx, () => ctx.service.retryWithMoreRoom(ids, ctx.settings()));
  return report?.retried ?? 0;
}
