// The sidebar tree: Queue first, then the batches of this workspace (newest first; the batches of a split
// submission under one row; beyond the newest, under "Older batches") with their tasks, long lists grouped by
// folder and page. A change refreshes only the node it touches; rows of a collapsed folder are never built.
import * as vscode from 'vscode';
import type { BatchService } from '../../core/batchService';
import type { StateChange } from '../../core/events';
import type { Task } from '../../core/model/records';
import { matchesFilter } from '../../core/model/taskLabels';
import { describeWhen } from '../../core/submit/schedule';
import { groupNode, queueNode, taskNode, type NodeView } from './treeModel';
import { ThreadRows } from './threadRows';
import { contextNode, pinnedNode } from './contextNodes';
import { BatchRows } from './batchRows';
import { groupOf, taskChildren } from './treeGroups';
import { listId, nodeId } from './treeIds';
import type { Settings } from '../settings';

export interface TreeSnapshotNode extends NodeView {
  children?: TreeSnapshotNode[];
}

export class TaskTreeProvider implements vscode.TreeDataProvider<NodeView>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<NodeView | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private pendingRefresh: ReturnType<typeof setTimeout> | undefined;
  private dirty: { all: boolean; queue: boolean; batchIds: Set<string> } = {
    all: false,
    queue: false,
    batchIds: new Set(),
  };
  /** The node objects VS Code holds, by id: a refresh must name the very object it was given. */
  private readonly shown = new Map<string, NodeView>();

  /** Labels whose tasks are shown; empty shows every task. */
  private labelFilter: ReadonlySet<string> = new Set();
  private scheduledAt: Date | undefined;

  private readonly threadRows: ThreadRows;
  private readonly batches: BatchRows;

  constructor(
    private readonly service: BatchService,
    private readonly settings: () => Settings,
  ) {
    this.threadRows = new ThreadRows(service, settings);
    this.batches = new BatchRows(service, settings);
  }

  get filter(): readonly string[] {
    return [...this.labelFilter];
  }

  /** Shown on the Queue row while a "Submit at…" time is set. */
  setScheduled(at: Date | undefined): void {
    this.scheduledAt = at;
    this.refresh({ queue: true });
  }

  setFilter(labels: readonly string[]): void {
    this.labelFilter = new Set(labels);
    this.refresh({ all: true });
  }

  private visible(tasks: readonly Task[]): readonly Task[] {
    return this.labelFilter.size ? tasks.filter((t) => matchesFilter(t, this.labelFilter)) : tasks;
  }

  private queueRow(): NodeView {
    const pending = this.service.store.pending();
    return queueNode(pending.length, {
      ...(this.labelFilter.size ? { filter: { shown: this.visible(pending).length, labels: this.filter } } : {}),
      ...(this.scheduledAt ? { submitsAt: describeWhen(this.scheduledAt, new Date()) } : {}),
    });
  }

  /** Coalesces bursts of changes (a submit touches the queue and a batch) into one refresh of what changed. */
  refresh(change: StateChange = { all: true }): void {
    if (change.all) this.dirty.all = true;
    if (change.queue) this.dirty.queue = true;
    for (const id of change.batchIds ?? []) this.dirty.batchIds.add(id);
    if (this.pendingRefresh) return;
    this.pendingRefresh = setTimeout(() => {
      this.pendingRefresh = undefined;
      const targets = this.refreshTargets();
      this.dirty = { all: false, queue: false, batchIds: new Set() };
      if (targets === 'all') this.changed.fire(undefined);
      else for (const node of targets) this.changed.fire(node);
      for (const resolve of this.settledWaiters.splice(0)) resolve();
    }, 30);
  }

  private readonly settledWaiters: Array<() => void> = [];

  /** Resolves once the changes made so far are shown (at once when none is waiting). */
  settled(): Promise<void> {
    if (!this.pendingRefresh) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  /** The shown nodes to refresh, or 'all' when the top level itself changes (a row appears or goes). */
  private refreshTargets(): NodeView[] | 'all' {
    if (this.dirty.all) return 'all';
    // A follow-up's row shows in its own list and in the thread under another list's task: refresh both.
    const inThread = (tasks: readonly Task[]) => tasks.some((t) => t.followUp);
    if (this.dirty.queue && inThread(this.service.store.pending())) return 'all';
    if ([...this.dirty.batchIds].some((id) => inThread(this.service.store.tasksOf(id)))) return 'all';
    const targets: NodeView[] = [];
    if (this.dirty.queue) {
      const queue = this.shown.get('queue');
      if (!queue !== (this.service.store.pending().length === 0)) return 'all';
      if (queue) targets.push(queue);
    }
    for (const id of this.dirty.batchIds) {
      // Under "Older batches", the row and that row's counts both change: redraw the whole tree.
      if (this.batches.isOlder(id)) return 'all';
      const record = this.service.registry.get(id);
      const node = record?.part
        ? this.shown.get(nodeId.submission(record.part.submissionId))
        : this.shown.get(nodeId.batch(id));
      if (!node) return 'all';
      targets.push(node);
    }
    return targets;
  }

  getTreeItem(element: NodeView): vscode.TreeItem {
    // The element may be an older object with the same id: show it as it is now.
    const node = this.current(element) ?? element;
    const state = !node.collapsible
      ? vscode.TreeItemCollapsibleState.None
      : node.startCollapsed
        ? vscode.TreeItemCollapsibleState.Collapsed
        : vscode.TreeItemCollapsibleState.Expanded;
    const item = new vscode.TreeItem(node.label, state);
    item.id = node.id;
    item.description = node.description;
    item.contextValue = node.contextValue;
    item.iconPath = new vscode.ThemeIcon(node.icon, node.iconColor ? new vscode.ThemeColor(node.iconColor) : undefined);
    if (node.kind === 'pinned' && node.fileUri)
      item.command = { command: 'vscode.open', title: 'Open File', arguments: [vscode.Uri.parse(node.fileUri)] };
    if ((node.kind === 'task' || node.kind === 'followUp') && node.taskId) {
      item.command =
        node.contextValue === 'task.queued'
          ? { command: 'claudeBatch.revealTask', title: 'Show Task', arguments: [node] }
          : { command: 'claudeBatch.openResult', title: 'Open Result', arguments: [node] };
    }
    return item;
  }

  /** Tooltips are built when a row is hovered, not when the tree is painted (a batch row's dates cost time). */
  resolveTreeItem(item: vscode.TreeItem, element: NodeView): vscode.TreeItem {
    item.tooltip = (this.current(element) ?? element).tooltip;
    return item;
  }

  /** A queue, submission or batch row recomputed from the state now; tasks and groups are rebuilt by their parent. */
  private current(node: NodeView): NodeView | undefined {
    if (node.kind === 'queue') return this.queueRow();
    if (node.kind === 'context') {
      const pinned = this.service.pinned?.list() ?? [];
      return pinned.length ? contextNode(pinned) : undefined;
    }
    if (node.kind === 'batch' && node.batchId) {
      const record = this.service.registry.get(node.batchId);
      return record ? this.batches.row(record) : undefined;
    }
    if (node.kind === 'submission' && node.submissionId) return this.batches.submissionRow(node.submissionId);
    if (node.kind === 'older') return this.batches.olderRow();
    return undefined;
  }

  getChildren(node?: NodeView): NodeView[] {
    if (!node) this.shown.clear();
    const children = this.childrenOf(node);
    for (const child of children) this.shown.set(child.id, child);
    return children;
  }

  private childrenOf(node?: NodeView): NodeView[] {
    if (!node) {
      const pending = this.service.store.pending().length;
      const { recent, older } = this.batches.history();
      const pinned = this.service.pinned?.list() ?? [];
      if (pending === 0 && recent.length === 0 && pinned.length === 0) return []; // shows the viewsWelcome content
      const rows: NodeView[] = pinned.length ? [contextNode(pinned)] : [];
      if (pending > 0) rows.push(this.queueRow());
      rows.push(...this.batches.rows(recent));
      const olderRow = this.batches.olderRow(older);
      if (olderRow) rows.push(olderRow);
      return rows;
    }
    if (node.kind === 'older') return this.batches.rows(this.batches.history().older);
    if (node.kind === 'submission' && node.submissionId)
      return this.batches.partsOf(node.submissionId).map((r) => this.batches.row(r));
    if (node.kind === 'context') return (this.service.pinned?.list() ?? []).map(pinnedNode);
    if (node.kind === 'task' && node.taskId) return this.threadRows.under(node.taskId);
    if (node.kind !== 'queue' && node.kind !== 'batch' && node.kind !== 'group') return [];
    const { batchId } = node;
    const tasks = this.listTasks(batchId);
    // Worked out once per list, not per row: a batch opens to up to 500 rows.
    const { model, prices } = this.settings();
    const used = batchId !== undefined ? (this.service.registry.get(batchId)?.model ?? model) : undefined;
    const submittable = new Set(batchId === undefined ? this.service.submittable().map((t) => t.id) : []);
    const warmingUp = batchId === undefined ? this.service.submitter.warmingUp() : new Set<string>();
    const holdOf = (task: Task) =>
      submittable.has(task.id) ? undefined : warmingUp.has(task.id) ? ('warmingUp' as const) : ('submitting' as const);
    const threads = this.threadRows.threads();
    const rowOf = (task: Task): NodeView =>
      batchId === undefined
        ? taskNode(task, { hold: holdOf(task), followUps: threads.get(task.id)?.length ?? 0 })
        : taskNode(task, { model: used, prices, followUps: threads.get(task.id)?.length ?? 0 });
    return taskChildren(tasks, node.scope).map((child) =>
      child.type === 'group' ? groupNode(batchId, child.scope, child.label, child.tasks) : rowOf(child.task),
    );
  }

  /** A follow-up's row in the thread under the task it started from, to reveal it there. */
  threadRowOf(taskId: string): NodeView | undefined {
    return this.threadRows.rowOf(taskId);
  }

  getParent(node: NodeView): NodeView | undefined {
    const { batchId } = node;
    if (node.kind === 'followUp' && node.threadOf) return this.shown.get(nodeId.task(node.threadOf));
    const list = (): NodeView | undefined =>
      this.shown.get(listId(batchId)) ?? (batchId !== undefined ? this.batches.rowOf(batchId) : this.queueRow());
    if (node.kind === 'pinned') return this.shown.get(nodeId.context);
    if (node.kind === 'task' && node.taskId) {
      // A task in a long list sits in a folder or page: its place is worked out from the list, not searched for.
      const scope = groupOf(this.listTasks(batchId), node.taskId);
      return (scope && this.shown.get(nodeId.group(batchId, scope))) ?? list();
    }
    if (node.kind === 'group' && node.scope) {
      const { dir, page } = node.scope;
      if (dir !== undefined && page !== undefined) return this.shown.get(nodeId.group(batchId, { dir }));
      return list();
    }
    if (node.kind === 'batch' && batchId !== undefined) {
      const part = this.service.registry.get(batchId)?.part;
      if (part)
        return this.shown.get(nodeId.submission(part.submissionId)) ?? this.batches.submissionRow(part.submissionId);
      return this.batches.isOlder(batchId) ? (this.shown.get(nodeId.older) ?? this.batches.olderRow()) : undefined;
    }
    if (node.kind === 'submission' && node.submissionId) {
      const first = this.batches.partsOf(node.submissionId)[0];
      return first && this.batches.isOlder(first.id)
        ? (this.shown.get(nodeId.older) ?? this.batches.olderRow())
        : undefined;
    }
    return undefined;
  }

  /** The tasks of the queue (no batch) or of a batch, as the label filter lets them show. */
  private listTasks(batchId: string | undefined): readonly Task[] {
    return this.visible(batchId !== undefined ? this.service.store.tasksOf(batchId) : this.service.store.pending());
  }

  /** The whole tree as data, for the extension's API (tests, agents); groups included, opened or not. */
  snapshot(node?: NodeView): TreeSnapshotNode[] {
    return this.childrenOf(node).map((child) => {
      const children = child.collapsible ? this.snapshot(child) : undefined;
      return children ? { ...child, children } : { ...child };
    });
  }

  dispose(): void {
    if (this.pendingRefresh) clearTimeout(this.pendingRefresh);
    for (const resolve of this.settledWaiters.splice(0)) resolve();
    this.changed.dispose();
  }
}
