// The tree's batch rows: a batch with its counts and cost, a split submission as one row, a cache warm-up.
import { dateTimeText } from './dateText';
import { formatUsd, type ModelPrice } from '../../core/cost/prices';
import { batchCost } from '../../core/cost/costReport';
import { taskState, type BatchRecord, type Task, type TaskState } from '../../core/model/records';
import { nodeId } from './treeIds';
import type { NodeView } from './treeModel';

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
    // Built on hover (the tree resolves tooltips then): dates want the locale's formatter, slow to make.
    get tooltip() {
      return [
        `Batch ${record.id}: a cache warm-up`,
        `It writes the context that “${warmup.name}” shares to the prompt cache, so that its requests read it (0.1× input or less) instead of each writing it (2×).`,
        `Status: ${record.status.replace('_', ' ')}`,
        `Created: ${dateTimeText(record.createdAt)}`,
      ].join('\n');
    },
    contextValue: `batch.warmup.${record.status === 'ended' ? 'ended' : 'running'}`,
    icon: warmup.problem ? 'warning' : record.status === 'ended' ? 'flame' : 'sync~spin',
    collapsible: false,
    batchId: record.id,
  };
}

export function batchNode(record: BatchRecord, tasks: readonly Task[], price?: ModelPrice): NodeView {
  if (record.warmup) return warmupNode(record);
  const tally = new Map<TaskState, number>();
  for (const task of tasks) {
    const state = taskState(task);
    tally.set(state, (tally.get(state) ?? 0) + 1);
  }
  const count = (s: TaskState): number => tally.get(s) ?? 0;
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
    get tooltip() {
      return [
        `Batch ${record.id}`,
        `Status: ${status}`,
        `Created: ${dateTimeText(record.createdAt)}`,
        `Expires: ${dateTimeText(record.expiresAt)}`,
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
      ].join('\n');
    },
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
