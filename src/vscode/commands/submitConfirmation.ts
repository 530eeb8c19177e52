// Before a submit leaves: the confirmation (model, cost, the context each request carries) and the privacy
// guard's stop when a key-shaped string is in what would be sent.
import * as vscode from 'vscode';
import { formatUsd } from '../../core/cost/prices';
import type { Estimate } from '../../core/cost/estimator';
import { plural } from '../../core/model/words';
import type { Task } from '../../core/model/records';
import { DryRunRejected, KeysFound } from '../../core/errors';
import type { ContextSummary } from '../../core/context/contextSummary';
import { KEY_WORDS } from '../../core/context/secrets';
import { notify } from '../ui/notify';
import { choosePriming, type CachePriming, type PrimingPlan } from '../../core/submit/priming';
import type { CommandContext } from './context';

function describeInput(estimate: Estimate): string {
  const tokens = estimate.inputTokens.toLocaleString();
  switch (estimate.input.kind) {
    case 'counted':
      return vscode.l10n.t('{0} input tokens (counted by the API)', tokens);
    case 'sampled':
      return vscode.l10n.t(
        '{0} input tokens (counted by the API for {1} of {2} requests, the rest scaled from them)',
        tokens,
        estimate.input.counted,
        estimate.input.of,
      );
    default:
      return vscode.l10n.t('about {0} input tokens (local estimate: {1})', tokens, estimate.input.why);
  }
}

function describeOutput(estimate: Estimate): string {
  const tokens = vscode.l10n.t(
    '{0} output tokens, {1} of them thinking',
    estimate.outputTokens.toLocaleString(),
    estimate.thinkingTokens.toLocaleString(),
  );
  const cache = estimate.cacheWriteTokens
    ? `; ${vscode.l10n.t('{0} input tokens priced as one-hour cache writes (2×), no cache reads assumed', estimate.cacheWriteTokens.toLocaleString())}`
    : '';
  return (
    (estimate.output.kind === 'history'
      ? vscode.l10n.t('about {0} (from {1} past results at this model and effort)', tokens, estimate.output.samples)
      : vscode.l10n.t('about {0} (a rule of thumb until there are past results)', tokens)) + cache
  );
}

/** Asks before sending, with the cost; false when the user declines or the dry run found a request the API refuses. */
/**
 * Asks before sending, with the cost and the context; undefined when the user declines or the dry run found a
 * request the API refuses. The answer says whether to prime the cache: the user may take or leave the warm-up.
 */
export async function confirmSubmit(
  ctx: CommandContext,
  tasks: readonly Task[],
  name: string,
): Promise<{ cachePriming: CachePriming } | undefined> {
  const settings = ctx.settings();
  // Throws ModelRefused before tokens are counted: the model is the first thing the API would refuse.
  const { warnings } = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Claude Batch: checking the model…') },
    () => ctx.service.checkModel(settings, tasks),
  );
  // The privacy guard before the cost: a key in what would be sent stops here (shown by the caller).
  const findings = await ctx.service.findKeys(tasks);
  if (findings.length) throw new KeysFound(findings);
  let estimate;
  try {
    estimate = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Claude Batch: counting tokens…') },
      () => ctx.service.estimate(tasks, settings, true),
    );
  } catch (error) {
    if (!(error instanceof DryRunRejected)) throw error;
    const task = ctx.service.store.find(error.customId);
    await vscode.window.showErrorMessage(
      vscode.l10n.t(
        'Claude Batch: the API refuses the request for {0}, so the batch would fail. Nothing was submitted.',
        task?.relPath ?? error.customId,
      ),
      { modal: true, detail: error.message },
    );
    return undefined;
  }
  const costLine = estimate.priced
    ? vscode.l10n.t(
        'Estimated cost: {0} at batch price, against {1} through the synchronous API.',
        formatUsd(estimate.batchUsd),
        formatUsd(estimate.standardUsd),
      ) + `\n${describeInput(estimate)}; ${describeOutput(estimate)}.`
    : vscode.l10n.t(
        'No price is known for model {0}; add it to claudeBatch.prices to see an estimate.',
        settings.model,
      );
  const submit = vscode.l10n.t('Submit');
  const primed = estimate.priced ? choosePriming(settings.cachePriming, estimate.priming) : false;
  const other =
    estimate.priced && estimate.priming.warmups > 0
      ? primed
        ? vscode.l10n.t('Submit without Warm-up')
        : vscode.l10n.t('Submit with Warm-up')
      : undefined;
  const left = ctx.service.submittable().length - tasks.length;
  const answer = await vscode.window.showInformationMessage(
    vscode.l10n.t('Submit {0} to the Message Batches API as “{1}”?', plural(tasks.length, 'task'), name),
    {
      modal: true,
      detail:
        `${costLine}\n\n${vscode.l10n.t(
          'Model: {0}, effort {1}, max_tokens {2}. Most batches finish within an hour; a batch not finished within 24 hours expires.',
          settings.model,
          settings.effort ?? vscode.l10n.t("the model's default"),
          settings.maxTokens.toLocaleString(),
        )}` +
        describeContext(ctx.service.contextOf(tasks), estimate.priced ? estimate : undefined) +
        (estimate.priced ? describePriming(estimate.priming, primed) : '') +
        warnings.map((w) => `\n⚠ ${w}`).join('') +
        (left > 0 ? `\n${vscode.l10n.t('{0} stay in the queue.', plural(left, 'other task'))}` : ''),
    },
    submit,
    ...(other ? [other] : []),
  );
  if (answer === submit) return { cachePriming: primed ? 'always' : 'never' };
  if (answer === other) return { cachePriming: primed ? 'never' : 'always' };
  return undefined;
}

/** The priming lines: the cost with and without a warm-up batch, and which the submit button does. */
export function describePriming(plan: PrimingPlan, primed: boolean): string {
  if (plan.warmups === 0) return '';
  const costs = vscode.l10n.t(
    'With a cache warm-up first ({0}, {1}): about {2} in all; without: about {3}.',
    plural(plan.warmups, 'request'),
    formatUsd(plan.warmupUsd),
    formatUsd(plan.withUsd),
    formatUsd(plan.withoutUsd),
  );
  const choice = primed
    ? vscode.l10n.t(
        'Submit sends the warm-up now and the tasks once it ends ({0} read the cached prefix).',
        plural(plan.readers, 'request'),
      )
    : vscode.l10n.t('Submit sends one batch now, without a warm-up.');
  return `\n\n${vscode.l10n.t('Prompt cache:')} ${costs} ${choice}`;
}

/** How many files to name in the confirmation before "and N more". */
const FILES_SHOWN = 8;

const ROLE_WORDS: Record<string, string> = {
  instructions: 'project instructions',
  pinned: 'pinned',
  related: 'imported',
  testSetup: 'test setup',
  testExample: 'example test',
};

/** The context lines of the confirmation: the files, their tokens, and their share of the input cost. */
export function describeContext(summary: ContextSummary, estimate: { inputTokens?: number } | undefined): string {
  if (!summary.files.length) return `\n\n${vscode.l10n.t('Context: none (each request carries its file only).')}`;
  const share =
    estimate?.inputTokens && estimate.inputTokens > 0
      ? vscode.l10n.t(
          ' — about {0}% of the input',
          Math.min(100, Math.round((100 * summary.tokens) / estimate.inputTokens)),
        )
      : '';
  const lines = summary.files
    .slice(0, FILES_SHOWN)
    .map(
      (f) =>
        `• ${f.relPath} (${ROLE_WORDS[f.role] ?? f.role}${f.cut ? ', cut' : ''}): ${f.tokens.toLocaleString()} tokens × ${plural(f.requests, 'request')}`,
    );
  const more = summary.files.length - FILES_SHOWN;
  if (more > 0) lines.push(vscode.l10n.t('… and {0} more (Show Request on a task shows its own)', more));
  return `\n\n${vscode.l10n.t('Context: {0} tokens in all{1}', summary.tokens.toLocaleString(), share)}\n${lines.join('\n')}`;
}

/**
 * The privacy guard stopped a submit: say where, and offer to open the file or — the user's explicit say — to
 * send it anyway. Does not wait for an answer, so the command that stopped ends at once.
 */
export function showKeysFound(ctx: CommandContext, error: KeysFound, sendAnyway: () => Promise<unknown>): void {
  for (const f of error.findings)
    ctx.log.warn(
      `privacy guard: ${f.relPath}, line ${f.line}: ${KEY_WORDS[f.kind]} (${plural(f.taskIds.length, 'task')})`,
    );
  const open = vscode.l10n.t('Open File');
  const send = vscode.l10n.t('Send Anyway');
  void notify(
    'error',
    vscode.l10n.t(
      'Claude Batch: {0} The Batches API keeps batch inputs for 29 days; remove the key, or send anyway.',
      error.message,
    ),
    [open, send],
  ).then(async (choice) => {
    const first = error.findings[0]!;
    if (choice === send) await sendAnyway();
    if (choice === open) {
      const task = ctx.service.store.find(first.taskIds[0]!);
      const folder = task ? vscode.Uri.parse(task.folderUri) : undefined;
      const relPath = first.relPath.replace(/^instruction of /, '');
      if (folder)
        await vscode.window.showTextDocument(vscode.Uri.joinPath(folder, relPath), {
          selection: new vscode.Range(first.line - 1, 0, first.line - 1, 0),
        });
    }
  });
}
