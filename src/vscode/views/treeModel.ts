// What the sidebar shows, as plain data (task, queue and group rows here; batch rows in batchNodes.ts, the
// Context rows in contextNodes.ts) (no vscode types), so labels, states and actions are decided in one
// place and can be read by tests through the extension's API.
import { basename } from 'node:path';
import { formatUsd, priceFor, promptTokens, type ModelPrice } from '../../core/cost/prices';
import { describeRange } from '../../core/requests/requestBuilder';
import { taskCost, thinkingOf, usageOf } from '../../core/cost/costReport';
import { STOP_EXPLANATIONS } from '../../core/results/resultParser';
import { taskState, type Task, type TaskState } from '../../core/model/records';
import type { GroupScope } from './treeGroups';
import { nodeId } from './treeIds';

export type NodeKind =
  'context' | 'pinned' | 'queue' | 'submission' | 'batch' | 'older' | 'group' | 'task' | 'followUp';

export interface NodeView {
  id: string;
  kind: NodeKind;
  label: string;
  description: string;
  tooltip: string;
  /** Drives inline actions through `viewItem` when clauses. */
  contextValue: string;
  icon: string;
  iconColor?: string;
  collapsible: boolean;
  /** Shown collapsed at first (a folder or page of a long list): its rows are built only when opened. */
  startCollapsed?: boolean;
  taskId?: string;
  /** The batch a task, group or batch row belongs to; none in the queue. */
  batchId?: string;
  /** A group's folder or page in its list. */
  scope?: GroupScope;
  submissionId?: string;
  /** A pinned file's URI (string form). */
  fileUri?: string;
  /** A follow-up row: the task whose thread it is in (the row it hangs under). */
  threadOf?: string;
}

const STATE_ICONS: Record<TaskState, [string, string?]> = {
  queued: ['circle-outline'],
  submitted: ['loading~spin'],
  ready: ['diff', 'charts.green'],
  answer: ['comment', 'charts.blue'],
  cutOff: ['fold-up', 'charts.orange'],
  refused: ['circle-slash', 'charts.orange'],
  contextFull: ['warning', 'charts.orange'],
  errored: ['error', 'errorForeground'],
  expired: ['watch', 'charts.orange'],
  canceled: ['circle-slash'],
  applied: ['check', 'charts.green'],
  discarded: ['close'],
  retried: ['debug-restart'],
};

const STATE_LABELS: Record<TaskState, string> = {
  queued: 'queued',
  submitted: 'waiting',
  ready: 'ready to review',
  answer: 'answer ready',
  cutOff: 'cut off at max_tokens',
  refused: 'declined by the model',
  contextFull: 'stopped: context window full',
  errored: 'errored',
  expired: 'expired',
  canceled: 'canceled',
  applied: 'applied',
  discarded: 'discarded',
  retried: 'retried',
};

function outcomeDetail(task: Task): string {
  const outcome = task.outcome;
  switch (outcome?.type) {
    case 'errored':
      return `\n\nError (${outcome.errorType}): ${outcome.message}`;
    case 'answer':
      return outcome.reason ? `\n\n${outcome.reason}` : '';
    case 'edits':
      return `\n\n${outcome.summary}`;
    case 'stopped':
      return `\n\n${STOP_EXPLANATIONS[outcome.stopReason]}`;
    default:
      return '';
  }
}

/** Tokens and cost of a task's result, thinking told apart: what the user pays for and why. */
function usageDetail(task: Task, cost: { batchUsd: number; standardUsd: number } | undefined): string {
  const usage = usageOf(task);
  if (!usage) return task.maxTokens ? `\nmax_tokens: ${task.maxTokens.toLocaleString('en-US')}` : '';
  const n = (x: number): string => x.toLocaleString('en-US');
  const thinking = thinkingOf(usage);
  const tokens = `\n\nTokens: ${n(promptTokens(usage))} input, ${n(usage.output_tokens)} output${thinking ? ` (${n(thinking)} of them thinking)` : ''}`;
  return cost ? `${tokens}\nCost: ${formatUsd(cost.batchUsd)} at batch price` : tokens;
}

function shorten(text: string, max = 60): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** `filter.shown` is how many tasks pass the label filter; `submitsAt` is a "Submit at…" time, when set. */
export function queueNode(
  count: number,
  { filter, submitsAt }: { filter?: { shown: number; labels: readonly string[] }; submitsAt?: string } = {},
): NodeView {
  const pending = filter
    ? `${filter.shown} of ${count} pending · label ${filter.labels.join(', ')}`
    : `${count} pending`;
  return {
    id: nodeId.queue,
    kind: 'queue',
    label: 'Queue',
    description: submitsAt ? `${pending} · submits ${submitsAt}` : pending,
    tooltip:
      'Tasks waiting to be submitted. Submit Queue sends them all as one Message Batch; Submit Selected sends the tasks selected.' +
      (filter ? `\nShowing only tasks labelled ${filter.labels.join(', ')} (Clear Label Filter shows all).` : ''),
    contextValue: count > 0 ? 'queue.nonEmpty' : 'queue.empty',
    icon: 'inbox',
    collapsible: true,
  };
}

/** Why a queued task cannot be submitted now. */
export type TaskHold = 'submitting' | 'warmingUp';

const HOLDS: Record<TaskHold, { words: string; tooltip: string; icon: string }> = {
  submitting: {
    words: 'submitting (checking with the API)',
    tooltip:
      'A submission of this task was interrupted. Claude Batch is asking the API whether its batch exists, so it is never sent twice.',
    icon: 'sync~spin',
  },
  warmingUp: {
    words: 'waiting for the cache warm-up',
    tooltip:
      'A small warm-up batch is writing the context this task shares with others to the prompt cache. The task is sent as soon as it ends, and reads that context from the cache.',
    icon: 'flame',
  },
};

/** What the review added: edits rejected, the commit the result went into (or that it did not). */
function reviewWords(task: Task): string[] {
  const review = task.review;
  const rejected = review?.rejected?.length ?? 0;
  return [
    ...(rejected ? [`${rejected} edit${rejected === 1 ? '' : 's'} rejected`] : []),
    ...(review?.commit ? [`committed ${review.commit.hash.slice(0, 7)} on ${review.commit.branch}`] : []),
    ...(review?.notCommitted ? ['not committed'] : []),
  ];
}

/** How a task's instruction reads in its row: a follow-up says it is one. */
function instructionWords(task: Task): string {
  return task.followUp ? `follow-up: ${shorten(task.instruction, 50)}` : shorten(task.instruction);
}

/** Where a task works, as its row's label. */
function taskLabel(task: Task): string {
  return `${basename(task.relPath)} · ${task.range ? describeRange(task.range) : 'whole file'}`;
}

export interface TaskRowOptions {
  model?: string | undefined;
  prices?: Record<string, ModelPrice> | undefined;
  hold?: TaskHold | undefined;
  /** How many follow-ups continue this task: its row opens to show them. */
  followUps?: number;
}

export function taskNode(task: Task, { model, prices, hold, followUps = 0 }: TaskRowOptions = {}): NodeView {
  const thread = followUps
    ? { collapsible: true, threadWords: ` · ${followUps} follow-up${followUps === 1 ? '' : 's'}` }
    : { collapsible: false, threadWords: '' };
  if (hold) {
    return {
      id: nodeId.task(task.id),
      kind: 'task',
      label: taskLabel(task),
      description: `${task.label ? `#${task.label} ` : ''}${instructionWords(task)} — ${HOLDS[hold].words}`,
      tooltip: HOLDS[hold].tooltip,
      contextValue: `task.${hold}`,
      icon: HOLDS[hold].icon,
      collapsible: false,
      taskId: task.id,
    };
  }
  const state = taskState(task);
  const [icon, iconColor] = STATE_ICONS[state];
  const where = task.range ? describeRange(task.range) : 'whole file';
  const followed =
    (task.followUp ? `\nFollows up task ${task.followUp.of}` : '') +
    (task.review?.notCommitted ? `\nNot committed: ${task.review.notCommitted.message}` : '');
  const price = model ? priceFor(model, prices) : undefined;
  const actual = price ? taskCost(task, price) : undefined;
  const cost = actual ? ` · ${formatUsd(actual.batchUsd)}` : '';
  const detail = outcomeDetail(task) + usageDetail(task, actual);
  const tag = task.label ? `#${task.label} ` : '';
  const stateWords = [STATE_LABELS[state], ...reviewWords(task)].join(', ');
  return {
    id: nodeId.task(task.id),
    kind: 'task',
    label: taskLabel(task),
    description: `${tag}${instructionWords(task)} — ${stateWords}${cost}${thread.threadWords}`,
    tooltip: `${task.relPath} (${where})\n${task.instruction}${task.label ? `\nLabel: ${task.label}` : ''}${followed}\nState: ${stateWords}${detail}`,
    contextValue: `task.${state}`,
    icon,
    ...(iconColor ? { iconColor } : {}),
    collapsible: thread.collapsible,
    taskId: task.id,
    ...(task.batchId ? { batchId: task.batchId } : {}),
  };
}

/** A follow-up in the thread under the task it started from: the same row as in its own list, told apart. */
export function followUpNode(task: Task, threadOf: string, options: TaskRowOptions = {}): NodeView {
  const row = taskNode(task, { ...options, followUps: 0 });
  return { ...row, id: nodeId.followUp(task.id), kind: 'followUp', label: `↪ ${row.label}`, threadOf };
}

/** A folder or page of the queue's tasks (no batch) or of a batch's. */
export function groupNode(
  batchId: string | undefined,
  scope: GroupScope,
  label: string,
  tasks: readonly Task[],
): NodeView {
  const ready = tasks.filter((t) => {
    const s = taskState(t);
    return s === 'ready' || s === 'answer';
  }).length;
  const count = `${tasks.length.toLocaleString()} task${tasks.length === 1 ? '' : 's'}`;
  return {
    id: nodeId.group(batchId, scope),
    kind: 'group',
    label,
    description: ready ? `${count} · ${ready.toLocaleString()} ready` : count,
    tooltip: scope.page === undefined ? `Tasks in ${label}` : `Tasks ${label}`,
    contextValue: 'group',
    icon: scope.page === undefined ? 'folder' : 'list-flat',
    collapsible: true,
    startCollapsed: true,
    scope,
    ...(batchId !== undefined ? { batchId } : {}),
  };
}
