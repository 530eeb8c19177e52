// Tools for agents in VS Code's chat (declared under contributes.languageModelTools): queue a task, and read what
// is queued, running and ready. Queueing is local and free; nothing here submits or spends money.
import * as vscode from 'vscode';
import * as z from 'zod';
import { describeZodError, formatProblem, problemsOf, type Problem } from '../../core/errors';
import { ImportedTaskSchema } from '../../core/queue/taskImport';
import { plural } from '../../core/model/words';
import { isInFlight, taskState } from '../../core/model/records';
import { labelsIn } from '../../core/model/taskLabels';
import { describeWhen } from '../../core/submit/schedule';
import type { CommandContext } from '../commands/context';
import { draftsFor } from '../commands/fileCommands';
import { queueDrafts } from '../commands/queueCommands';

export const QUEUE_TOOL = 'claude-batch_queue_task';
export const STATUS_TOOL = 'claude-batch_batch_status';

const QueueInputSchema = z.lazy(() =>
  z
    .object({
      file: z.string(),
      instruction: z.string(),
      label: z.string().optional(),
      startLine: z.number().int().optional(),
      endLine: z.number().int().optional(),
    })
    .strict(),
);

const text = (value: string): vscode.LanguageModelToolResult =>
  new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(value)]);

export function registerLanguageModelTools(ctx: CommandContext): vscode.Disposable[] {
  // VS Code without the language model API (or with chat turned off) simply has no tools to offer.
  if (typeof vscode.lm?.registerTool !== 'function') return [];
  return [
    vscode.lm.registerTool<unknown>(QUEUE_TOOL, {
      prepareInvocation: (options) => {
        const input = QueueInputSchema.safeParse(options.input);
        return {
          invocationMessage: input.success
            ? vscode.l10n.t('Queueing a Claude Batch task for {0}', input.data.file)
            : vscode.l10n.t('Queueing a Claude Batch task'),
        };
      },
      invoke: async (options) => text(await queueFromAgent(ctx, options.input)),
    }),
    vscode.lm.registerTool<unknown>(STATUS_TOOL, {
      invoke: () => text(statusReport(ctx)),
    }),
  ];
}

async function queueFromAgent(ctx: CommandContext, raw: unknown): Promise<string> {
  const input = QueueInputSchema.safeParse(raw);
  if (!input.success) return `Not queued: ${describeZodError(input.error)}.`;
  const { file, instruction, label, startLine, endLine } = input.data;
  const entry = ImportedTaskSchema.safeParse({
    file,
    instruction,
    ...(label ? { label } : {}),
    ...(startLine !== undefined ? { range: { startLine, endLine: endLine ?? startLine } } : {}),
  });
  if (!entry.success) return notQueued(problemsOf(entry.error)[0]);
  const { drafts, problems } = await draftsFor(ctx, [{ line: 1, task: entry.data }]);
  if (problems.length) return notQueued(problems[0]);
  const result = await queueDrafts(ctx, drafts, [], { allowDuplicate: false });
  if (result.skippedDuplicates)
    return `Not queued: the same task (file, range and instruction) is already queued or in flight.`;
  const queued = ctx.service.store.pending().length;
  return (
    `Queued task ${result.queued[0]} for ${file}${label ? ` with label "${label}"` : ''}. ` +
    `The queue now holds ${plural(queued, 'task')}. It is sent at half price when the user submits the queue ` +
    `(Claude Batch: Submit Queue); results come back within 24 hours, usually within an hour, for the user to review.`
  );
}

/** An entry's problem in the agent's own terms: no line (there is no file), and its lines are top-level fields. */
function notQueued(problem: Problem | undefined): string {
  if (!problem) return 'Not queued.';
  const field = problem.field.startsWith('range.') ? problem.field.slice('range.'.length) : problem.field;
  return `Not queued: ${formatProblem({ field, message: problem.message })}.`;
}

function statusReport(ctx: CommandContext): string {
  const pending = ctx.service.store.pending();
  const lines = [`Queue: ${plural(pending.length, 'task')} waiting to be submitted.`];
  const labels = labelsIn(pending);
  if (labels.length) lines.push(`Labels in the queue: ${labels.map((l) => `${l.label} (${l.count})`).join(', ')}.`);
  if (ctx.scheduler.scheduledAt)
    lines.push(`The queue is scheduled to be submitted at ${describeWhen(ctx.scheduler.scheduledAt, new Date())}.`);
  const batches = ctx.service.registry.list();
  lines.push(`Batches: ${batches.filter(isInFlight).length} in flight, ${batches.length} in all.`);
  for (const batch of batches.slice(0, 20)) {
    const states = ctx.service.store.tasksOf(batch.id).map(taskState);
    const count = (...wanted: string[]): number => states.filter((s) => wanted.includes(s)).length;
    const status = batch.missing ? 'not found' : isInFlight(batch) ? 'running' : 'ended';
    lines.push(
      `- "${batch.name}" (${batch.id}): ${status}; ${plural(states.length, 'task')}, ${count('ready', 'answer')} ready to review, ` +
        `${count('applied')} applied, ${count('errored', 'expired', 'canceled')} failed.`,
    );
  }
  if (batches.length > 20) lines.push(`(and ${batches.length - 20} older batches)`);
  return lines.join('\n');
}
