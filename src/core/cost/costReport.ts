// What batches actually cost, from each result's usage: per task, per batch and in total, against what the same
// work would have cost through the synchronous API. Rendered as Markdown (a table and a bar chart).
import { costOfUsage, formatUsd, type ModelPrice } from './prices';
import type { BatchRecord, Task, Usage } from '../model/records';
import { newestFirst } from '../model/order';

export interface UsageTotals {
  input: number;
  output: number;
  /** Of output, the tokens spent thinking. */
  thinking: number;
  cacheWrite: number;
  cacheRead: number;
}

export interface BatchCost {
  id: string;
  name: string;
  model: string;
  createdAt: string;
  tasks: number;
  /** Tasks with a billed result (errored, expired and canceled requests are not billed). */
  billed: number;
  usage: UsageTotals;
  batchUsd: number;
  standardUsd: number;
}

export interface CostReport {
  rows: BatchCost[];
  total: Omit<BatchCost, 'id' | 'name' | 'model' | 'createdAt'>;
  /** Models used by some batch that have no known price (their batches are left out of the sums). */
  unpriced: string[];
}

/** Requests are sent with 1-hour cache entries, so cache writes are priced at that TTL. */
const CACHE_TTL = '1h';

export function usageOf(task: Task): Usage | undefined {
  return task.outcome && 'usage' in task.outcome ? task.outcome.usage : undefined;
}

export function thinkingOf(usage: Usage): number {
  return usage.output_tokens_details?.thinking_tokens ?? 0;
}

export function taskCost(task: Task, price: ModelPrice): { batchUsd: number; standardUsd: number } | undefined {
  const usage = usageOf(task);
  if (!usage) return undefined;
  return {
    batchUsd: costOfUsage(usage, price, 'batch', CACHE_TTL),
    standardUsd: costOfUsage(usage, price, 'standard', CACHE_TTL),
  };
}

export function batchCost(record: BatchRecord, tasks: readonly Task[], model: string, price: ModelPrice): BatchCost {
  const usage: UsageTotals = { input: 0, output: 0, thinking: 0, cacheWrite: 0, cacheRead: 0 };
  let billed = 0;
  let batchUsd = 0;
  let standardUsd = 0;
  for (const task of tasks) {
    const u = usageOf(task);
    const cost = taskCost(task, price);
    if (!u || !cost) continue;
    billed++;
    usage.input += u.input_tokens;
    usage.output += u.output_tokens;
    usage.thinking += thinkingOf(u);
    usage.cacheWrite += u.cache_creation_input_tokens ?? 0;
    usage.cacheRead += u.cache_read_input_tokens ?? 0;
    batchUsd += cost.batchUsd;
    standardUsd += cost.standardUsd;
  }
  // A warm-up batch has no tasks, but its requests were billed.
  for (const u of record.warmup?.usage ?? []) {
    usage.input += u.input_tokens;
    usage.output += u.output_tokens;
    usage.thinking += thinkingOf(u);
    usage.cacheWrite += u.cache_creation_input_tokens ?? 0;
    usage.cacheRead += u.cache_read_input_tokens ?? 0;
    batchUsd += costOfUsage(u, price, 'batch', CACHE_TTL);
    standardUsd += costOfUsage(u, price, 'standard', CACHE_TTL);
  }
  return {
    id: record.id,
    name: record.name,
    model,
    createdAt: record.createdAt,
    tasks: tasks.length,
    billed,
    usage,
    batchUsd,
    standardUsd,
  };
}

export interface PastOutput {
  output: number;
  thinking: number;
}

/**
 * Output and thinking of the most recent results on `model` at `effort` (newest batches first), to expect as much
 * again. Batches from before 0.5 did not record an effort: they ran at the model's default, as `undefined` does.
 */
export function pastOutputs(
  batches: ReadonlyArray<{ record: BatchRecord; tasks: readonly Task[] }>,
  model: string,
  effort: string | undefined,
  limit = 200,
): PastOutput[] {
  const outputs: PastOutput[] = [];
  for (const { record, tasks } of batches) {
    if (record.model !== undefined && record.model !== model) continue;
    if (record.effort !== effort) continue;
    for (const task of tasks) {
      const usage = usageOf(task);
      if (usage) outputs.push({ output: usage.output_tokens, thinking: thinkingOf(usage) });
      if (outputs.length >= limit) return outputs;
    }
  }
  return outputs;
}

/** The report over every batch with recorded results, newest first. */
export function costReport(
  batches: ReadonlyArray<{ record: BatchRecord; tasks: readonly Task[] }>,
  priceOf: (model: string) => ModelPrice | undefined,
  defaultModel: string,
): CostReport {
  const rows: BatchCost[] = [];
  const unpriced = new Set<string>();
  for (const { record, tasks } of batches) {
    if (!record.resultsIngested) continue;
    const model = record.model ?? defaultModel;
    const price = priceOf(model);
    if (!price) {
      unpriced.add(model);
      continue;
    }
    rows.push(batchCost(record, tasks, model, price));
  }
  rows.sort(newestFirst);
  const total = rows.reduce(
    (sum, r) => ({
      tasks: sum.tasks + r.tasks,
      billed: sum.billed + r.billed,
      usage: {
        input: sum.usage.input + r.usage.input,
        output: sum.usage.output + r.usage.output,
        thinking: sum.usage.thinking + r.usage.thinking,
        cacheWrite: sum.usage.cacheWrite + r.usage.cacheWrite,
        cacheRead: sum.usage.cacheRead + r.usage.cacheRead,
      },
      batchUsd: sum.batchUsd + r.batchUsd,
      standardUsd: sum.standardUsd + r.standardUsd,
    }),
    {
      tasks: 0,
      billed: 0,
      usage: { input: 0, output: 0, thinking: 0, cacheWrite: 0, cacheRead: 0 },
      batchUsd: 0,
      standardUsd: 0,
    },
  );
  return { rows, total, unpriced: [...unpriced] };
}

const BAR_WIDTH = 30;

function bar(value: number, max: number, char: string): string {
  if (max <= 0 || value <= 0) return '';
  return char.repeat(Math.max(1, Math.round((value / max) * BAR_WIDTH)));
}

const tokens = (n: number): string => n.toLocaleString('en-US');

export function renderCostReport(report: CostReport, pricesAsOf: string): string {
  const { rows, total } = report;
  const saved = total.standardUsd - total.batchUsd;
  const lines = [
    '# Claude Batch: cost report',
    '',
    rows.length
      ? `**${formatUsd(total.batchUsd)}** spent on ${total.billed} result${total.billed === 1 ? '' : 's'} in ${rows.length} batch${rows.length === 1 ? '' : 'es'}; ` +
        `the same work through the synchronous API would have cost ${formatUsd(total.standardUsd)}: **${formatUsd(saved)} saved**.`
      : 'No batch has results yet.',
    '',
  ];
  if (rows.length) {
    lines.push(
      '| Batch | Model | Results | Input | Output | of which thinking | Cache write | Cache read | Batch cost | Synchronous | Saved |',
      '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
      ...rows.map(
        (r) =>
          `| ${r.name.replace(/\|/g, '\\|')} | ${r.model} | ${r.billed}/${r.tasks} | ${tokens(r.usage.input)} | ${tokens(r.usage.output)} | ${tokens(r.usage.thinking)} | ` +
          `${tokens(r.usage.cacheWrite)} | ${tokens(r.usage.cacheRead)} | ${formatUsd(r.batchUsd)} | ${formatUsd(r.standardUsd)} | ${formatUsd(r.standardUsd - r.batchUsd)} |`,
      ),
      `| **Total** | | ${total.billed}/${total.tasks} | ${tokens(total.usage.input)} | ${tokens(total.usage.output)} | ${tokens(total.usage.thinking)} | ` +
        `${tokens(total.usage.cacheWrite)} | ${tokens(total.usage.cacheRead)} | **${formatUsd(total.batchUsd)}** | ${formatUsd(total.standardUsd)} | **${formatUsd(saved)}** |`,
      '',
      '## Batch cost against synchronous cost',
      '',
      '```text',
    );
    const max = Math.max(...rows.map((r) => r.standardUsd));
    const width = Math.min(32, Math.max(...rows.map((r) => r.name.length)));
    for (const r of rows) {
      const name = r.name.length > width ? `${r.name.slice(0, width - 1)}…` : r.name.padEnd(width);
      lines.push(`${name}  batch ${bar(r.batchUsd, max, '█')} ${formatUsd(r.batchUsd)}`);
      lines.push(`${' '.repeat(width)}  sync  ${bar(r.standardUsd, max, '░')} ${formatUsd(r.standardUsd)}`);
    }
    lines.push('```', '');
    const cacheable = total.usage.input + total.usage.cacheWrite + total.usage.cacheRead;
    if (cacheable > 0) {
      lines.push(
        `Prompt caching: ${tokens(total.usage.cacheRead)} input tokens read from the cache (${Math.round((total.usage.cacheRead / cacheable) * 100)}% of input), ${tokens(total.usage.cacheWrite)} written to it.`,
        '',
      );
    }
  }
  if (report.unpriced.length) {
    lines.push(`Not priced (add them to \`claudeBatch.prices\`): ${report.unpriced.join(', ')}.`, '');
  }
  lines.push(
    `Prices as of ${pricesAsOf}, overridable in \`claudeBatch.prices\`. Errored, expired and canceled requests are not billed.`,
    '',
  );
  return lines.join('\n');
}
