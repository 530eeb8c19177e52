// The sidebar tree: Queue first, then every batch of this workspace (newest first) with its tasks.
import * as vscode from 'vscode';
import { priceFor } from '../core/cost';
import type { BatchService } from '../core/batchService';
import { batchNode, queueNode, taskNode, type NodeView } from './treeModel';
import type { Settings } from './settings';

export interface TreeSnapshotNode extends NodeView {
  children?: TreeSnapshotNode[];
}

export class TaskTreeProvider implements vscode.TreeDataProvider<NodeView>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<NodeView | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private pendingRefresh: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly service: BatchService,
    private readonly settings: () => Settings,
  ) {}

  /** Coalesces bursts of changes (a submit touches the queue and a batch) into one refresh. */
  refresh(): void {
    if (this.pendingRefresh) return;
    this.pendingRefresh = setTimeout(() => {
      this.pendingRefresh = undefined;
      this.changed.fire(undefined);
    }, 30);
  }

  getTreeItem(node: NodeView): vscode.TreeItem {
    const item = new vscode.TreeItem(
      node.label,
      node.collapsible ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
    );
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.contextValue = node.contextValue;
    item.iconPath = new vscode.ThemeIcon(node.icon, node.iconColor ? new vscode.ThemeColor(node.iconColor) : undefined);
    if (node.kind === 'task' && node.taskId) {
      item.command = node.contextValue === 'task.queued'
        ? { command: 'claudeBatch.revealTask', title: 'Show Task', arguments: [node] }
        : { command: 'claudeBatch.openResult', title: 'Open Result', arguments: [node] };
    }
    return item;
  }

  getChildren(node?: NodeView): NodeView[] {
    const { model, prices } = this.settings();
    if (!node) {
      const pending = this.service.store.pending().length;
      const batches = this.service.registry.list();
      if (pending === 0 && batches.length === 0) return []; // shows the viewsWelcome content
      return [
        ...(pending > 0 ? [queueNode(pending)] : []),
        ...batches.map((b) => batchNode(b, this.service.store.tasksOf(b.id), priceFor(b.model ?? model, prices))),
      ];
    }
    if (node.kind === 'queue') {
      const submittable = new Set(this.service.submittable().map((t) => t.id));
      return this.service.store.pending().map((t) => taskNode(t, undefined, undefined, !submittable.has(t.id)));
    }
    if (node.kind === 'batch' && node.batchId) {
      const used = this.service.registry.get(node.batchId)?.model ?? model;
      return this.service.store.tasksOf(node.batchId).map((t) => taskNode(t, used, prices));
    }
    return [];
  }

  getParent(node: NodeView): NodeView | undefined {
    if (node.kind !== 'task') return undefined;
    if (!node.batchId) return queueNode(this.service.store.pending().length);
    const record = this.service.registry.get(node.batchId);
    const { model, prices } = this.settings();
    return record ? batchNode(record, this.service.store.tasksOf(record.id), priceFor(record.model ?? model, prices)) : undefined;
  }

  /** The whole tree as data, for the extension's API (tests, agents). */
  snapshot(node?: NodeView): TreeSnapshotNode[] {
    return this.getChildren(node).map((child) => {
      const children = child.collapsible ? this.snapshot(child) : undefined;
      return children ? { ...child, children } : { ...child };
    });
  }

  dispose(): void {
    if (this.pendingRefresh) clearTimeout(this.pendingRefresh);
    this.changed.dispose();
  }
}
