// A batch's results written out for people and scripts: JSONL (one object per task, the fields a script needs)
// or Markdown (a report to read or paste into a pull request).
import { describeRange } from '../requests/requestBuilder';
import { taskState, type BatchRecord, type Task } from '../model/records';
import { taskCost } from '../cost/costReport';
import { formatUsd, type ModelPrice } from '../cost/prices';

export type ExportFormat = 'jsonl' | 'markdown';

/** One line of the JSONL export. */
export function exportRecord(task: Task, price?: ModelPrice): Record<string, unknown> {
  const outcome = task.outcome;
  const cost = price ? taskCost(task, price) : undefined;
  return {
    id: task.id,
    file: task.relPath,
    ...(task.range ? { range: { startLine: task.range.startLine + 1, endLine: describedEnd(task) } } : {}),
    instruction: task.instruction,
    ...(task.label ? { label: task.label } : {}),
    state: taskState(task),
    ...(outcome?.type === 'edits' ? { summary: outcome.summary, edits: outcome.edits } : {}),
    ...(outcome?.type === 'answer'
      ? { answer: outcome.text, ...(outcome.reason ? { reason: outcome.reason } : {}) }
      : {}),
    ...(outcome?.type === 'errored' ? { error: { type: outcome.errorType, message: outcome.message } } : {}),
    ...(outcome && 'usage' in outcome && outcome.usage ? { usage: outcome.usage } : {}),
    ...(cost ? { costUsd: round(cost.batchUsd), standardCostUsd: round(cost.standardUsd) } : {}),
  };
}

export function exportResults(
  record: BatchRecord,
  tasks: readonly Task[],
  format: ExportFormat,
  price?: ModelPrice,
): string {
  if (format === 'jsonl') return tasks.map((t) => JSON.stringify(exportRecord(t, price))).join('\n') + '\n';
  return markdown(record, tasks, price);
}

function markdown(record: BatchRecord, tasks: readonly Task[], price?: ModelPrice): string {
  const out = [
    `# ${record.name}`,
    '',
    `Batch \`${record.id}\` · ${record.model ?? 'model not recorded'} · created ${record.createdAt}`,
    '',
  ];
  for (const task of tasks) {
    const cost = price ? taskCost(task, price) : undefined;
    out.push(`## ${task.relPath} · ${describeRange(task.range)}`, '');
    out.push(`**Instruction:** ${task.instruction}${task.label ? `  \n**Label:** ${task.label}` : ''}  `);
    out.push(`**State:** ${taskState(task)}${cost ? ` · ${formatUsd(cost.batchUsd)}` : ''}`, '');
    const outcome = task.outcome;
    if (outcome?.type === 'edits') {
      out.push(outcome.summary, '');
      for (const edit of outcome.edits) {
        out.push(
          ...(edit.path ? [`\`${edit.path}\``, ''] : []),
          '```diff',
          ...lines(edit.old_text, '-'),
          ...lines(edit.new_text, '+'),
          '```',
          '',
        );
      }
    } else if (outcome?.type === 'answer') {
      out.push(outcome.text, '');
    } else if (outcome?.type === 'errored') {
      out.push(`> Error (${outcome.errorType}): ${outcome.message}`, '');
    }
  }
  return out.join('\n');
}

function lines(text: string, sign: '-' | '+'): string[] {
  return text === ''
    ? []
    : text
        .replace(/\n$/, '')
        .split('\n')
        .map((l) => `${sign}${l}`);
}

function describedEnd(task: Task): number {
  const r = task.range!;
  return r.endCharacter === 0 && r.endLine > r.startLine ? r.endLine : r.endLine + 1;
}

const round = (usd: number): number => Math.round(usd * 1e6) / 1e6;
