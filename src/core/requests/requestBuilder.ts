// Builds the Messages API params for one task. The layout puts what tasks share first (system prompt, then the
// file) so that prompt caching can reuse it; the instruction, which differs per task, comes last.
import { editOutputFormat } from './editProtocol';
import { CUSTOM_ID_PATTERN, type Range, type Task } from '../model/records';
import { ClaudeBatchError } from '../errors';
import type { Effort } from '../models/modelInfo';

export const SYSTEM_PROMPT = [
  'You are a careful senior software engineer working through a queue of code tasks.',
  'Each task gives you one file, optionally a selected region of it, and an instruction.',
  'Answer only with JSON matching the given schema:',
  '- "summary": a short account of what you changed and why; when the instruction asks for a review, an',
  '  explanation or a list of problems, put the whole answer here in Markdown and leave "edits" empty.',
  '- "edits": replacements. Each "old_text" is copied exactly (whitespace included) from the file and occurs',
  '  exactly once in it: include enough surrounding lines to make it unique. "new_text" replaces it.',
  '  Keep edits small: never rewrite text that does not change. Omit "path" for edits of this file.',
  '- To create a new file (a test file, say), give its "path" relative to the workspace folder, an empty',
  '  "old_text" and the whole file as "new_text". Never change any other existing file.',
  "Keep the file's style, indentation and line endings. Do not invent APIs that are not visible in the file.",
].join('\n');

export interface RequestSettings {
  model: string;
  /** Room for thinking and answer together; a task's own maxTokens (a retry with more room) wins. */
  maxTokens: number;
  /** How hard the model thinks; undefined sends none, and the model uses its own default. */
  effort?: Effort | undefined;
}

export interface TextBlock {
  type: 'text';
  text: string;
  cache_control?: { type: 'ephemeral'; ttl: '1h' };
}

export interface BatchRequest {
  custom_id: string;
  params: {
    model: string;
    max_tokens: number;
    system: TextBlock[];
    messages: Array<{ role: 'user'; content: TextBlock[] }>;
    output_config: { format: ReturnType<typeof editOutputFormat>; effort?: Effort };
  };
}

/** 1-based, as the editor's gutter shows; a selection ending at column 0 does not include that line. */
export function describeRange(range: Range | undefined): string {
  if (!range) return 'whole file';
  const lastLine = range.endCharacter === 0 && range.endLine > range.startLine ? range.endLine - 1 : range.endLine;
  return range.startLine === lastLine ? `line ${range.startLine + 1}` : `lines ${range.startLine + 1}–${lastLine + 1}`;
}

/** The text of `range` within `text` (lines and characters are zero-based, like VS Code's). */
export function sliceRange(text: string, range: Range): string {
  const lines = text.split('\n');
  const offset = (line: number, character: number): number => {
    let total = 0;
    for (let i = 0; i < Math.min(line, lines.length); i++) total += lines[i]!.length + 1;
    return Math.min(total + character, text.length);
  };
  return text.slice(offset(range.startLine, range.startCharacter), offset(range.endLine, range.endCharacter));
}

/**
 * Below this many tokens a prefix is not worth marking: models do not cache prefixes shorter than their minimum
 * (512–4096 tokens), and marking one costs nothing but buys nothing. A local estimate, so kept on the safe side.
 */
export const MIN_CACHEABLE_TOKENS = 1024;

/**
 * `cacheFile`: several tasks of this batch share the file, so the prefix up to and including it (system prompt
 * and file) is marked for a one-hour cache entry; the batch may run for far longer than five minutes.
 */
export function buildRequest(task: Task, fileText: string, settings: RequestSettings, cacheFile = false): BatchRequest {
  if (!CUSTOM_ID_PATTERN.test(task.id))
    throw new ClaudeBatchError('invalidId', `task id "${task.id}" is not a valid custom_id`);
  const fileBlock = `<file path="${task.relPath}">\n${fileText}\n</file>`;
  const parts = [];
  if (task.range) {
    parts.push(
      `<selection ${describeRange(task.range)}>\n${sliceRange(fileText, task.range)}\n</selection>`,
      'Apply the instruction to the selection; edit outside it only where the instruction requires.',
    );
  } else {
    parts.push('Apply the instruction to the whole file.');
  }
  parts.push(`<instruction>\n${task.instruction}\n</instruction>`);
  return {
    custom_id: task.id,
    params: {
      model: settings.model,
      max_tokens: task.maxTokens ?? settings.maxTokens,
      system: [{ type: 'text', text: SYSTEM_PROMPT }],
      messages: [
        {
          role: 'user',
          content: [
            {
              type: 'text',
              text: fileBlock,
              ...(cacheFile ? { cache_control: { type: 'ephemeral' as const, ttl: '1h' as const } } : {}),
            },
            { type: 'text', text: parts.join('\n\n') },
          ],
        },
      ],
      output_config: { format: editOutputFormat(), ...(settings.effort ? { effort: settings.effort } : {}) },
    },
  };
}

/** Tasks whose requests start with the same file share a cacheable prefix. */
function prefixKey(task: Task): string {
  return `${task.fileUri}\n${task.snapshotHash}`;
}

/**
 * Orders tasks so that those sharing a file are adjacent (groups in order of first appearance, queue order
 * within a group), and says which share it with another task: only those are worth a cache entry.
 */
export function layoutForCache<T extends Task>(tasks: readonly T[]): Array<{ task: T; shared: boolean }> {
  const groups = new Map<string, T[]>();
  for (const task of tasks) {
    const key = prefixKey(task);
    const group = groups.get(key);
    if (group) group.push(task);
    else groups.set(key, [task]);
  }
  return [...groups.values()].flatMap((group) => group.map((task) => ({ task, shared: group.length > 1 })));
}
