// Announces a finished batch with the actions a user wants next.
import * as vscode from 'vscode';
import type { BatchEnded } from './poller';

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
