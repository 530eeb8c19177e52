// What the sidebar shows, as plain data (no vscode types), so labels, states and actions are decided in one
// place and can be read by tests through the extension's API.
import { basename } from 'node:path';
import { formatUsd, priceFor, promptTokens, type ModelPrice } from '../../core/cost/prices';
import { describeRange } from '../../core/requests/requestBuilder';
import { batchCost, taskCost, thinkingOf, usageOf } from '../../core/cost/costReport';
import { STOP_EXPLANATIONS } from '../../core/results/resultParser';
import { taskState, type BatchRecord, type Task, type TaskState } from '../../core/model/records';
import type { GroupScope } from './treeGroups';
import { nodeId } from './treeIds';
import type { PinnedFile } from '../../core/context/pinnedContext';

export type NodeKind = 'context' | 'pinned' | 'queue' | 'submission' | 'batch' | 'group' | 'task';

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

/** Files pinned as context for the next submission: shown above the queue while there are any. */
export function contextNode(pinned: readonly PinnedFile[]): NodeView {
  const tokens = pinned.reduce((sum, p) => sum + p.tokens, 0);
  return {
    id: nodeId.context,
    kind: 'context',
    label: 'Context',
    description: `${pinned.length} pinned · ${tokens.toLocaleString('en-US')} tokens`,
    tooltip:
      'Files pinned with Add to Batch Context: they go with every task of the next submission, after the project instructions. ' +
      'The submission that carries them releases them.',
    contextValue: 'context',
    icon: 'pinned',
    collapsible: true,
  };
}

export function pinnedNode(pinned: PinnedFile): NodeView {
  return {
    id: nodeId.pinned(pinned.fileUri),
    kind: 'pinned',
    label: basename(pinned.relPath),
    description: `${pinned.tokens.toLocaleString('en-US')} tokens`,
    tooltip: `${pinned.relPath}\n${pinned.tokens.toLocaleString('en-US')} tokens, as pinned ${new Date(pinned.pinnedAt).toLocaleString()} (later changes to the file are not sent)`,
    contextValue: 'pinned',
    icon: 'file',
    collapsible: false,
    fileUri: pinned.fileUri,
  };
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

export function taskNode(task: Task, model?: string, prices?: Record<string, ModelPrice>, hold?: TaskHold): NodeView {
  if (hold) {
    return {
      id: nodeId.task(task.id),
      kind: 'task',
      label: `${basename(task.relPath)} · ${task.range ? describeRange(task.range) : 'whole file'}`,
      description: `${task.label ? `#${task.label} ` : ''}${shorten(task.instruction)} — ${HOLDS[hold].words}`,
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
  const price = model ? priceFor(model, prices) : undefined;
  const actual = price ? taskCost(task, price) : undefined;
  const cost = actual ? ` · ${formatUsd(actual.batchUsd)}` : '';
  const detail = outcomeDetail(task) + usageDetail(task, actual);
  const tag = task.label ? `#${task.label} ` : '';
  const rejected = task.review?.rejected?.length ?? 0;
  const stateWords = rejected
    ? `${STATE_LABELS[state]}, ${rejected} edit${rejected === 1 ? '' : 's'} rejected`
    : STATE_LABELS[state];
  return {
    id: nodeId.task(task.id),
    kind: 'task',
    label: `${basename(task.relPath)} · ${where}`,
    description: `${tag}${shorten(task.instruction)} — ${stateWords}${cost}`,
    tooltip: `${task.relPath} (${where})\n${task.instruction}${task.label ? `\nLabel: ${task.label}` : ''}\nState: ${stateWords}${detail}`,
    contextValue: `task.${state}`,
    icon,
    ...(iconColor ? { iconColor } : {}),
    collapsible: false,
    taskId: task.id,
    ...(task.batchId ? { batchId: task.batchId } : {}),
  };
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

/** A submission split into several batches (over the API's per-batch limits), shown as one row. */
export function submissionNode(parts: ReadonlyArray<{ record: BatchRecord; tasks: readonly Task[] }>): NodeView {
  const first = parts[0]!.record;
  const tasks = parts.flatMap((p) => p.tasks);
  const running = parts.filter((p) => p.record.status !== 'ended' && !p.record.missing).length;
  const ready = tasks.filter((t) => {
    const s = taskState(t);
    return s === 'ready' || s === 'answer';
  }).length;
  const words = [`${parts.length} batches`, `${tasks.length.toLocaleString()} tasks`];
  if (running) words.push(`${running} running`);
  if (ready) words.push(`${ready.toLocaleString()} ready`);
  return {
    id: nodeId.submission(first.part?.submissionId ?? first.id),
    kind: 'submission',
    label: first.name,
    description: words.join(' · '),
    tooltip:
      `One submission sent as ${parts.length} batches: the API takes at most 100,000 requests or 256 MB per batch.\n` +
      parts.map((p) => `Batch ${p.record.id}: ${p.record.status.replace('_', ' ')}`).join('\n'),
    contextValue: 'submission',
    icon: running ? 'sync~spin' : 'pass',
    collapsible: true,
    ...(first.part ? { submissionId: first.part.submissionId } : {}),
  };
}

/** A warm-up batch: what it primes, and what followed it. */
function warmupNode(record: BatchRecord): NodeView {
  const warmup = record.warmup!;
  const state = warmup.problem
    ? `the batch after it could not be sent: ${warmup.problem}`
    : warmup.followedBy
      ? 'cache warmed; tasks submitted'
      : record.status === 'ended'
        ? 'cache warmed; submitting the tasks'
        : `warming the cache for ${warmup.taskIds.length} task${warmup.taskIds.length === 1 ? '' : 's'}`;
  return {
    id: nodeId.batch(record.id),
    kind: 'batch',
    label: record.name,
    description: state,
    tooltip: [
      `Batch ${record.id}: a cache warm-up`,
      `It writes the context that “${warmup.name}” shares to the prompt cache, so that its requests read it (0.1× input or less) instead of each writing it (2×).`,
      `Status: ${record.status.replace('_', ' ')}`,
      `Created: ${new Date(record.createdAt).toLocaleString()}`,
    ].join('\n'),
    contextValue: `batch.warmup.${record.status === 'ended' ? 'ended' : 'running'}`,
    icon: warmup.problem ? 'warning' : record.status === 'ended' ? 'flame' : 'sync~spin',
    collapsible: false,
    batchId: record.id,
  };
}

export function batchNode(record: BatchRecord, tasks: readonly Task[], price?: ModelPrice): NodeView {
  if (record.warmup) return warmupNode(record);
  const states = tasks.map(taskState);
  const count = (s: TaskState): number => states.filter((x) => x === s).length;
  const ready = count('ready') + count('answer') + count('refused') + count('contextFull');
  const failed = count('errored') + count('expired') + count('canceled') + count('cutOff');
  const status = record.missing
    ? 'not found'
    : record.status === 'ended' && !record.resultsIngested
      ? 'downloading'
      : record.status.replace('_', ' ');
  const parts = [status];
  if (record.status === 'ended' && record.resultsIngested) {
    if (ready) parts.push(`${ready} ready`);
    if (count('applied')) parts.push(`${count('applied')} applied`);
    if (count('cutOff')) parts.push(`${count('cutOff')} cut off`);
    if (failed - count('cutOff')) parts.push(`${failed - count('cutOff')} failed`);
  } else {
    parts.push(`${tasks.length} task${tasks.length === 1 ? '' : 's'}`);
  }
  const cost = price && record.resultsIngested ? batchCost(record, tasks, record.model ?? '', price) : undefined;
  if (cost?.billed) parts.push(`${formatUsd(cost.batchUsd)} (saved ${formatUsd(cost.standardUsd - cost.batchUsd)})`);
  const flags = [
    record.status === 'ended' ? 'ended' : 'running',
    ready ? 'ready' : '',
    failed ? 'failed' : '',
    count('cutOff') ? 'cutOff' : '',
  ].filter(Boolean);
  const c = record.counts;
  return {
    id: nodeId.batch(record.id),
    kind: 'batch',
    label: record.part ? `${record.name} · part ${record.part.index} of ${record.part.of}` : record.name,
    description: parts.join(' · '),
    tooltip: [
      `Batch ${record.id}`,
      `Status: ${status}`,
      `Created: ${new Date(record.createdAt).toLocaleString()}`,
      `Expires: ${new Date(record.expiresAt).toLocaleString()}`,
      `Requests: ${c.processing} processing, ${c.succeeded} succeeded, ${c.errored} errored, ${c.canceled} canceled, ${c.expired} expired`,
      ...(record.model
        ? [
            `Model: ${record.model}${record.effort ? `, effort ${record.effort}` : ''}${record.maxTokens ? `, max_tokens ${record.maxTokens.toLocaleString()}` : ''}`,
          ]
        : []),
      ...(cost?.billed
        ? [
            `Cost: ${formatUsd(cost.batchUsd)} at batch price; ${formatUsd(cost.standardUsd)} through the synchronous API`,
            `Tokens: ${cost.usage.input.toLocaleString()} input, ${cost.usage.output.toLocaleString()} output ` +
              `(${cost.usage.thinking.toLocaleString()} of them thinking), ` +
              `${cost.usage.cacheRead.toLocaleString()} read from cache, ${cost.usage.cacheWrite.toLocaleString()} written to cache`,
          ]
        : []),
    ].join('\n'),
    contextValue: `batch.${flags.join('.')}`,
    icon: record.missing
      ? 'question'
      : record.status === 'ended'
        ? failed && !ready
          ? 'warning'
          : 'pass'
        : 'sync~spin',
    collapsible: true,
    batchId: record.id,
  };
}
