// Commands that review results: open, apply, discard, apply all.
import * as vscode from 'vscode';
import { notify } from '../ui/notify';
import { awaitsReview, taskState } from '../../core/model/records';
import { plural } from '../../core/model/words';
import type { ApplyOutcome } from '../review/reviewer';
import { batchIdFromArg, optionsIn, pickBatch, pickTask, taskFromArg, type CommandContext } from './context';
import { summariseEdit } from '../../core/review/editSummary';
import { verifyAfterApply, verifyAfterApplyAll } from './verifyCommands';
import { applyEach, type CommittedOutcome } from './applyWithCommits';

export async function openResult(
  ctx: CommandContext,
  arg?: unknown,
): Promise<'diff' | 'changes' | 'conflict' | 'answer' | undefined> {
  const task =
    taskFromArg(ctx.service, arg) ??
    (await pickTask(
      ctx.service,
      ['ready', 'answer', 'cutOff', 'refused', 'contextFull', 'errored', 'expired', 'canceled'],
      vscode.l10n.t('Which result?'),
    ));
  if (!task) return undefined;
  return ctx.reviewer.open(task);
}

export async function applyResult(
  ctx: CommandContext,
  arg?: unknown,
  ...rest: unknown[]
): Promise<CommittedOutcome | undefined> {
  const task =
    taskFromArg(ctx.service, arg) ?? (await pickTask(ctx.service, ['ready'], vscode.l10n.t('Apply which result?')));
  if (!task) return undefined;
  const [outcome] = (await applyEach(ctx, [task], (t) => ctx.reviewer.apply(t), optionsIn(rest))) ?? [];
  if (!outcome) return undefined;
  if (outcome.notCommitted) void notify('warning', vscode.l10n.t('Claude Batch: {0}', outcome.notCommitted));
  if (outcome.applied) {
    ctx.log.info(`applied ${task.id} to ${task.relPath}`);
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Applied to {0}', task.relPath), 3000);
    void verifyAfterApply(ctx, task.id);
  } else {
    const resolve = vscode.l10n.t('Resolve in Editor');
    void notify(
      'warning',
      vscode.l10n.t('Claude Batch: not applied to {0}: {1}', task.relPath, outcome.reason ?? ''),
      outcome.resolvable ? [resolve] : [],
    ).then((choice) => {
      if (choice === resolve) void resolveInEditor(ctx, task.id);
    });
  }
  return outcome;
}

/**
 * Apply Some Edits…: the result's edits as a checklist (all ticked); Apply writes the ticked ones and records the
 * rest as rejected. `{ edits: [0, 2] }` chooses without the list (agents, tests).
 */
export async function applySomeEdits(
  ctx: CommandContext,
  arg?: unknown,
  ...rest: unknown[]
): Promise<CommittedOutcome | undefined> {
  const task =
    taskFromArg(ctx.service, arg) ??
    (await pickTask(ctx.service, ['ready'], vscode.l10n.t('Apply edits of which result?')));
  if (!task || task.outcome?.type !== 'edits') return undefined;
  const edits = task.outcome.edits;
  let accepted = optionsIn(rest).edits;
  if (!accepted) {
    const picked = await vscode.window.showQuickPick(
      edits.map((edit, index) => ({
        label: summariseEdit(edit),
        description: vscode.l10n.t('edit {0} of {1}', index + 1, edits.length),
        detail: edit.path && edit.old_text === '' ? vscode.l10n.t('creates {0}', edit.path) : task.relPath,
        picked: true,
        index,
      })),
      {
        canPickMany: true,
        title: vscode.l10n.t('Apply which edits to {0}?', task.relPath),
        placeHolder: vscode.l10n.t('Untick the edits to leave out; they are recorded as rejected'),
      },
    );
    if (!picked) return undefined;
    accepted = picked.map((p) => p.index);
  }
  if (accepted.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Claude Batch: no edit chosen, nothing applied. Discard the result to put it away.'),
    );
    return undefined;
  }
  const chosen = new Set(accepted);
  const [outcome] = (await applyEach(ctx, [task], (t) => ctx.reviewer.apply(t, chosen), optionsIn(rest))) ?? [];
  if (!outcome) return undefined;
  if (outcome.notCommitted) void notify('warning', vscode.l10n.t('Claude Batch: {0}', outcome.notCommitted));
  if (outcome.applied) {
    ctx.log.info(`applied ${accepted.length} of ${edits.length} edits of ${task.id} to ${task.relPath}`);
    void verifyAfterApply(ctx, task.id);
  } else
    void notify('warning', vscode.l10n.t('Claude Batch: not applied to {0}: {1}', task.relPath, outcome.reason ?? ''));
  return outcome;
}

/** A conflicting result: the merge with markers written into the file, to resolve there. */
export async function resolveInEditor(ctx: CommandContext, arg?: unknown): Promise<ApplyOutcome | undefined> {
  const task =
    taskFromArg(ctx.service, arg) ?? (await pickTask(ctx.service, ['ready'], vscode.l10n.t('Resolve which result?')));
  if (!task) return undefined;
  const outcome = await ctx.reviewer.resolveInEditor(task);
  if (outcome.applied)
    ctx.log.info(
      `applied ${task.id} to ${task.relPath}${outcome.conflicts ? ` with ${outcome.conflicts} conflict(s) to resolve` : ''}`,
    );
  else
    void notify('warning', vscode.l10n.t('Claude Batch: not applied to {0}: {1}', task.relPath, outcome.reason ?? ''));
  return outcome;
}

export async function discardResult(ctx: CommandContext, arg?: unknown): Promise<boolean> {
  const task =
    taskFromArg(ctx.service, arg) ??
    (await pickTask(
      ctx.service,
      ['ready', 'answer', 'cutOff', 'refused', 'contextFull'],
      vscode.l10n.t('Discard which result?'),
    ));
  if (!task || !awaitsReview(task)) return false;
  await ctx.reviewer.discard(task);
  return true;
}

/** Applies every ready result of one batch and reports, per task, what applied and what did not. */
export async function applyAll(ctx: CommandContext, arg?: unknown, ...rest: unknown[]): Promise<CommittedOutcome[]> {
  const candidates = ctx.service.registry
    .list()
    .filter((b) => ctx.service.store.tasksOf(b.id).some((t) => taskState(t) === 'ready'));
  const id = batchIdFromArg(arg);
  const record = id
    ? candidates.find((b) => b.id === id)
    : await pickBatch(candidates, vscode.l10n.t('Apply the results of which batch?'));
  if (!record) {
    // E.g. a "finished" notification clicked after its results were already reviewed.
    if (id)
      void vscode.window.showInformationMessage(vscode.l10n.t('Claude Batch: nothing left to apply in that batch.'));
    return [];
  }
  const ready = ctx.service.store.tasksOf(record.id).filter((t) => taskState(t) === 'ready');
  const outcomes = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Claude Batch: applying {0}…', plural(ready.length, 'result')),
    },
    () => applyEach(ctx, ready, (task) => ctx.reviewer.apply(task), optionsIn(rest)),
  );
  if (!outcomes) return [];
  const applied = outcomes.filter((o) => o.applied);
  const failed = outcomes.filter((o) => !o.applied);
  void verifyAfterApplyAll(
    ctx,
    applied.map((o) => o.taskId),
  );
  for (const o of outcomes)
    ctx.log.info(`apply all: ${o.relPath}: ${o.applied ? 'applied' : `not applied (${o.reason})`}`);
  const committed = outcomes.filter((o) => o.commit);
  const branch = committed[0] && ctx.service.store.find(committed[0].taskId)?.review?.commit?.branch;
  const applies = vscode.l10n.t('applied {0} of {1}', applied.length, plural(outcomes.length, 'result'));
  const message = branch
    ? vscode.l10n.t('Claude Batch: {0}; {1} on {2}.', applies, plural(committed.length, 'commit'), branch)
    : vscode.l10n.t('Claude Batch: {0}.', applies);
  const problems = [
    ...failed.map((o) => `${o.relPath}: ${o.reason}`),
    ...outcomes.filter((o) => o.notCommitted).map((o) => `${o.relPath}: ${o.notCommitted}`),
  ];
  if (problems.length) {
    void notify('warning', message, [vscode.l10n.t('Show Details')], {
      modal: false,
      detail: problems.join('\n'),
    }).then((choice) => {
      if (choice) ctx.log.show(true);
    });
  } else {
    void vscode.window.showInformationMessage(message);
  }
  return outcomes;
}
