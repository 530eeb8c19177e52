// claude-batch submit | status | collect: the queue sent as a Message Batch, what is queued and running, and the
// results fetched when the batches end, with the editor's submit (journal, model check, privacy guard) and poll
// policy. A task submitted from VS Code is collected here, and the other way round.
import { taskState, type BatchRecord } from '../core/model/records';
import { intervalAfter } from '../core/poll/pollPolicy';
import { describeWhen, parseWhen } from '../core/submit/schedule';
import type { SubmitSettings } from '../core/serviceTypes';
import { formatUsd } from '../core/cost/prices';
import { CliError, EXIT } from './exitCodes';
import type { Output } from './output';
import { checkBatches, leaseFor } from './checkBatches';
import type { CliWorkspace } from './workspace';

/** How often a collect that follows another process re-reads the store. */
const FOLLOW_MS = 2000;

/** A batch as status and collect print it (and the MCP server answers it). */
export function batchView(ws: CliWorkspace, record: BatchRecord) {
  const tasks = ws.service.store.tasksOf(record.id);
  const states: Record<string, number> = {};
  for (const task of tasks) states[taskState(task)] = (states[taskState(task)] ?? 0) + 1;
  return {
    id: record.id,
    name: record.name,
    status: record.missing ? 'missing' : record.status,
    resultsIngested: record.resultsIngested,
    counts: record.counts,
    tasks: states,
    createdAt: record.createdAt,
  };
}

const describeStates = (states: Record<string, number>): string =>
  Object.entries(states)
    .map(([state, n]) => `${n} ${state}`)
    .join(', ');

export function statusCommand(ws: CliWorkspace, out: Output): number {
  const queued = ws.service.store.pending();
  const batches = ws.service.registry.list().map((r) => batchView(ws, r));
  const lines = [
    `workspace ${ws.folder}`,
    `queue: ${queued.length} task${queued.length === 1 ? '' : 's'}`,
    ...queued.map((t) => `  ${t.id}  ${t.relPath}  ${t.instruction.split('\n')[0]}`),
    ...batches.map(
      (b) =>
        `batch ${b.id} "${b.name}": ${b.status}${b.resultsIngested ? ', results in' : ''} (${describeStates(b.tasks)})`,
    ),
  ];
  out.result(
    {
      workspace: ws.folder,
      store: ws.root,
      queued: queued.map((t) => ({ id: t.id, relPath: t.relPath, instruction: t.instruction, label: t.label })),
      batches,
    },
    lines.join('\n'),
  );
  return EXIT.ok;
}

export async function submitCommand(
  ws: CliWorkspace,
  settings: SubmitSettings,
  { name, dryRun, at }: { name?: string | undefined; dryRun: boolean; at?: string | undefined },
  out: Output,
): Promise<number> {
  if (at !== undefined) await waitUntil(at, out);
  const tasks = ws.service.submittable();
  if (tasks.length === 0)
    throw new CliError(
      EXIT.badInput,
      'The queue is empty: nothing to submit.',
      'Queue tasks first (claude-batch queue).',
    );
  if (dryRun) {
    out.progress(`counting tokens for ${tasks.length} task(s)…`);
    const estimate = await ws.service.estimate(tasks, settings, true);
    const cost = estimate.priced
      ? `about ${formatUsd(estimate.batchUsd)} at batch price (${formatUsd(estimate.standardUsd)} synchronous)`
      : `an unknown amount (no price for ${settings.model})`;
    out.result(
      { dryRun: true, tasks: tasks.length, model: settings.model, estimate },
      `${tasks.length} task(s) would cost ${cost}; nothing was sent.`,
    );
    return EXIT.ok;
  }
  out.progress(`submitting ${tasks.length} task(s)…`);
  const records = await ws.service.submit(settings, name);
  out.result(
    { submitted: records.map((r) => ({ id: r.id, name: r.name, tasks: r.taskIds.length, warmup: !!r.warmup })) },
    records
      .map(
        (r) =>
          `submitted ${r.taskIds.length} task(s) as batch ${r.id} "${r.name}"${r.warmup ? ' (a cache warm-up first)' : ''}`,
      )
      .join('\n'),
  );
  return EXIT.ok;
}

/**
 * `--at`: waits in the foreground until the time ("22:00", "in 2h", "2026-11-24 02:00"), then submits what the
 * queue holds then. Ctrl+C before it sends anything. (Unattended: cron, or the editor's Submit Queue at….)
 */
async function waitUntil(when: string, out: Output): Promise<void> {
  const parsed = parseWhen(when, new Date());
  if ('problem' in parsed) throw new CliError(EXIT.usage, `--at ${when}: ${parsed.problem}`);
  out.note(`waiting until ${parsed.at.toLocaleString()} to submit (Ctrl+C sends nothing)`);
  for (let left = parsed.at.getTime() - Date.now(); left > 0; left = parsed.at.getTime() - Date.now()) {
    out.progress(`submitting ${describeWhen(parsed.at, new Date())}…`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(left, 1000)));
  }
}

/**
 * Polls the workspace's batches that are still running (or `batchId`), and downloads the results of those that
 * ended; with `watch`, until every one has, at the editor's poll intervals.
 */
export async function collectCommand(
  ws: CliWorkspace,
  {
    watch,
    batchId,
    maxSeconds,
    signal,
  }: { watch: boolean; batchId?: string | undefined; maxSeconds: number; signal: AbortSignal },
  out: Output,
): Promise<number> {
  if (batchId && !ws.service.registry.get(batchId))
    throw new CliError(EXIT.notFound, `No batch ${batchId} in this workspace.`, 'claude-batch status lists them.');
  const wanted = () =>
    ws.service.registry
      .inFlight()
      .filter((r) => !batchId || r.id === batchId)
      .map((r) => r.id);
  const lease = leaseFor(ws, maxSeconds);
  let following = false;
  try {
    for (let checks = 0; ; checks++) {
      const ids = wanted();
      if (ids.length === 0) break;
      out.progress(`checking ${ids.length} batch(es)…`);
      const check = await checkBatches(ws, lease, ids);
      if (!check.polled && !following)
        out.note('another process (a VS Code window, or another collect) is checking these batches; following it');
      following = !check.polled;
      if (check.polled)
        for (const [id, result] of check.results) {
          if ('error' in result) throw result.error;
          if (result.justEnded) out.note(`batch ${id} ended: results downloaded`);
        }
      if (!watch || wanted().length === 0 || signal.aborted) break;
      // Following costs no API call: the store is re-read often, so the results show as soon as they are in.
      const wait = following ? FOLLOW_MS : intervalAfter(checks, { initialSeconds: maxSeconds, maxSeconds });
      out.progress(`${wanted().length} batch(es) still running; next check in ${Math.round(wait / 1000)} s`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
      if (signal.aborted) break;
    }
  } finally {
    await lease.release().catch(() => undefined);
  }
  if (signal.aborted) throw new CliError(EXIT.interrupted, 'Stopped; nothing is lost: run collect again to go on.');
  const batches = ws.service.registry
    .list()
    .filter((r) => !batchId || r.id === batchId)
    .map((r) => batchView(ws, r));
  const running = batches.filter((b) => b.status !== 'ended' && b.status !== 'missing').length;
  out.result(
    { batches, running, ...(following ? { polledBy: 'another process' } : {}) },
    batches.map((b) => `batch ${b.id} "${b.name}": ${b.status} (${describeStates(b.tasks)})`).join('\n') ||
      'no batches',
  );
  return EXIT.ok;
}
