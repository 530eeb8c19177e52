// Task files: many tasks queued at once from JSON (an array, or { "tasks": [...] }) or JSONL (one task per line),
// the way batch jobs are written by hand or by a script. Every entry is checked before anything is queued; a
// problem names the line and the field.
import * as z from 'zod';
import { problemsOf, type Problem } from '../errors';
import { TaskLabelSchema } from '../model/taskLabels';
import type { Range } from '../model/records';
import { plural } from '../model/words';

export const ImportedTaskSchema = z.lazy(() =>
  z
    .object({
      /** Path relative to the workspace folder (in a multi-root workspace, "<folder name>/<path>" also works). */
      file: z.string().min(1, 'must name a file'),
      instruction: z.string().trim().min(1, 'must not be empty'),
      /** 1-based, inclusive lines. */
      range: z
        .object({
          startLine: z.number().int().min(1),
          endLine: z.number().int().min(1),
        })
        .strict()
        .refine((r) => r.endLine >= r.startLine, { message: 'endLine must not be before startLine', path: ['endLine'] })
        .optional(),
      label: TaskLabelSchema.optional(),
      /** Higher goes first in the queue; default 0. */
      priority: z.number().int().optional(),
    })
    .strict(),
);
export type ImportedTask = z.infer<typeof ImportedTaskSchema>;

export interface ImportEntry {
  line: number;
  task: ImportedTask;
}

export interface ParsedTaskFile {
  entries: ImportEntry[];
  /** Each names its line and field (`formatProblem` words it: "line 3: range.endLine: …"). */
  problems: Problem[];
}

/** Entries in queue order: by priority, highest first, keeping file order among equals. */
export function parseTaskFile(text: string, format: 'json' | 'jsonl'): ParsedTaskFile {
  const body = text.replace(/^\uFEFF/, '');
  const raw = format === 'jsonl' ? jsonlItems(body) : jsonItems(body);
  if ('problem' in raw) return { entries: [], problems: [raw.problem] };
  const entries: ImportEntry[] = [];
  const problems: Problem[] = [];
  for (const { line, value, problem } of raw.items) {
    if (problem) {
      problems.push({ line, field: '', message: problem });
      continue;
    }
    const parsed = ImportedTaskSchema.safeParse(value);
    if (parsed.success) entries.push({ line, task: parsed.data });
    else problems.push(...problemsOf(parsed.error, line));
  }
  if (entries.length === 0 && problems.length === 0) problems.push({ field: '', message: 'the file holds no tasks' });
  entries.sort((a, b) => (b.task.priority ?? 0) - (a.task.priority ?? 0) || a.line - b.line);
  return { entries, problems };
}

/** Why an entry's path cannot name a workspace file (absolute, or leading out with ".."), if it cannot. */
export function entryPathProblem(file: string): string | undefined {
  const normalised = file.replace(/\\/g, '/');
  if (normalised.startsWith('/') || /^[a-z]:/i.test(normalised) || normalised.split('/').includes('..'))
    return `“${file}” must be a path inside the workspace (no absolute paths, no “..”)`;
  return undefined;
}

/** An entry's 1-based inclusive lines as an editor range covering them whole; or why the file has no such lines. */
export function entryRange(entry: ImportEntry, text: string): Range | undefined | Problem {
  const range = entry.task.range;
  if (!range) return undefined;
  const lines = text.split('\n');
  if (range.endLine > lines.length) {
    return {
      line: entry.line,
      field: 'range.endLine',
      message: `${entry.task.file} has only ${plural(lines.length, 'line')}`,
    };
  }
  return range.endLine < lines.length
    ? { startLine: range.startLine - 1, startCharacter: 0, endLine: range.endLine, endCharacter: 0 }
    : {
        startLine: range.startLine - 1,
        startCharacter: 0,
        endLine: range.endLine - 1,
        endCharacter: lines[range.endLine - 1]!.length,
      };
}

export function formatOf(fileName: string): 'json' | 'jsonl' | undefined {
  if (/\.(jsonl|ndjson)$/i.test(fileName)) return 'jsonl';
  if (/\.json$/i.test(fileName)) return 'json';
  return undefined;
}

type RawItems = { items: Array<{ line: number; value?: unknown; problem?: string }> } | { problem: Problem };

function jsonlItems(text: string): RawItems {
  const items: Array<{ line: number; value?: unknown; problem?: string }> = [];
  text.split('\n').forEach((content, i) => {
    if (!content.trim()) return;
    try {
      items.push({ line: i + 1, value: JSON.parse(content) });
    } catch (error) {
      items.push({ line: i + 1, problem: `not valid JSON (${(error as Error).message})` });
    }
  });
  return { items };
}

function jsonItems(text: string): RawItems {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: { field: '', message: `not valid JSON (${(error as Error).message})` } };
  }
  const list = Array.isArray(value)
    ? value
    : typeof value === 'object' && value !== null && Array.isArray((value as { tasks?: unknown }).tasks)
      ? (value as { tasks: unknown[] }).tasks
      : undefined;
  if (!list)
    return {
      problem: { line: 1, field: '', message: 'expected an array of tasks, or an object with a "tasks" array' },
    };
  const lines = elementLines(text);
  return { items: list.map((item, i) => ({ line: lines[i] ?? 1, value: item })) };
}

/** The line on which each element of the task array starts (the outer array, or the "tasks" array). */
function elementLines(text: string): number[] {
  const starts: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let arrayDepth = -1;
  let expectElement = false;
  let key = '';
  let lastKey = '';
  for (const ch of text) {
    if (ch === '\n') line++;
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') {
        inString = false;
        if (depth === 1) lastKey = key;
      } else if (depth === 1) key += ch;
      continue;
    }
    if (/\s/.test(ch)) continue;
    if (expectElement && ch !== ']') {
      starts.push(line);
      expectElement = false;
    }
    if (ch === '"') {
      inString = true;
      key = '';
    } else if (ch === '[' || ch === '{') {
      depth++;
      // The task array: a bare array (depth 1), or the value of "tasks" in the outer object (depth 2).
      if (ch === '[' && arrayDepth === -1 && (depth === 1 || (depth === 2 && lastKey === 'tasks'))) {
        arrayDepth = depth;
        expectElement = true;
      }
    } else if (ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === arrayDepth) expectElement = true;
  }
  return starts;
}
