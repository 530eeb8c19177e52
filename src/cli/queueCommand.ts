// claude-batch queue <files…> -i <instruction>: the same checks as the editor (inside the workspace, not binary,
// not too large, a secret-looking file only when allowed), the same context, the same queue.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { addContext } from '../core/context/draftContext';
import { folderContextSource } from '../core/context/contextSource';
import { looksLikeSecretFile } from '../core/context/secrets';
import type { Range } from '../core/model/records';
import { checkQueueable, DEFAULT_MAX_FILE_BYTES, resolvesInside } from '../core/queue/queueRules';
import type { TaskDraft } from '../core/serviceTypes';
import { CliError, EXIT } from './exitCodes';
import { fileUriOf } from './fileUris';
import type { Output } from './output';
import type { CliWorkspace } from './workspace';

export interface QueueOptions {
  files: string[];
  instruction: string | undefined;
  lines?: string | undefined;
  label?: string | undefined;
  allowSecretFiles?: boolean;
  contextTokens: number;
}

/** "12-30" (1-based, inclusive) as an editor selection of those whole lines. */
export function parseLines(value: string): Range {
  const match = /^(\d+)(?:-(\d+))?$/.exec(value.trim());
  const start = match ? Number(match[1]) : 0;
  const end = match?.[2] ? Number(match[2]) : start;
  if (!match || start < 1 || end < start)
    throw new CliError(EXIT.usage, `--lines ${value}: expected a line or a range of lines, like 12 or 12-30.`);
  return { startLine: start - 1, startCharacter: 0, endLine: end, endCharacter: 0 };
}

/** A draft for a file (`display` is how the user named it), checked as the editor checks what it queues. */
export async function draftFor(
  ws: CliWorkspace,
  absolute: string,
  display: string,
  options: Pick<QueueOptions, 'instruction' | 'lines' | 'label' | 'allowSecretFiles'>,
): Promise<TaskDraft> {
  const file = display;
  const relPath = path.relative(ws.folder, absolute).split(path.sep).join('/');
  const bytes = await fs.readFile(absolute).catch(() => undefined);
  if (!bytes) throw new CliError(EXIT.badInput, `${file}: no such file.`);
  const verdict = checkQueueable({
    displayPath: file,
    bytes,
    insideWorkspace: await resolvesInside(absolute, ws.folder),
    maxBytes: DEFAULT_MAX_FILE_BYTES,
  });
  if (!verdict.ok)
    throw new CliError(EXIT.badInput, verdict.reason, `(The workspace is ${ws.folder}; --workspace sets it.)`);
  if (looksLikeSecretFile(relPath) && !options.allowSecretFiles)
    throw new CliError(
      EXIT.badInput,
      `${file} looks like a file of secrets; the Batches API keeps inputs for 29 days.`,
      'Pass --allow-secret-files to queue it anyway.',
    );
  return {
    instruction: options.instruction!,
    folderUri: fileUriOf(ws.folder),
    relPath,
    fileUri: fileUriOf(absolute),
    ...(options.lines ? { range: parseLines(options.lines) } : {}),
    ...(options.label ? { label: options.label } : {}),
    text: new TextDecoder().decode(bytes),
  };
}

export async function queueCommand(ws: CliWorkspace, options: QueueOptions, out: Output): Promise<number> {
  if (!options.instruction?.trim()) throw new CliError(EXIT.usage, 'queue: -i <instruction> is required.');
  if (options.files.length === 0) throw new CliError(EXIT.usage, 'queue: name at least one file.');
  const drafts: TaskDraft[] = [];
  for (const file of options.files) drafts.push(await draftFor(ws, path.resolve(file), file, options));
  return queueDrafts(ws, drafts, options.contextTokens, out);
}

/** Queues checked drafts with their context, and says what was queued and what was skipped as a duplicate. */
export async function queueDrafts(
  ws: CliWorkspace,
  drafts: readonly TaskDraft[],
  contextTokens: number,
  out: Output,
): Promise<number> {
  const withContext = await addContext(drafts, {
    sourceFor: () => folderContextSource(ws.folder),
    budget: contextTokens,
  });
  const { queued, skipped } = await ws.service.queue(withContext.drafts);
  for (const s of skipped) out.note(`skipped ${s.relPath}: the same task is already queued or running`);
  out.result(
    {
      queued: queued.map((t) => ({ id: t.id, relPath: t.relPath, instruction: t.instruction })),
      skipped: skipped.length,
    },
    `queued ${queued.length} task${queued.length === 1 ? '' : 's'}${skipped.length ? ` (${skipped.length} skipped as duplicates)` : ''}; the queue holds ${ws.service.store.pending().length}.`,
  );
  return EXIT.ok;
}
