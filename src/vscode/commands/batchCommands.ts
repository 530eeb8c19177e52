// Commands that talk to the Batches API: submit, refresh, cancel, retry.
import * as vscode from 'vscode';
import { notify } from '../ui/notify';
import { defaultBatchName, plural } from '../../core/model/words';
import type { BatchRecord, Task } from '../../core/model/records';
import { certainlyNotCreated } from '../../core/api/batchClient';
import { isClaudeBatchError, KeysFound, PartialSubmitError } from '../../core/errors';
import { confirmSubmit, showKeysFound } from './submitConfirmation';
import type { ModelRefused } from '../../core/models/modelCheck';
import { showModelRefusal } from './modelCommands';
import {
  batchIdFromArg,
  optionsIn,
  pickBatch,
  showError,
  taskIdsFromArgs,
  type CommandContext,
  type CommandOptions,
} from './context';

/** The batch's name: given, or asked with a default (Enter keeps it); undefined when the user backs out. */
async function batchName(tasks: readonly Task[], options: CommandOptions): Promise<string | undefined> {
  const fallback = defaultBatchName(tasks, new Date());
  if (options.name?.trim()) return options.name.trim();
  if (options.skipConfirmation) return fallback;
  const typed = await vscode.window.showInputBox({
    title: vscode.l10n.t('Name this batch ({0})', plural(tasks.length, 'task')),
    prompt: vscode.l10n.t('The name shown in the Claude Batch view. Press Enter to keep it.'),
    value: fallback,
    ignoreFocusOut: true,
  });
  return typed === undefined ? undefined : typed.trim() || fallback;
}

/** Submit Queue: every submittable task. Returns the batches made (several parts when over the API's limits). */
export async function submitQueue(ctx: CommandContext, ...args: unknown[]): Promise<BatchRecord[] | undefined> {
  return submitTasks(ctx, undefined, optionsIn(args));
}

/** Submit Selected: only the queued tasks selected in the tree (or named by `taskIds`); the rest stay queued. */
export async function submitSelected(ctx: CommandContext, ...args: unknown[]): Promise<BatchRecord[] | undefined> {
  const options = optionsIn(args);
  const ids = options.taskIds ?? taskIdsFromArgs(args);
  if (ids.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Claude Batch: select queued tasks in the Claude Batch view first.'),
    );
    return undefined;
  }
  return submitTasks(ctx, ids, options);
}

async function submitTasks(
  ctx: CommandContext,
  taskIds: readonly string[] | undefined,
  options: CommandOptions,
): Promise<BatchRecord[] | undefined> {
  const wanted = taskIds ? new Set(taskIds) : undefined;
  const tasks = ctx.service.submittable().filter((t) => !wanted || wanted.has(t.id));
  if (tasks.length === 0) {
    void vscode.window.showInformationMessage(
      wanted
        ? vscode.l10n.t('Claude Batch: none of the selected tasks is waiting in the queue.')
        : vscode.l10n.t('Claude Batch: the queue is empty. Send a selection or files first.'),
    );
    return undefined;
  }
  if (!vscode.workspace.isTrusted) {
    void notify(
      'warning',
      vscode.l10n.t(
        'Claude Batch: this workspace is not trusted, so nothing is sent to the API. Trust the workspace to submit.',
      ),
    );
    return undefined;
  }
  try {
    const name = await batchName(tasks, options);
    if (name === undefined) return undefined;
    const confirmed = options.skipConfirmation ? {} : await confirmSubmit(ctx, tasks, name);
    if (!confirmed) return undefined;
    const settings = { ...ctx.settings(), ...confirmed, sendKeysAnyway: options.sendKeysAnyway === true };
    // Exactly the tasks confirmed: one queued while the dialog was open waits for the next submit.
    const records = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Claude Batch: submitting {0}…', plural(tasks.length, 'task')),
      },
      () =>
        ctx.service.submit(
          settings,
          name,
          tasks.map((t) => t.id),
        ),
    );
    tracked(ctx, records);
    const sent = records.reduce((sum, r) => sum + r.taskIds.length, 0);
    void vscode.window.showInformationMessage(
      records.length === 1
        ? vscode.l10n.t(
            'Claude Batch: submitted {0} as “{1}”. You will be told when the results are ready.',
            plural(sent, 'task'),
            records[0]!.name,
          )
        : vscode.l10n.t(
            'Claude Batch: submitted {0} as “{1}”, in {2} batches (the API takes at most 100,000 requests or 256 MB per batch). You will be told when the results are ready.',
            plural(sent, 'task'),
            records[0]!.name,
            records.length,
          ),
    );
    return records;
  } catch (error) {
    if (error instanceof PartialSubmitError) {
      tracked(ctx, error.submitted);
      showError(
        ctx,
        vscode.l10n.t(
          '{0} of this submission were sent; the other {1} were not',
          plural(error.submitted.length, 'batch', 'batches'),
          plural(error.notSubmitted, 'task'),
        ),
        error.cause,
      );
      if (!certainlyNotCreated(error.cause)) ctx.recovery.schedule(5000);
      return error.submitted;
    }
    if (error instanceof KeysFound) {
      showKeysFound(ctx, error, () => submitTasks(ctx, taskIds, { ...options, sendKeysAnyway: true }));
      return undefined;
    }
    if (isClaudeBatchError(error, 'modelRefused')) {
      showModelRefusal(ctx, error as ModelRefused);
      return undefined;
    }
    // Without a key nothing was sent at all.
    if (certainlyNotCreated(error) || isClaudeBatchError(error, 'noApiKey')) {
      showError(ctx, vscode.l10n.t('submit failed; the tasks stay queued'), error);
    } else {
      // The batch may exist: never resend blindly. Recovery asks the API and adopts it, or frees the tasks.
      ctx.recovery.schedule(5000);
      showError(
        ctx,
        vscode.l10n.t(
          'could not confirm the batch was created; Claude Batch will check with the API and will not send these tasks twice',
        ),
        error,
      );
    }
    return undefined;
  }
}

function tracked(ctx: CommandContext, records: readonly BatchRecord[]): void {
  for (const record of records) {
    ctx.log.info(
      `submitted batch ${record.id} (${record.taskIds.length} tasks${record.part ? `, part ${record.part.index} of ${record.part.of}` : ''})`,
    );
    ctx.poller.track(record.id);
  }
}

export async function refresh(ctx: CommandContext): Promise<void> {
  await vscode.window.withProgress(
    { location: { viewId: 'claudeBatch.tasks' }, title: vscode.l10n.t('Checking batches…') },
    () => ctx.poller.pollNow(),
  );
}

export async function cancelBatch(
  ctx: CommandContext,
  arg?: unknown,
  ...rest: unknown[]
): Promise<BatchRecord | undefined> {
  const running = ctx.service.registry.list().filter((b) => b.status === 'in_progress' && !b.missing);
  const id = batchIdFromArg(arg);
  const record = id
    ? running.find((b) => b.id === id)
    : await pickBatch(running, vscode.l10n.t('Which batch should be canceled?'));
  if (!record) return undefined;
  if (!optionsIn(rest).skipConfirmation) {
    const cancel = vscode.l10n.t('Cancel Batch');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('Cancel “{0}”?', record.name),
      {
        modal: true,
        detail: vscode.l10n.t(
          'Requests already running may still finish and are billed; the rest come back canceled and can be retried.',
        ),
      },
      cancel,
    );
    if (answer !== cancel) return undefined;
  }
  try {
    const updated = await ctx.service.cancel(record.id);
    ctx.log.info(`cancel requested for batch ${record.id}`);
    ctx.poller.resume();
    return updated;
  } catch (error) {
    showError(ctx, vscode.l10n.t('cancel failed'), error);
    return undefined;
  }
}
