// Commands about what requests carry: pinning files as context, showing a task's exact request, and queueing
// every file matching a glob.
import * as vscode from 'vscode';
import { notify } from '../ui/notify';
import { plural } from '../../core/model/words';
import { looksLikeSecretFile } from '../../core/context/secrets';
import { requestUri } from '../review/proposedContent';
import { filesMatching, MAX_MATCHED_FILES } from '../context/fileMatch';
import { draftFor, queueDrafts, type QueueResult } from './queueCommands';
import { estimateFiles } from '../context/fileEstimate';
import { optionsIn, taskFromArg, type CommandContext } from './context';

function urisFrom(args: readonly unknown[]): vscode.Uri[] {
  const [clicked, selected] = args;
  const uris = Array.isArray(selected) ? selected.filter((u): u is vscode.Uri => u instanceof vscode.Uri) : [];
  if (uris.length) return uris;
  if (clicked instanceof vscode.Uri) return [clicked];
  const active = vscode.window.activeTextEditor?.document.uri;
  return active ? [active] : [];
}

/** Add to Batch Context: the files go with every task of the next submission. Returns the paths pinned. */
export async function addToContext(ctx: CommandContext, ...args: unknown[]): Promise<string[]> {
  const pinned = ctx.service.pinned;
  if (!pinned) return [];
  const drafts = [];
  const refused: string[] = [];
  for (const uri of urisFrom(args)) {
    const draft = await draftFor(ctx, uri, { instruction: 'context' });
    if (typeof draft === 'string') refused.push(draft);
    // Never as context: a secret pinned would go with every request of the submission.
    else if (looksLikeSecretFile(draft.relPath))
      refused.push(vscode.l10n.t('{0} looks like it holds secrets and is never sent as context.', draft.relPath));
    else drafts.push(draft);
  }
  if (refused.length) void notify('warning', `Claude Batch: not added to context: ${refused.join(' ')}`);
  const added = await pinned.pin(drafts);
  if (added.length) {
    ctx.log.info(`pinned as context: ${added.map((p) => `${p.relPath} (${p.tokens} tokens)`).join(', ')}`);
    vscode.window.setStatusBarMessage(
      vscode.l10n.t('$(pin) Claude Batch: {0} added to the next submission’s context', plural(added.length, 'file')),
      3000,
    );
  }
  return added.map((p) => p.relPath);
}

/** From a Context row in the tree (or a file URI): the file no longer goes with the next submission. */
export async function removeFromContext(ctx: CommandContext, arg?: unknown): Promise<number> {
  const pinned = ctx.service.pinned;
  if (!pinned) return 0;
  let fileUri: string | undefined;
  if (arg instanceof vscode.Uri) fileUri = arg.toString();
  else if (typeof arg === 'object' && arg !== null && 'fileUri' in arg) fileUri = String(arg.fileUri);
  if (!fileUri) {
    const picked = await vscode.window.showQuickPick(
      pinned.list().map((p) => ({ label: p.relPath, description: `${p.tokens.toLocaleString()} tokens`, p })),
      { placeHolder: vscode.l10n.t('Which file should no longer go with the next submission?') },
    );
    fileUri = picked?.p.fileUri;
  }
  return fileUri ? pinned.unpin([fileUri]) : 0;
}

/** Show Request: the exact request a task will be (or was) sent as, in a read-only JSON document. */
export async function showRequest(ctx: CommandContext, arg?: unknown): Promise<vscode.Uri | undefined> {
  const task = taskFromArg(ctx.service, arg);
  if (!task) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Claude Batch: pick a task in the Claude Batch view.'));
    return undefined;
  }
  const uri = requestUri(task);
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(document, 'json');
  await vscode.window.showTextDocument(document, { preview: true });
  return uri;
}

/** Send Files Matching…: a glob and an instruction; the file count and estimated cost are shown before queueing. */
export async function sendFilesMatching(ctx: CommandContext, ...args: unknown[]): Promise<QueueResult | undefined> {
  const options = optionsIn(args);
  const glob =
    options.glob ??
    (await vscode.window.showInputBox({
      title: vscode.l10n.t('Send Files Matching…'),
      prompt: vscode.l10n.t('A glob in the workspace, e.g. src/**/*.ts (files.exclude and .gitignore are respected)'),
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Type a glob.')),
    }));
  if (!glob?.trim()) return undefined;
  const match = await filesMatching(glob.trim());
  if (match.kind === 'tooMany') {
    void notify(
      'warning',
      vscode.l10n.t(
        'Claude Batch: “{0}” matches more than {1} files; nothing was queued. Narrow the pattern.',
        glob,
        MAX_MATCHED_FILES.toLocaleString(),
      ),
    );
    return undefined;
  }
  if (match.uris.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Claude Batch: no file matches “{0}” (files.exclude and .gitignore are respected).', glob),
    );
    return undefined;
  }
  const instruction =
    options.instruction?.trim() ||
    (await vscode.window.showInputBox({
      title: vscode.l10n.t('Instruction for {0}', plural(match.uris.length, 'file')),
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('The instruction cannot be empty.')),
    }));
  if (!instruction?.trim()) return undefined;
  if (!options.skipConfirmation) {
    const estimate = await estimateFiles(match.uris, instruction, ctx.settings());
    const queue = vscode.l10n.t('Queue {0}', plural(match.uris.length, 'Task'));
    const answer = await vscode.window.showInformationMessage(
      vscode.l10n.t('Queue {0} matching “{1}”?', plural(match.uris.length, 'file'), glob),
      { modal: true, detail: estimate },
      queue,
    );
    if (answer !== queue) return undefined;
  }
  const drafts = [];
  const refused: string[] = [];
  for (const uri of match.uris) {
    const draft = await draftFor(ctx, uri, { instruction: instruction.trim() });
    if (typeof draft === 'string') refused.push(draft);
    else drafts.push(draft);
  }
  return queueDrafts(ctx, drafts, refused, options);
}
