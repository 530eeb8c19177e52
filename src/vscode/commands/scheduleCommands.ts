// "Submit at…" and its undo. Auto-submit at N tasks is a setting (claudeBatch.autoSubmit.queueSize).
import * as vscode from 'vscode';
import { plural } from '../../core/model/words';
import { describeWhen, parseWhen } from '../../core/submit/schedule';
import type { CommandContext } from './context';

/** Sets the time the queue is submitted by itself; `{ at }` (ISO or anything parseWhen reads) skips the prompt. */
export async function submitAt(ctx: CommandContext, ...args: unknown[]): Promise<string | undefined> {
  const given = args.find((a): a is { at: string } => typeof a === 'object' && a !== null && 'at' in a);
  const now = new Date();
  const typed =
    given?.at ??
    (await vscode.window.showInputBox({
      title: vscode.l10n.t('Submit the Queue at…'),
      prompt: vscode.l10n.t(
        'The queue as it is then is submitted without asking again, even after a reload. If VS Code is closed at that time, it is submitted when VS Code next opens.',
      ),
      placeHolder: vscode.l10n.t('22:00, in 2h, 1h30m, or 2026-11-24 02:00'),
      value: ctx.scheduler.scheduledAt ? describeWhen(ctx.scheduler.scheduledAt, now) : '',
      ignoreFocusOut: true,
      validateInput: (value) => {
        const parsed = parseWhen(value, new Date());
        return 'problem' in parsed ? parsed.problem : undefined;
      },
    }));
  if (typed === undefined) return undefined;
  const parsed = parseWhen(typed, now);
  const at = 'at' in parsed ? parsed.at : given && !Number.isNaN(Date.parse(given.at)) ? new Date(given.at) : undefined;
  if (!at) {
    void vscode.window.showErrorMessage(`Claude Batch: ${'problem' in parsed ? parsed.problem : typed}`);
    return undefined;
  }
  await ctx.scheduler.set(at);
  const queued = ctx.service.submittable().length;
  void vscode.window.showInformationMessage(
    vscode.l10n.t(
      'Claude Batch: the queue ({0} now) will be submitted at {1}.',
      plural(queued, 'task'),
      describeWhen(at, new Date()),
    ),
  );
  return at.toISOString();
}

export async function cancelSchedule(ctx: CommandContext): Promise<boolean> {
  const had = await ctx.scheduler.cancel();
  void vscode.window.showInformationMessage(
    had
      ? vscode.l10n.t('Claude Batch: the scheduled submission is canceled; the tasks stay queued.')
      : vscode.l10n.t('Claude Batch: no submission was scheduled.'),
  );
  return had;
}
