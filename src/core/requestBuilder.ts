// Builds the Messages API params for one task. The layout puts what tasks share first (system prompt, then the
// file) so that prompt caching can reuse it; the instruction, which differs per task, comes last.
import { editOutputFormat } from './editProtocol';
import { CUSTOM_ID_PATTERN, type Range, type Task } from './model';

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
  'Keep the file\'s style, indentation and line endings. Do not invent APIs that are not visible in the file.',
].join('\n');

export interface RequestSettings {
  model: string;
  maxTokens: number;
}

export interface BatchRequest {
  custom_id: string;
  params: {
    model: string;
    max_tokens: number;
    system: Array<{ type: 'text'; text: string }>;
    messages: Array<{ role: 'user'; content: Array<{ type: 'text'; text: string }> }>;
    output_config: { format: ReturnType<typeof editOutputFormat> };
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

export function buildRequest(task: Task, fileText: string, settings: RequestSettings): BatchRequest {
  if (!CUSTOM_ID_PATTERN.test(task.id)) throw new Error(`task id "${task.id}" is not a valid custom_id`);
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
      max_tokens: settings.maxTokens,
      system: [{ type: 'text', text: SYSTEM_PROMPT }],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: fileBlock },
            { type: 'text', text: parts.join('\n\n') },
          ],
        },
      ],
      output_config: { format: editOutputFormat() },
    },
  };
}
