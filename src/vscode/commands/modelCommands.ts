// The model setting as the Models API sees it: a picker of the models this key can batch with, and the
// message a submit refused for its model settings shows, with the way to fix it one click away.
import * as vscode from 'vscode';
import { notify } from '../ui/notify';
import { describeLimits, EFFORTS, supportsBatch, supportsEffort, type ModelInfo } from '../../core/models/modelInfo';
import type { ModelRefused } from '../../core/models/modelCheck';
import { showError, type CommandContext } from './context';

/** Says why a submit was refused and offers the fix: the model picker, or the setting to change. */
export function showModelRefusal(ctx: CommandContext, error: ModelRefused): void {
  const { field, message } = error.problem;
  ctx.log.error(`submit refused before anything was sent (${field}): ${message}`);
  const choose = vscode.l10n.t('Choose Model…');
  const open = vscode.l10n.t('Open Settings');
  const actions = field === 'claudeBatch.model' ? [choose, open] : [open];
  void notify(
    'error',
    vscode.l10n.t('Claude Batch: nothing was submitted; the tasks stay queued. {0}', message),
    actions,
  ).then((choice) => {
    if (choice === choose) void vscode.commands.executeCommand('claudeBatch.chooseModel');
    if (choice === open) void vscode.commands.executeCommand('workbench.action.openSettings', field);
  });
}

function effortsOf(info: ModelInfo): string {
  const levels = EFFORTS.filter((e) => supportsEffort(info, e));
  return levels.length ? vscode.l10n.t('effort {0}', levels.join('/')) : vscode.l10n.t('no effort levels');
}

/**
 * Lists the models this key can use in a batch, with their limits, and saves the one picked in claudeBatch.model
 * (where it is set now: the workspace's value if it has one, else the user's). `{ model }` picks without asking.
 */
export async function chooseModel(ctx: CommandContext, arg?: unknown): Promise<string | undefined> {
  let models: ModelInfo[];
  try {
    models = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Claude Batch: listing models…') },
      () => ctx.service.listModels(),
    );
  } catch (error) {
    showError(ctx, vscode.l10n.t('could not list the models'), error);
    return undefined;
  }
  const batchable = models.filter((m) => supportsBatch(m) && m.lifecycle !== 'retired');
  const current = ctx.settings().model;
  const given = typeof arg === 'object' && arg !== null ? (arg as { model?: unknown }).model : undefined;
  let chosen: string | undefined;
  if (typeof given === 'string') {
    chosen = batchable.find((m) => m.id === given)?.id;
    if (!chosen) {
      void notify(
        'error',
        vscode.l10n.t('Claude Batch: model {0} is not among the models this key can batch with.', given),
      );
      return undefined;
    }
  } else {
    const picked = await vscode.window.showQuickPick(
      batchable.map((m) => ({
        label: m.id,
        description: [m.display_name, describeLimits(m), effortsOf(m)].join(' · '),
        ...(m.lifecycle === 'deprecated'
          ? { detail: vscode.l10n.t('$(warning) Deprecated: choose a current model') }
          : {}),
        picked: m.id === current,
      })),
      {
        title: vscode.l10n.t('Model for new batches (now {0})', current),
        placeHolder: vscode.l10n.t('Type to filter'),
      },
    );
    chosen = picked?.label;
  }
  if (!chosen) return undefined;
  const config = vscode.workspace.getConfiguration('claudeBatch');
  const inWorkspace = config.inspect('model')?.workspaceValue !== undefined;
  await config.update(
    'model',
    chosen,
    inWorkspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global,
  );
  vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Claude Batch: new batches use {0}', chosen), 4000);
  return chosen;
}
