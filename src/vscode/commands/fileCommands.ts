// Task files in (Import Tasks, Validate Task File) and results out (Export Results).
import * as vscode from 'vscode';
import { plural } from '../../core/model/words';
import { entryPathProblem, entryRange, formatOf, parseTaskFile, type ImportEntry } from '../../core/queue/taskImport';
import { exportResults, type ExportFormat } from '../../core/results/resultExport';
import { priceFor } from '../../core/cost/prices';
import type { TaskDraft } from '../../core/batchService';
import { formatProblem, type Problem } from '../../core/errors';
import { draftFor, queueDrafts, type QueueResult } from './queueCommands';
import { batchIdFromArg, optionsIn, pickBatch, type CommandContext } from './context';

export interface ImportReport {
  file: string;
  valid: number;
  problems: Problem[];
  queued: string[];
}

async function pickTaskFile(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const [picked] =
    (await vscode.window.showOpenDialog({
      canSelectMany: false,
      openLabel: vscode.l10n.t('Read Tasks'),
      filters: { [vscode.l10n.t('Task files')]: ['json', 'jsonl', 'ndjson'] },
    })) ?? [];
  return picked;
}

/** The workspace file an entry names: a path in a workspace folder, or "<folder name>/<path>" in a multi-root one. */
function resolveEntry(file: string): vscode.Uri | string {
  const problem = entryPathProblem(file);
  if (problem) return problem;
  const normalised = file.replace(/\\/g, '/');
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) return 'no workspace folder is open';
  const named = folders.find((f) => folders.length > 1 && normalised.startsWith(`${f.name}/`));
  return named
    ? vscode.Uri.joinPath(named.uri, normalised.slice(named.name.length + 1))
    : vscode.Uri.joinPath(folders[0]!.uri, normalised);
}

/** Every entry checked, as the queue would take it; nothing is queued. */
async function readTaskFile(
  ctx: CommandContext,
  uri: vscode.Uri,
): Promise<{ drafts: TaskDraft[]; problems: Problem[] }> {
  const name = uri.path.split('/').pop() ?? uri.path;
  const format = formatOf(name);
  if (!format) return { drafts: [], problems: [{ field: '', message: `${name} is neither .json nor .jsonl` }] };
  let text: string;
  try {
    text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
  } catch (error) {
    return { drafts: [], problems: [{ field: '', message: `${name} cannot be read (${(error as Error).message})` }] };
  }
  const { entries, problems } = parseTaskFile(text, format);
  const checked = await draftsFor(ctx, entries);
  const byLine = [...problems, ...checked.problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { drafts: checked.drafts, problems: byLine };
}

/** Drafts for checked entries (of a task file, or from an agent), each resolved in the workspace and read. */
export async function draftsFor(
  ctx: CommandContext,
  entries: readonly ImportEntry[],
): Promise<{ drafts: TaskDraft[]; problems: Problem[] }> {
  const drafts: TaskDraft[] = [];
  const problems: Problem[] = [];
  for (const entry of entries) {
    const target = resolveEntry(entry.task.file);
    if (typeof target === 'string') {
      problems.push({ line: entry.line, field: 'file', message: target });
      continue;
    }
    const draft = await draftFor(ctx, target, {
      instruction: entry.task.instruction,
      ...(entry.task.label ? { label: entry.task.label } : {}),
    });
    if (typeof draft === 'string') {
      problems.push({ line: entry.line, field: 'file', message: draft });
      continue;
    }
    const range = entryRange(entry, draft.text);
    if (range && 'message' in range) problems.push(range);
    else drafts.push({ ...draft, range });
  }
  return { drafts, problems };
}

function reportProblems(ctx: CommandContext, name: string, problems: readonly Problem[]): void {
  for (const problem of problems) ctx.log.warn(`${name}: ${formatProblem(problem)}`);
  const show = vscode.l10n.t('Show Problems');
  void vscode.window
    .showErrorMessage(
      vscode.l10n.t(
        'Claude Batch: {0} in {1}; nothing was queued. First: {2}',
        plural(problems.length, 'problem'),
        name,
        formatProblem(problems[0]!),
      ),
      show,
    )
    .then((choice) => {
      if (choice === show) ctx.log.show();
    });
}

/** Queues every task of a JSON or JSONL file, or none when any entry is wrong. */
export async function importTasks(
  ctx: CommandContext,
  arg?: unknown,
  ...rest: unknown[]
): Promise<ImportReport | undefined> {
  return importOrValidate(ctx, arg, rest, false);
}

/** Checks a task file as Import Tasks would, and queues nothing. */
export async function validateTaskFile(
  ctx: CommandContext,
  arg?: unknown,
  ...rest: unknown[]
): Promise<ImportReport | undefined> {
  return importOrValidate(ctx, arg, rest, true);
}

async function importOrValidate(
  ctx: CommandContext,
  arg: unknown,
  rest: unknown[],
  validateOnly: boolean,
): Promise<ImportReport | undefined> {
  const uri = await pickTaskFile(arg);
  if (!uri) return undefined;
  const name = uri.path.split('/').pop() ?? uri.path;
  const { drafts, problems } = await readTaskFile(ctx, uri);
  const report: ImportReport = { file: name, valid: drafts.length, problems, queued: [] };
  if (problems.length) {
    reportProblems(ctx, name, problems);
    return report;
  }
  if (validateOnly) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Claude Batch: {0}: {1} valid; nothing was queued.', name, plural(drafts.length, 'task')),
    );
    return report;
  }
  const result: QueueResult = await queueDrafts(ctx, drafts, [], optionsIn(rest));
  ctx.log.info(`imported ${result.queued.length} task(s) from ${name}`);
  void vscode.window.showInformationMessage(
    vscode.l10n.t('Claude Batch: queued {0} from {1}.', plural(result.queued.length, 'task'), name),
  );
  return { ...report, queued: result.queued };
}

/** Writes a batch's results as JSONL or Markdown; `{ format, uri }` skips the prompts. */
export async function exportBatchResults(
  ctx: CommandContext,
  arg?: unknown,
  ...rest: unknown[]
): Promise<vscode.Uri | undefined> {
  const given = rest.find(
    (a): a is { format?: ExportFormat; uri?: vscode.Uri } =>
      typeof a === 'object' && a !== null && ('format' in a || 'uri' in a),
  );
  const ended = ctx.service.registry.list().filter((b) => b.resultsIngested);
  const id = batchIdFromArg(arg);
  const record = id
    ? ended.find((b) => b.id === id)
    : await pickBatch(ended, vscode.l10n.t('Export the results of which batch?'));
  if (!record) return undefined;
  const format =
    given?.format ??
    (
      await vscode.window.showQuickPick(
        [
          { label: 'JSONL', description: vscode.l10n.t('one object per task, for scripts'), format: 'jsonl' as const },
          { label: 'Markdown', description: vscode.l10n.t('a report to read or paste'), format: 'markdown' as const },
        ],
        { title: vscode.l10n.t('Export Results of “{0}”', record.name) },
      )
    )?.format;
  if (!format) return undefined;
  const extension = format === 'jsonl' ? 'jsonl' : 'md';
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const safeName = record.name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || record.id;
  const target =
    given?.uri ??
    (await vscode.window.showSaveDialog({
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `${safeName}.${extension}`) } : {}),
      filters: format === 'jsonl' ? { JSONL: ['jsonl'] } : { Markdown: ['md'] },
    }));
  if (!target) return undefined;
  const { model, prices } = ctx.settings();
  const text = exportResults(
    record,
    ctx.service.store.tasksOf(record.id),
    format,
    priceFor(record.model ?? model, prices),
  );
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  ctx.log.info(`exported the results of batch ${record.id} as ${format}`);
  const open = vscode.l10n.t('Open');
  void vscode.window
    .showInformationMessage(vscode.l10n.t('Claude Batch: results of “{0}” exported.', record.name), open)
    .then((choice) => {
      if (choice === open) void vscode.window.showTextDocument(target);
    });
  return target;
}
