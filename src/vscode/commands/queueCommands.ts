// Commands that fill and arrange the queue. Queueing makes no network call.
import * as vscode from 'vscode';
import { notify } from '../ui/notify';
import type { TaskDraft } from '../../core/batchService';
import { checkQueueable, resolvesInside } from '../../core/queue/queueRules';
import { plural } from '../../core/model/words';
import { fingerprint } from '../../core/model/ids';
import { labelProblem, splitLabel } from '../../core/model/taskLabels';
import type { Range, Task } from '../../core/model/records';
import { pickInstruction } from './instructionPicker';
import { confirmSecretFiles, withContext } from '../context/queueContext';
import { optionsIn, pickTask, taskFromArg, type CommandContext, type CommandOptions } from './context';

export interface QueueResult {
  queued: string[];
  refused: string[];
  skippedDuplicates: number;
}

function relativePath(folder: vscode.WorkspaceFolder, uri: vscode.Uri): string {
  return vscode.workspace
    .asRelativePath(uri, false)
    .replace(/\\/g, '/')
    .replace(new RegExp(`^${folder.name}/`), '');
}

export async function draftFor(
  ctx: CommandContext,
  uri: vscode.Uri,
  asked: { instruction: string; label?: string },
  range?: Range,
): Promise<TaskDraft | string> {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const displayPath = folder ? relativePath(folder, uri) : uri.fsPath || uri.toString();
  let bytes: Uint8Array;
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type & vscode.FileType.Directory) return `${displayPath} is a folder; select files instead.`;
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch (error) {
    return `${displayPath} cannot be read (${(error as Error).message}).`;
  }
  // On disk, follow symlinks: a link inside the workspace that leads out of it is outside.
  const inside = !!folder && (uri.scheme !== 'file' || (await resolvesInside(uri.fsPath, folder.uri.fsPath)));
  const verdict = checkQueueable({
    displayPath,
    bytes,
    insideWorkspace: inside,
    maxBytes: ctx.settings().maxFileBytes,
  });
  if (!verdict.ok) return verdict.reason;
  // An open document may hold unsaved changes: the task is built from what the user sees.
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const text = open ? open.getText() : new TextDecoder('utf-8').decode(bytes);
  return { ...asked, folderUri: folder!.uri.toString(), relPath: displayPath, fileUri: uri.toString(), range, text };
}

export async function queueDrafts(
  ctx: CommandContext,
  drafts: TaskDraft[],
  refused: string[],
  options: CommandOptions,
): Promise<QueueResult> {
  if (!drafts.length && !refused.length) return { queued: [], refused, skippedDuplicates: 0 };
  // An explicit allowDuplicate (from a keybinding, an agent or a test) is the answer; otherwise the user is asked.
  let allow = options.allowDuplicate ?? false;
  const duplicates = ctx.service.duplicatesOf(drafts);
  if (duplicates.length && options.allowDuplicate === undefined) {
    const again = vscode.l10n.t('Queue Again');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t(
        '{0} of these tasks ({1}) is already queued or in flight with the same instruction.',
        duplicates.length,
        duplicates.map((d) => d.relPath).join(', '),
      ),
      { modal: true, detail: vscode.l10n.t('Queue it again anyway?') },
      again,
    );
    allow = answer === again;
  }
  // A file that looks like a secret is queued only on the user's say; the rest get their context.
  const guarded = await confirmSecretFiles(drafts, options.allowSecretFiles);
  refused = [...refused, ...guarded.refused];
  const withItsContext = await withContext(guarded.drafts, ctx.settings(), ctx.log);
  const { queued, skipped } = await ctx.service.queue(withItsContext, allow);
  if (refused.length) void notify('warning', `Claude Batch: not queued: ${refused.join(' ')}`);
  if (skipped.length) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Claude Batch: {0} not queued.', plural(skipped.length, 'duplicate task')),
    );
  }
  if (queued.length) {
    ctx.log.info(`queued ${queued.length} task(s): ${queued.map((t) => t.relPath).join(', ')}`);
    vscode.window.setStatusBarMessage(
      vscode.l10n.t('$(inbox) Claude Batch: {0} queued', plural(queued.length, 'task')),
      3000,
    );
  }
  return { queued: queued.map((t) => t.id), refused, skippedDuplicates: skipped.length };
}

/**
 * The instruction and the tasks' label: from the options (`label` there is the task label), or from the picker,
 * where "#docs Add doc comments" labels the tasks "docs".
 */
async function instructionFor(
  ctx: CommandContext,
  options: CommandOptions,
  title: string,
): Promise<{ instruction: string; label?: string } | undefined> {
  const typed = options.instruction?.trim() || (await pickInstruction(ctx.settings().instructionTemplates, title));
  if (!typed) return undefined;
  const split = splitLabel(typed);
  const label = options.label ?? split.label;
  if (label !== undefined && labelProblem(label)) {
    void notify('error', vscode.l10n.t('Claude Batch: nothing queued: label “{0}”: {1}.', label, labelProblem(label)!));
    return undefined;
  }
  return { instruction: split.instruction, ...(label ? { label } : {}) };
}

export async function sendSelection(ctx: CommandContext, ...args: unknown[]): Promise<QueueResult | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Claude Batch: open a file and select code first.'));
    return undefined;
  }
  const options = optionsIn(args);
  const selection = editor.selection;
  const range: Range | undefined = selection.isEmpty
    ? undefined
    : {
        startLine: selection.start.line,
        startCharacter: selection.start.character,
        endLine: selection.end.line,
        endCharacter: selection.end.character,
      };
  const instruction = await instructionFor(ctx, options, vscode.l10n.t('Send Selection to Batch'));
  if (!instruction) return undefined;
  const draft = await draftFor(ctx, editor.document.uri, instruction, range);
  if (typeof draft === 'string') return queueDrafts(ctx, [], [draft], options);
  return queueDrafts(ctx, [draft], [], options);
}

/** From the Explorer (one or many files), an editor tab, or the active editor. */
export async function sendFile(ctx: CommandContext, ...args: unknown[]): Promise<QueueResult | undefined> {
  const [clicked, selected] = args;
  let uris: vscode.Uri[] = Array.isArray(selected)
    ? selected.filter((u): u is vscode.Uri => u instanceof vscode.Uri)
    : [];
  if (uris.length === 0 && clicked instanceof vscode.Uri) uris = [clicked];
  const active = vscode.window.activeTextEditor?.document.uri;
  if (uris.length === 0 && active) uris = [active];
  if (uris.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Claude Batch: pick files in the Explorer, or open one.'));
    return undefined;
  }
  const options = optionsIn(args);
  const title =
    uris.length === 1 ? vscode.l10n.t('Send File to Batch') : vscode.l10n.t('Send {0} Files to Batch', uris.length);
  const instruction = await instructionFor(ctx, options, title);
  if (!instruction) return undefined;
  const drafts: TaskDraft[] = [];
  const refused: string[] = [];
  for (const uri of uris) {
    const draft = await draftFor(ctx, uri, instruction);
    if (typeof draft === 'string') refused.push(draft);
    else drafts.push(draft);
  }
  return queueDrafts(ctx, drafts, refused, options);
}

async function pendingTask(ctx: CommandContext, arg: unknown): Promise<Task | undefined> {
  return taskFromArg(ctx.service, arg) ?? pickTask(ctx.service, ['queued'], vscode.l10n.t('Which queued task?'));
}

export async function removeTask(ctx: CommandContext, arg?: unknown): Promise<boolean> {
  const task = await pendingTask(ctx, arg);
  if (!task) return false;
  if (task.batchId) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Claude Batch: only queued tasks can be removed; discard a result instead.'),
    );
    return false;
  }
  return (await ctx.service.store.removePending([task.id])) === 1;
}

export async function clearQueue(ctx: CommandContext, ...args: unknown[]): Promise<number> {
  const count = ctx.service.store.pending().length;
  if (count === 0) return 0;
  if (!optionsIn(args).skipConfirmation) {
    const clear = vscode.l10n.t('Clear Queue');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('Remove {0} from the queue?', plural(count, 'task')),
      { modal: true },
      clear,
    );
    if (answer !== clear) return 0;
  }
  return ctx.service.store.removePending(ctx.service.store.pending().map((t) => t.id));
}

export async function editInstruction(ctx: CommandContext, arg?: unknown, ...rest: unknown[]): Promise<void> {
  const task = await pendingTask(ctx, arg);
  if (!task || task.batchId) return;
  const instruction =
    optionsIn(rest).instruction ??
    (await vscode.window.showInputBox({
      title: vscode.l10n.t('Edit Instruction'),
      value: task.instruction,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('The instruction cannot be empty.')),
    }));
  if (!instruction?.trim()) return;
  await ctx.service.store.updatePending(task.id, (t) => ({
    ...t,
    instruction: instruction.trim(),
    fingerprint: fingerprint(t.fileUri, t.range, instruction),
  }));
}

export async function moveTask(ctx: CommandContext, delta: -1 | 1, arg?: unknown): Promise<void> {
  const task = await pendingTask(ctx, arg);
  if (task) await ctx.service.store.movePending(task.id, delta);
}

export async function revealTask(ctx: CommandContext, arg?: unknown): Promise<void> {
  const task = taskFromArg(ctx.service, arg);
  if (!task) return;
  const selection = task.range
    ? new vscode.Range(task.range.startLine, task.range.startCharacter, task.range.endLine, task.range.endCharacter)
    : undefined;
  await vscode.window.showTextDocument(vscode.Uri.parse(task.fileUri), {
    preview: true,
    ...(selection ? { selection } : {}),
  });
}
