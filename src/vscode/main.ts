// Everything but the shell: loaded by src/extension.ts right after activation (or on first use), so that
// activation evaluates only a few kilobytes and the SDK and zod are not in it.
import * as vscode from 'vscode';
import { notify, recentNotices } from './ui/notify';
import { commandTable, type CommandTable } from './commands/register';
import { Poller } from './background/poller';
import { ProposedContentProvider } from './review/proposedContent';
import { MergeDecorations } from './review/mergeDecorations';
import { Verifier } from './review/verifier';
import { Reviewer } from './review/reviewer';
import { formatProblem } from '../core/errors';
import { GLOBAL_KEYS } from '../core/store/storageLayout';
import { readSettings, type Settings } from './settings';
import { createServices, openStore } from './services';
import { StatusBar } from './views/statusBar';
import { TaskTreeProvider } from './views/treeProvider';
import { announceEnded, announceWarmedUp } from './background/announceEnded';
import { SubmissionRecovery } from './background/recovery';
import { LabelFilter } from './views/labelFilter';
import { Scheduler } from './background/scheduler';
import { registerLanguageModelTools } from './chat/lmTools';
import { ReadyResultDecorations } from './views/decorations';
import type { ClaudeBatchApi } from './api';
import type { NodeView } from './views/treeModel';
import type { StateChange } from '../core/events';
import { PollLease } from '../core/poll/pollLease';
import { renderCostReport } from '../core/cost/costReport';
import { PRICES_AS_OF } from '../core/cost/prices';

/** What the shell created at activation and hands over. */
export interface Shell {
  context: vscode.ExtensionContext;
  view: vscode.TreeView<NodeView>;
}

export interface Main {
  commands: CommandTable;
  tree: TaskTreeProvider;
  content: ProposedContentProvider;
  api: Omit<ClaudeBatchApi, 'ready'>;
}

export async function start({ context, view }: Shell): Promise<Main> {
  const log = vscode.window.createOutputChannel('Claude Batch', { log: true });
  let settings: Settings = reportSettingProblems(log);
  const currentSettings = (): Settings => settings;
  const { service, apiKeys, files } = createServices(context, await openStore(context, log), currentSettings, log);
  // Windows on one workspace share its storage: one polls (the lease holder), all follow the files.
  const lease = new PollLease(files.pollLease, () => settings.pollMaxSeconds * 2000 + 30_000);
  const poller = new Poller(
    service,
    () => ({ initialSeconds: settings.pollInitialSeconds, maxSeconds: settings.pollMaxSeconds }),
    (l) => log.info(l),
    Date.now,
    lease,
    (work) =>
      Promise.resolve(
        vscode.window.withProgress(
          {
            location: vscode.ProgressLocation.Window,
            title: vscode.l10n.t('Claude Batch: checking batches and downloading results'),
          },
          work,
        ),
      ),
  );
  const tree = new TaskTreeProvider(service, currentSettings);
  const statusBar = new StatusBar();
  const content = new ProposedContentProvider(
    service,
    () => renderCostReport(service.costReport(settings), PRICES_AS_OF),
    async (task) => {
      const request = await service.requestOf(task.id, settings);
      return request ? JSON.stringify(request, null, 2) : `No request can be built for ${task.relPath} any more.`;
    },
  );
  const recovery = new SubmissionRecovery(service, poller, log);
  const scheduler = new Scheduler(files, service, () => settings.autoSubmitQueueSize, log);

  const decorations = new ReadyResultDecorations(service);
  let hadReadyResults: boolean | undefined;
  const update = (change?: StateChange): void => {
    tree.refresh(change);
    if (change?.all || change?.batchIds?.length || !change) decorations.update();
    const summary = service.summary();
    if (hadReadyResults !== summary.ready > 0) {
      hadReadyResults = summary.ready > 0;
      void vscode.commands.executeCommand('setContext', 'claudeBatch.hasReadyResults', hadReadyResults);
    }
    statusBar.update(summary, poller.problem, scheduler.scheduledAt);
    view.badge = summary.ready
      ? { value: summary.ready, tooltip: vscode.l10n.t('results ready to review') }
      : undefined;
    // An empty message hides it (the API types `message` as an optional string, so not undefined).
    view.message = vscode.workspace.isTrusted
      ? ''
      : vscode.l10n.t(
          'Restricted Mode: tasks can be queued and results reviewed, but nothing is sent to the API until you trust this workspace.',
        );
  };

  const mergeMarks = new MergeDecorations(service, content.onDidChange);
  context.subscriptions.push(
    log,
    mergeMarks,
    poller,
    recovery,
    tree,
    statusBar,
    content,
    scheduler,
    decorations,
    vscode.window.registerFileDecorationProvider(decorations),
    scheduler.onDidChange(() => {
      tree.setScheduled(scheduler.scheduledAt);
      void vscode.commands.executeCommand('setContext', 'claudeBatch.scheduled', !!scheduler.scheduledAt);
      update({});
    }),
    service.store.onDidChange((change) => {
      if (change.queue || change.all) void scheduler.checkThreshold();
    }),
    service.store.onDidChange(update),
    service.store.watch(),
    // Another window's submit or download shows up as files here: follow it.
    service.store.onDidChange(() => poller.resume()),
    service.registry.onDidChange(update),
    ...(service.pinned ? [service.pinned.onDidChange(() => tree.refresh({ all: true }))] : []),
    // The problem shows in the status bar; the tree has nothing to redraw.
    poller.onDidChangeProblem(() => update({})),
    poller.onDidChangeProblem((problem) => {
      // Waiting cannot fix a refused key: say so once, with the way out.
      if (problem?.kind !== 'auth') return;
      const setKey = vscode.l10n.t('Set API Key');
      void notify('error', vscode.l10n.t('Claude Batch: cannot check batches in flight: {0}', problem.message), [
        setKey,
      ]).then((choice) => {
        if (choice === setKey) void vscode.commands.executeCommand('claudeBatch.setApiKey');
      });
    }),
    poller.onDidEndBatch((ended) => void announceEnded(ended)),
    poller.onDidWarmUp((warmed) => announceWarmedUp(warmed, (line) => log.info(line))),
    vscode.workspace.onDidGrantWorkspaceTrust(() => update()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('claudeBatch')) return;
      settings = reportSettingProblems(log);
      // A lower threshold may already be reached.
      if (e.affectsConfiguration('claudeBatch.autoSubmit.queueSize')) void scheduler.checkThreshold();
    }),
  );

  // Persisted state first; then polling resumes for batches in flight (no API call until one is due).
  const problems = [
    ...(await service.store.load()),
    ...[await service.pinned?.load()].flatMap((setAside) => (setAside ? [{ file: 'pinned.json', ...setAside }] : [])),
    ...(await service.registry.validate()).map((problem) => ({
      file: 'globalState',
      problem,
      movedTo: GLOBAL_KEYS.batchesSetAside,
    })),
  ];
  for (const p of problems) {
    log.warn(`set aside ${p.file}: ${p.problem} (kept as ${p.movedTo})`);
    void notify(
      'warning',
      vscode.l10n.t(
        'Claude Batch: some saved state could not be read and was set aside ({0}: {1}).',
        p.file,
        p.problem,
      ),
    );
  }
  poller.resume();
  recovery.schedule();
  update();
  await scheduler.restore();
  void scheduler.checkThreshold();

  const labelFilter = new LabelFilter(context.workspaceState, tree, log);
  await labelFilter.restore();

  const commandContext = {
    service,
    poller,
    recovery,
    reviewer: new Reviewer(service),
    verifier: new Verifier(currentSettings),
    apiKeys,
    settings: currentSettings,
    log,
    tree,
    setLabelFilter: (labels: readonly string[]) => labelFilter.set(labels),
    showInThread: async (taskId: string) => {
      await tree.settled();
      const row = tree.threadRowOf(taskId);
      if (row && view.visible) await Promise.resolve(view.reveal(row, { expand: true })).catch(() => undefined);
    },
    scheduler,
  };
  context.subscriptions.push(...registerLanguageModelTools(commandContext));

  return {
    commands: commandTable(commandContext),
    tree,
    content,
    api: {
      summary: () => service.summary(),
      statusText: () => statusBar.currentText,
      tree: () => tree.snapshot(),
      pendingTasks: () => service.store.pending(),
      batches: () => service.registry.list(),
      tasksOf: (id) => service.store.tasksOf(id),
      notices: () => recentNotices(),
      polling: () => poller.tracked(),
      storagePath: () => files.root,
      decorationFor: (uri) => decorations.describe(uri),
      conflictMarks: (uri) => mergeMarks.marksOf(uri),
      scheduledAt: () => scheduler.scheduledAt?.toISOString(),
      contextOf: (taskIds) => {
        const wanted = taskIds ? new Set(taskIds) : undefined;
        return service.contextOf(service.submittable().filter((t) => !wanted || wanted.has(t.id)));
      },
      pinned: () => service.pinned?.list() ?? [],
    },
  };
}

function reportSettingProblems(log: vscode.LogOutputChannel): Settings {
  const { settings, problems } = readSettings();
  const words = problems.map(formatProblem);
  for (const problem of words) log.warn(`invalid setting, default used: ${problem}`);
  if (words.length) void notify('warning', `Claude Batch: invalid setting, default used: ${words.join('; ')}`);
  return settings;
}
