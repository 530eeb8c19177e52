// Builds the Messages API params for one task. The layout puts what tasks share first (system prompt, then the
// project's context, then the file) so that prompt caching can reuse it; the instruction, which differs per
// task, comes last.
import { editOutputFormat } from './editProtocol';
import { CUSTOM_ID_PATTERN, type Range, type Task } from '../model/records';
import { ClaudeBatchError } from '../errors';
import type { Effort } from '../models/modelInfo';
import { isShared, type ContextPart, type ContextRole } from '../context/contextParts';

export const SYSTEM_PROMPT = [
  'You are a careful senior software engineer working through a queue of code tasks.',
  'Each task gives you one file, optionally a selected region of it, and an instruction. It may also give you',
  "context to read: the project's instructions (follow them), files the task's file imports, the project's test",
  'setup and an existing test (follow its framework and style when writing tests). Context files are for',
  'reading; a part marked cut="true" was cut short.',
  'Answer only with JSON matching the given schema:',
  '- "summary": a short account of what you changed and why; when the instruction asks for a review, an',
  '  explanation or a list of problems, put the whole answer here in Markdown and leave "edits" empty.',
  '- "edits": replacements. Each "old_text" is copied exactly (whitespace included) from the file and occurs',
  '  exactly once in it: include enough surrounding lines to make it unique. "new_text" replaces it.',
  '  Keep edits small: never rewrite text that does not change. Omit "path" for edits of this file.',
  '- To create a new file (a test file, say), give its "path" relative to the workspace folder, an empty',
  '  "old_text" and the whole file as "new_text". Never change any other existing file.',
  "Keep the file's style, indentation and line endings. Do not invent APIs that are not visible in the file or",
  'its context.',
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
    messages: Array<{ role: 'user' | 'assistant'; content: TextBlock[] }>;
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

/** A context part with its text, as read back from the snapshot store. */
export interface ContextText {
  part: ContextPart;
  text: string;
}

/** Which prefixes of a request to mark for the cache (see requestStream for when each is worth it). */
export interface CacheMarks {
  /** The project instructions and pinned files, which every task of the folder shares. */
  shared: boolean;
  /** Those, then the task's related files and its file, which the tasks on that file share. */
  file: boolean;
}

const ONE_HOUR = { cache_control: { type: 'ephemeral' as const, ttl: '1h' as const } };

const TAGS: Record<ContextRole, string> = {
  instructions: 'project_instructions',
  pinned: 'pinned_file',
  related: 'related_file',
  testSetup: 'test_setup',
  testExample: 'test_example',
};

function contextBlock({ part, text }: ContextText): string {
  const tag = TAGS[part.role];
  const attributes = [`path="${part.relPath}"`, part.why ? `why="${part.why}"` : '', part.cut ? 'cut="true"' : '']
    .filter(Boolean)
    .join(' ');
  return `<${tag} ${attributes}>\n${text}\n</${tag}>`;
}

/** The text of the shared block: project instructions and pinned files, or '' when the task has none. */
export function sharedBlockText(context: readonly ContextText[]): string {
  return context
    .filter((c) => isShared(c.part.role))
    .map(contextBlock)
    .join('\n\n');
}

/** The text of the task's own block: its related files, test setup and example, then the file itself. */
export function fileBlockText(task: Task, fileText: string, context: readonly ContextText[]): string {
  const own = context.filter((c) => !isShared(c.part.role)).map(contextBlock);
  return [...own, `<file path="${task.relPath}">\n${fileText}\n</file>`].join('\n\n');
}

/** A turn of the conversation a follow-up continues, with its texts read back from the snapshot store. */
export interface ConversationTurn {
  role: 'user' | 'assistant';
  texts: string[];
}

/** What a follow-up adds after the conversation: the file as it reads now, what became of the answer, the feedback. */
export function followUpText(task: Task): string {
  const applied = task.followUp?.applied
    ? 'Your previous edits were applied (those the user accepted); the file above is as it reads now.'
    : 'Your previous edits were not applied; the file above is as it reads now.';
  return [
    applied,
    `<feedback>\n${task.instruction}\n</feedback>`,
    'Act on the feedback. Answer in the same JSON form, anchoring every old_text in the file as it reads now.',
  ].join('\n\n');
}

/**
 * The request, laid out so that caching pays: system prompt → project instructions and pinned files (shared by
 * the folder's tasks; one breakpoint) → related files and the file (shared by the tasks on that file; another)
 * → the instruction. Marked prefixes get a one-hour entry: a batch may run far longer than five minutes.
 */
export function buildRequest(
  task: Task,
  fileText: string,
  settings: RequestSettings,
  layout: { marks?: CacheMarks; context?: readonly ContextText[]; conversation?: readonly ConversationTurn[] } = {},
): BatchRequest {
  if (!CUSTOM_ID_PATTERN.test(task.id))
    throw new ClaudeBatchError('invalidId', `task id "${task.id}" is not a valid custom_id`);
  if (task.followUp) return followUpRequest(task, fileText, settings, layout.conversation ?? []);
  const context = layout.context ?? [];
  const marks = layout.marks ?? { shared: false, file: false };
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
  const shared = sharedBlockText(context);
  const content: TextBlock[] = [
    ...(shared ? [{ type: 'text' as const, text: shared, ...(marks.shared ? ONE_HOUR : {}) }] : []),
    { type: 'text', text: fileBlockText(task, fileText, context), ...(marks.file ? ONE_HOUR : {}) },
    { type: 'text', text: parts.join('\n\n') },
  ];
  return request(task, settings, [{ role: 'user', content }]);
}

function request(task: Task, settings: RequestSettings, messages: BatchRequest['params']['messages']): BatchRequest {
  return {
    custom_id: task.id,
    params: {
      model: settings.model,
      max_tokens: task.maxTokens ?? settings.maxTokens,
      system: [{ type: 'text', text: SYSTEM_PROMPT }],
      messages,
      output_config: { format: editOutputFormat(), ...(settings.effort ? { effort: settings.effort } : {}) },
    },
  };
}

/**
 * A follow-up: the earlier turns as they were sent and answered (no cache marks: a conversation is rarely shared),
 * then the file as it reads now and the feedback.
 */
function followUpRequest(
  task: Task,
  fileText: string,
  settings: RequestSettings,
  conversation: readonly ConversationTurn[],
): BatchRequest {
  if (conversation.length !== task.followUp?.conversation.length)
    throw new ClaudeBatchError('snapshotMissing', `The conversation task ${task.id} continues was not read back.`);
  const turns = conversation.map((turn) => ({
    role: turn.role,
    content: turn.texts.map((text) => ({ type: 'text' as const, text })),
  }));
  const now: TextBlock[] = [
    { type: 'text', text: fileBlockText(task, fileText, []) },
    { type: 'text', text: followUpText(task) },
  ];
  return request(task, settings, [...turns, { role: 'user', content: now }]);
}

/** The key of the prefix a task's request shares with others: its shared context (project and pinned). */
export function sharedKey(task: Task): string {
  return (task.context ?? [])
    .filter((p) => isShared(p.role))
    .map((p) => p.hash)
    .join(',');
}

/** The key of the longer prefix: the shared context, then the task's own context and its file. */
export function fileKey(task: Task): string {
  const own = (task.context ?? []).filter((p) => !isShared(p.role)).map((p) => p.hash);
  return `${sharedKey(task)}|${own.join(',')}|${task.fileUri}\n${task.snapshotHash}`;
}

export interface LaidOut<T> {
  task: T;
  /** Another task of the submission shares its shared-context prefix. */
  sharesContext: boolean;
  /** Another task shares its whole prefix up to and including the file. */
  sharesFile: boolean;
}

/**
 * Orders tasks so that those sharing a prefix are adjacent (groups in order of first appearance, queue order
 * within a group), and says which share a prefix with another task: only those are worth a cache entry.
 */
export function layoutForCache<T extends Task>(tasks: readonly T[]): Array<LaidOut<T>> {
  const bySharedKey = new Map<string, Map<string, T[]>>();
  for (const task of tasks) {
    const outer = sharedKey(task);
    const groups = bySharedKey.get(outer) ?? new Map<string, T[]>();
    bySharedKey.set(outer, groups);
    const key = fileKey(task);
    const group = groups.get(key);
    if (group) group.push(task);
    else groups.set(key, [task]);
  }
  return [...bySharedKey.entries()].flatMap(([outer, groups]) => {
    const count = [...groups.values()].reduce((sum, group) => sum + group.length, 0);
    return [...groups.values()].flatMap((group) =>
      group.map((task) => ({ task, sharesContext: outer !== '' && count > 1, sharesFile: group.length > 1 })),
    );
  });
}
