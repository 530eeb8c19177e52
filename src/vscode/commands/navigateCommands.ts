// Next / Previous Result: walks every result waiting for review, across batches, in the order the view lists
// them, starting from the result open in the active editor.
import * as vscode from 'vscode';
import { awaitsReview, type Task } from '../../core/model/records';
import { taskIdOf } from '../review/proposedContent';
import type { CommandContext } from './context';

/** Results waiting for review, newest batch first and in task order within a batch, as the tree lists them. */
export function reviewQueue(ctx: CommandContext): Task[] {
  return ctx.service.registry.list().flatMap((b) => ctx.service.store.tasksOf(b.id).filter(awaitsReview));
}

let lastOpened: string | undefined;

export async function openNeighbour(ctx: CommandContext, step: 1 | -1): Promise<string | undefined> {
  const queue = reviewQueue(ctx);
  if (queue.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Claude Batch: no results are waiting for review.'));
    return undefined;
  }
  const active = vscode.window.activeTextEditor?.document.uri;
  const current = (active && taskIdOf(active)) ?? lastOpened;
  const at = current ? queue.findIndex((t) => t.id === current) : -1;
  // From outside the list, Next starts at the first result and Previous at the last.
  const index = at === -1 ? (step === 1 ? 0 : queue.length - 1) : (at + step + queue.length) % queue.length;
  const task = queue[index]!;
  lastOpened = task.id;
  await ctx.reviewer.open(task);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Claude Batch: result {0} of {1}', index + 1, queue.length), 3000);
  return task.id;
}
