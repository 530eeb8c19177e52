// Announces a finished batch with the actions a user wants next.
import * as vscode from 'vscode';
import type { BatchEnded, WarmedUp } from './poller';
import { notify } from '../ui/notify';

export async function announceEnded({ record, summary }: BatchEnded): Promise<void> {
  const parts = [
    summary.ready && vscode.l10n.t('{0} ready to apply', summary.ready),
    summary.answers && vscode.l10n.t('{0} answer(s)', summary.answers),
    summary.cutOff && vscode.l10n.t('{0} cut off at max_tokens', summary.cutOff),
    summary.stopped && vscode.l10n.t('{0} stopped by the model', summary.stopped),
    summary.errored && vscode.l10n.t('{0} errored', summary.errored),
    summary.expired && vscode.l10n.t('{0} expired', summary.expired),
    summary.canceled && vscode.l10n.t('{0} canceled', summary.canceled),
  ].filter(Boolean);
  const review = vscode.l10n.t('Review');
  const applyAll = vscode.l10n.t('Apply All');
  const moreRoom = vscode.l10n.t('Retry with More Room');
  const actions = [...(summary.ready ? [review, applyAll] : [review]), ...(summary.cutOff ? [moreRoom] : [])];
  const choice = await vscode.window.showInformationMessage(
    vscode.l10n.t('Claude Batch: “{0}” finished: {1}.', record.name, parts.join(', ') || vscode.l10n.t('no results')),
    ...actions,
  );
  if (choice === review) await vscode.commands.executeCommand('claudeBatch.tasks.focus');
  if (choice === applyAll) await vscode.commands.executeCommand('claudeBatch.applyAll', record.id);
  if (choice === moreRoom)
    await vscode.commands.executeCommand('claudeBatch.retryWithMoreRoom', { batchId: record.id });
}

/** A warm-up batch ended: its main batch went out (the results will be announced), or could not. */
export function announceWarmedUp({ record, followOn }: WarmedUp, log: (line: string) => void): void {
  const name = record.warmup?.name ?? record.name;
  if ('problem' in followOn) {
    log(`warm-up ${record.id} ended, but “${name}” could not be submitted: ${followOn.problem}`);
    void notify(
      'error',
      vscode.l10n.t(
        'Claude Batch: the cache is warm, but “{0}” could not be submitted: {1} Its tasks are back in the queue.',
        name,
        followOn.problem,
      ),
    );
    return;
  }
  log(
    `warm-up ${record.id} ended; submitted ${followOn.records.map((r) => r.id).join(', ') || 'nothing (no task left)'}`,
  );
  if (followOn.records.length)
    vscode.window.setStatusBarMessage(
      vscode.l10n.t('$(flame) Claude Batch: cache warmed; “{0}” submitted', name),
      5000,
    );
}
