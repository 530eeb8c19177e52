// claude-batch import <task-file> [--validate]: a JSON or JSONL task file (the editor's Import Tasks format), every
// entry checked before anything is queued; each problem names its line and field.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { formatProblem, type Problem } from '../core/errors';
import { entryPathProblem, entryRange, formatOf, parseTaskFile, type ImportEntry } from '../core/queue/taskImport';
import type { TaskDraft } from '../core/serviceTypes';
import { CliError, EXIT } from './exitCodes';
import type { Output } from './output';
import { draftFor, queueDrafts } from './queueCommand';
import type { CliWorkspace } from './workspace';

/** A task-file entry (or an agent's request) as a checked draft, or the problem with it (its line and field). */
export async function draftForEntry(
  ws: CliWorkspace,
  entry: ImportEntry,
  allowSecretFiles: boolean,
): Promise<TaskDraft | Problem> {
  const pathProblem = entryPathProblem(entry.task.file);
  if (pathProblem) return { line: entry.line, field: 'file', message: pathProblem };
  try {
    const draft = await draftFor(ws, path.join(ws.folder, entry.task.file), entry.task.file, {
      instruction: entry.task.instruction,
      label: entry.task.label,
      allowSecretFiles,
    });
    const range = entryRange(entry, draft.text);
    return range && 'message' in range ? range : { ...draft, range };
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    return { line: entry.line, field: 'file', message: error.message };
  }
}

export async function importCommand(
  ws: CliWorkspace,
  options: { file: string | undefined; validate: boolean; allowSecretFiles: boolean; contextTokens: number },
  out: Output,
): Promise<number> {
  if (!options.file) throw new CliError(EXIT.usage, 'import: name a task file (.json or .jsonl).');
  const name = path.basename(options.file);
  const format = formatOf(name);
  if (!format) throw new CliError(EXIT.badInput, `${options.file} is neither .json nor .jsonl.`);
  const text = await fs.readFile(options.file, 'utf8').catch(() => undefined);
  if (text === undefined) throw new CliError(EXIT.badInput, `${options.file}: no such file.`);
  const { entries, problems } = parseTaskFile(text, format);
  const drafts: TaskDraft[] = [];
  const found: Problem[] = [...problems];
  for (const entry of entries) {
    const draft = await draftForEntry(ws, entry, options.allowSecretFiles);
    if ('message' in draft) found.push(draft);
    else drafts.push(draft);
  }
  found.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  if (found.length) {
    if (out.json) out.result({ file: name, valid: drafts.length, problems: found }, '');
    throw new CliError(
      EXIT.badInput,
      `${name}: ${formatProblem(found[0]!)}${found.length > 1 ? ` (and ${found.length - 1} more: --json lists them)` : ''}; nothing was queued.`,
    );
  }
  if (options.validate) {
    out.result(
      { file: name, valid: drafts.length, problems: [] },
      `${name}: ${drafts.length} valid; nothing was queued.`,
    );
    return EXIT.ok;
  }
  return queueDrafts(ws, drafts, options.contextTokens, out);
}
