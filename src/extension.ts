// Wires the extension together; decisions live in src/core and the adapters in src/vscode.
import * as vscode from 'vscode';
import { registerCommands } from './vscode/commands/register';
import { Poller } from './vscode/poller';
import { ANSWER_SCHEME, PROPOSED_SCHEME, ProposedContentProvider } from './vscode/proposedContent';
import { Reviewer } from './vscode/review';
import { readSettings, type Settings } from './vscode/settings';
import { createServices } from './vscode/services';
import { StatusBar } from './vscode/statusBar';
import { TaskTreeProvider } from './vscode/treeProvider';
import { announceEnded } from './vscode/notifications';
import { SubmissionRecovery } from './vscode/recovery';
import type { ClaudeBatchApi } from './vscode/api';

export function activate(context: vscode.ExtensionContext): ClaudeBatchApi {
  const log = vscode.window.createOutputChannel('Claude Batch', { log: true });
  let settings: Settings = readSettings().settings;
  const currentSettings = (): Settings => settings;
  const { service, apiKeys, storagePath } = createServices(context, currentSettings, log);
  const poller = new Poller(service, () => ({ initialSeconds: settings.pollInitialSeconds, maxSeconds: settings.pollMaxSeconds }), (l) => log.info(l));
  const tree = new TaskTreeProvider(service, currentSettings);
  const statusBar = new StatusBar();
  const proposed = new ProposedContentProvider(service);
  const recovery = new SubmissionRecovery(service, poller, log);
  const view = vscode.window.createTreeView('claudeBatch.tasks', { treeDataProvider: tree, showCollapseAll: true, canSelectMany: false });

  const update = (): void => {
    tree.refresh();
    statusBar.update(service.summary(), poller.problem);
    view.badge = service.summary().ready ? { value: service.summary().ready, tooltip: vscode.l10n.t('results ready to review') } : undefined;
  };

  context.subscriptions.push(
    log, poller, recovery, tree, statusBar, proposed, view,
    vscode.workspace.registerTextDocumentContentProvider(PROPOSED_SCHEME, proposed),
    vscode.workspace.registerTextDocumentContentProvider(ANSWER_SCHEME, proposed),
    ...registerCommands({ service, poller, recovery, reviewer: new Reviewer(service), apiKeys, settings: currentSettings, log }),
    service.store.onDidChange(update),
    service.registry.onDidChange(update),
    poller.onDidChangeProblem(update),
    poller.onDidEndBatch((ended) => void announceEnded(ended)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('claudeBatch')) settings = reportSettingProblems(log);
    }),
  );
  reportSettingProblems(log);

  // Load persisted state and resume polling of batches in flight; no API call happens until a batch is due.
  const ready = (async () => {
    const problems = [...(await service.store.load()), ...(await service.registry.check()).map((p) => ({ file: 'globalState', problem: p, movedTo: 'claudeBatch.batches.setAside' }))];
    for (const p of problems) {
      log.warn(`set aside ${p.file}: ${p.problem} (kept as ${p.movedTo})`);
      void vscode.window.showWarningMessage(vscode.l10n.t('Claude Batch: some saved state could not be read and was set aside ({0}: {1}).', p.file, p.problem));
    }
    poller.resume();
    recovery.schedule();
    update();
  })();

  return {
    ready,
    summary: () => service.summary(),
    statusText: () => statusBar.currentText,
    tree: () => tree.snapshot(),
    pendingTasks: () => service.store.pending(),
    batches: () => service.registry.list(),
    tasksOf: (id) => service.store.tasksOf(id),
    polling: () => poller.tracked(),
    storagePath,
  };
}

function reportSettingProblems(log: vscode.LogOutputChannel): Settings {
  const { settings, problems } = readSettings();
  for (const problem of problems) log.warn(`invalid setting, default used: ${problem}`);
  if (problems.length) void vscode.window.showWarningMessage(`Claude Batch: invalid setting, default used: ${problems.join('; ')}`);
  return settings;
}

export function deactivate(): void {
  // Everything is persisted as it happens; disposables are released through context.subscriptions.
}
