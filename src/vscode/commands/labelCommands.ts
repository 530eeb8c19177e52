// Labels on queued tasks, and the tree's label filter.
import * as vscode from 'vscode';
import { plural } from '../../core/model/words';
import { labelProblem, labelsIn } from '../../core/model/taskLabels';
import type { Task } from '../../core/model/records';
import { allTasks, optionsIn, taskIdsFromArgs, type CommandContext } from './context';

/** Asks for a label: one in use, or a new one typed; an empty answer removes the label. */
async function askLabel(ctx: CommandContext, current: string | undefined): Promise<string | undefined> {
  const inUse = labelsIn(allTasks(ctx.service));
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick();
    pick.title = vscode.l10n.t('Set Label');
    pick.placeholder = vscode.l10n.t('Pick a label or type a new one; leave empty to remove the label');
    pick.value = current ?? '';
    const existing: vscode.QuickPickItem[] = inUse.map(({ label, count }) => ({
      label,
      description: plural(count, 'task'),
    }));
    const refresh = (): void => {
      const typed = pick.value.trim();
      const problem = typed ? labelProblem(typed) : undefined;
      const typedItem: vscode.QuickPickItem[] =
        !typed || inUse.some((l) => l.label === typed)
          ? []
          : problem
            ? [{ label: `$(error) ${problem}`, alwaysShow: true }]
            : [{ label: typed, description: vscode.l10n.t('new label'), alwaysShow: true }];
      pick.items = [...typedItem, ...existing];
    };
    refresh();
    pick.onDidChangeValue(refresh);
    let settled = false;
    pick.onDidAccept(() => {
      const item = pick.selectedItems[0];
      const chosen = item && !item.label.startsWith('$(error)') ? item.label : pick.value.trim();
      if (chosen && labelProblem(chosen)) return;
      settled = true;
      pick.hide();
      resolve(chosen);
    });
    pick.onDidHide(() => {
      pick.dispose();
      if (!settled) resolve(undefined);
    });
    pick.show();
  });
}

/** Labels the selected queued tasks (or removes their label). Returns how many were changed. */
export async function setLabel(ctx: CommandContext, ...args: unknown[]): Promise<number> {
  const given = optionsIn(args).label;
  const ids = taskIdsFromArgs(args);
  const tasks = ids.map((id) => ctx.service.store.find(id)).filter((t): t is Task => !!t && !t.batchId);
  if (tasks.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Claude Batch: select queued tasks in the Claude Batch view to label them.'),
    );
    return 0;
  }
  const label = given !== undefined ? given.trim() : await askLabel(ctx, tasks[0]!.label);
  if (label === undefined) return 0;
  if (label && labelProblem(label)) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Claude Batch: label “{0}”: {1}.', label, labelProblem(label)!));
    return 0;
  }
  return ctx.service.store.updatePending(
    tasks.map((t) => t.id),
    ({ label: _old, ...task }) => (label ? { ...task, label } : task),
  );
}

/** Shows only the tasks carrying the chosen labels; choosing none shows every task again. */
export async function filterByLabel(ctx: CommandContext, ...args: unknown[]): Promise<readonly string[]> {
  const given = args.find((a): a is { labels: string[] } => typeof a === 'object' && a !== null && 'labels' in a);
  let labels = given?.labels;
  if (!labels) {
    const inUse = labelsIn(allTasks(ctx.service));
    if (inUse.length === 0) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Claude Batch: no task has a label yet. Start an instruction with #label, or use Set Label.'),
      );
      return ctx.tree.filter;
    }
    const active = new Set(ctx.tree.filter);
    const picked = await vscode.window.showQuickPick(
      inUse.map(({ label, count }) => ({ label, description: plural(count, 'task'), picked: active.has(label) })),
      {
        canPickMany: true,
        title: vscode.l10n.t('Filter by Label'),
        placeHolder: vscode.l10n.t('Show only tasks with these labels (none: show all)'),
      },
    );
    if (!picked) return ctx.tree.filter;
    labels = picked.map((p) => p.label);
  }
  await ctx.setLabelFilter(labels);
  return labels;
}

export async function clearLabelFilter(ctx: CommandContext): Promise<void> {
  await ctx.setLabelFilter([]);
}
