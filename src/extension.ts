// The shell that VS Code activates: it registers every contributed command, the tree view and the virtual
// document schemes as trampolines, and loads the rest (src/vscode/main.ts → dist/main.js, with the core, the SDK
// and zod) right after activation or on first use. Activation itself evaluates only this file.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadBundle } from './launch/codeCache';
import type * as MainModule from './vscode/main';
import type { ClaudeBatchApi } from './vscode/api';
import type { NodeView } from './vscode/views/treeModel';

// Kept in step with src/vscode/proposedContent.ts (which is not loaded at activation).
const SCHEMES = ['claude-batch-proposed', 'claude-batch-answer'];

export function activate(context: vscode.ExtensionContext): ClaudeBatchApi {
  let main: MainModule.Main | undefined;
  let loading: Promise<MainModule.Main> | undefined;
  const treeChanged = new vscode.EventEmitter<NodeView | undefined>();
  const contentChanged = new vscode.EventEmitter<vscode.Uri>();

  const treeProvider: vscode.TreeDataProvider<NodeView> = {
    onDidChangeTreeData: treeChanged.event,
    getChildren: async (node) => (await load()).tree.getChildren(node),
    getTreeItem: (node) => main!.tree.getTreeItem(node),
    getParent: (node) => main?.tree.getParent(node),
  };
  const view = vscode.window.createTreeView('claudeBatch.tasks', {
    treeDataProvider: treeProvider,
    showCollapseAll: true,
    canSelectMany: true,
  });

  const load = (): Promise<MainModule.Main> => {
    loading ??= (async () => {
      // dist/main.js, next to this file, loaded at run time (esbuild must leave it out of this small shell so
      // that activation evaluates nothing more) with V8's code cache kept in global storage.
      const bundle = loadBundle(
        path.join(__dirname, 'main.js'),
        path.join(context.globalStorageUri.fsPath, 'code-cache'),
        module,
      );
      const loaded = await (bundle.exports as typeof MainModule).start({ context, view });
      // Written a moment after start, so that it holds what the start and the tree's first paint compiled.
      setTimeout(() => bundle.saveCache(), 1000).unref?.();
      context.subscriptions.push(
        loaded.tree.onDidChangeTreeData((node) => treeChanged.fire(node)),
        loaded.content.onDidChange((uri) => contentChanged.fire(uri)),
      );
      main = loaded;
      return loaded;
    })();
    return loading;
  };

  const commands = (context.extension.packageJSON as { contributes: { commands: Array<{ command: string }> } })
    .contributes.commands;
  context.subscriptions.push(
    view,
    treeChanged,
    contentChanged,
    ...commands.map(({ command }) =>
      vscode.commands.registerCommand(command, async (...args: unknown[]) =>
        (await load()).commands[command]?.(...args),
      ),
    ),
    ...SCHEMES.map((scheme) =>
      vscode.workspace.registerTextDocumentContentProvider(scheme, {
        onDidChange: contentChanged.event,
        provideTextDocumentContent: async (uri, token) => (await load()).content.provideTextDocumentContent(uri, token),
      }),
    ),
  );

  // Not awaited: activation returns at once; polling resumes as soon as the rest is loaded.
  const ready = new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => load()).then(() => undefined);
  ready.catch(
    (error: unknown) =>
      void vscode.window.showErrorMessage(`Claude Batch failed to start: ${(error as Error).message}`),
  );

  const api = (): MainModule.Main['api'] => {
    if (!main) throw new Error('Claude Batch is still starting: await api.ready first.');
    return main.api;
  };
  return {
    ready,
    summary: () => api().summary(),
    statusText: () => api().statusText(),
    tree: () => api().tree(),
    pendingTasks: () => api().pendingTasks(),
    batches: () => api().batches(),
    tasksOf: (id) => api().tasksOf(id),
    notices: () => api().notices(),
    polling: () => api().polling(),
    storagePath: () => api().storagePath(),
    decorationFor: (uri) => api().decorationFor(uri),
    conflictMarks: (uri) => api().conflictMarks(uri),
    scheduledAt: () => api().scheduledAt(),
    contextOf: (taskIds) => api().contextOf(taskIds),
    pinned: () => api().pinned(),
  };
}

export function deactivate(): void {
  // Everything is persisted as it happens; disposables are released through context.subscriptions.
}
