// Follow Up…: feedback on a result, queued as a task that continues its conversation in the next batch.
import * as vscode from 'vscode';
import type { Task } from '../../core/model/records';
import { canFollowUp, followUpFiles } from '../../core/review/followUp';
import { optionsIn, pickTask, showError, taskFromArg, type CommandContext, type CommandOptions } from './context';
import { currentText, newFileUri } from '../review/proposedContent';

const FOLLOWABLE = ['ready', 'answer', 'applied', 'discarded'] as const;

/**
 * Which file the follow-up works on: the one given, the only one, the likeliest when the feedback came with the
 * command (an agent, a test), or the user's pick.
 */
async function chooseFile(task: Task, options: CommandOptions): Promise<string | undefined> {
  const files = followUpFiles(task);
  if (options.file !== undefined) return files.includes(options.file) ? options.file : undefined;
  if (files.length === 1 || options.instruction) return files[0];
  const picked = await vscode.window.showQuickPick(
    files.map((relPath) => ({
      label: relPath,
      description: relPath === task.relPath ? vscode.l10n.t("the task's file") : vscode.l10n.t('created by the result'),
    })),
    { title: vscode.l10n.t('Follow up on which file?') },
  );
  return picked?.label;
}

/**
 * Queues `feedback` as a follow-up of `task` on `relPath` (the task's file by default), with the file's text as it
 * reads now (unsaved changes included). Says so, or why not, and returns the new task.
 */
export async function queueFollowUp(
  ctx: CommandContext,
  task: Task,
  feedback: string,
  relPath = task.relPath,
  verifyRound?: number,
): Promise<Task | undefined> {
  const fileUri = relPath === task.relPath ? vscode.Uri.parse(task.fileUri) : newFileUri(task, relPath);
  let text: string;
  try {
    text = await currentText(fileUri);
  } catch {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('Claude Batch: {0} no longer exists, so there is no file to follow up on.', relPath),
    );
    return undefined;
  }
  try {
    const draft = { instruction: feedback, folderUri: task.folderUri, relPath, fileUri: fileUri.toString(), text };
    const queued = await ctx.service.review.followUp(task.id, draft, ctx.settings(), verifyRound);
    ctx.log.info(`follow-up ${queued.id} of ${task.id} queued on ${relPath}`);
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(comment-discussion) Follow-up queued: {0}', relPath), 4000);
    await ctx.showInThread(queued.id);
    return queued;
  } catch (error) {
    showError(ctx, vscode.l10n.t('could not queue the follow-up'), error);
    return undefined;
  }
}

/** Follow Up…: on a result (a tree row, the diff or answer open, or a pick); `{instruction, file}` skip the prompts. */
export async function followUp(ctx: CommandContext, arg?: unknown, ...rest: unknown[]): Promise<Task | undefined> {
  const task =
    taskFromArg(ctx.service, arg) ??
    (await pickTask(ctx.service, [...FOLLOWABLE], vscode.l10n.t('Follow up on which result?')));
  if (!task) return undefined;
  if (!canFollowUp(task)) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Claude Batch: this task has no answer to follow up. Retry it instead.'),
    );
    return undefined;
  }
  const options = optionsIn(rest);
  const relPath = await chooseFile(task, options);
  if (!relPath) return undefined;
  const feedback =
    options.instruction?.trim() ||
    (
      await vscode.window.showInputBox({
        title: vscode.l10n.t('Follow up on {0}', relPath),
        prompt: vscode.l10n.t(
          'What should change? The model gets its earlier request and answer, the file as it reads now, and this.',
        ),
        placeHolder: vscode.l10n.t('e.g. Almost — but keep the old function name, and cover the empty case too'),
        ignoreFocusOut: true,
        validateInput: (value) => (value.trim() ? undefined : vscode.l10n.t('Say what should change')),
      })
    )?.trim();
  if (!feedback) return undefined;
  return queueFollowUp(ctx, task, feedback, relPath);
}
