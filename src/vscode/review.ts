// Reviewing results: open a diff (or the answer), apply through a WorkspaceEdit on the task's own file, discard.
import * as vscode from 'vscode';
import { notify } from './notices';
import * as path from 'node:path';
import type { BatchService } from '../core/batchService';
import { minimalReplacement } from '../core/editApplier';
import { taskState, type Task } from '../core/model';
import { answerUri, currentText, proposedUri } from './proposedContent';

export interface ApplyOutcome {
  taskId: string;
  relPath: string;
  applied: boolean;
  reason?: string;
}

export class Reviewer {
  constructor(private readonly service: BatchService) {}

  /** Opens a ready result as a diff (left: the file now, right: with the edits) and anything else as Markdown. */
  async open(task: Task): Promise<'diff' | 'answer'> {
    if (taskState(task) === 'ready') {
      const fileUri = vscode.Uri.parse(task.fileUri);
      const plan = await this.service.plan(task, await currentText(fileUri));
      if (plan.ok) {
        const title = `${path.basename(task.relPath)} ↔ Claude Batch: ${task.instruction.slice(0, 40)}${plan.reanchored ? ' (re-anchored)' : ''}`;
        await vscode.commands.executeCommand('vscode.diff', fileUri, proposedUri(task), title, { preview: false });
        return 'diff';
      }
      void notify('warning', vscode.l10n.t('The result for {0} cannot be applied: {1}', task.relPath, plan.reason));
    }
    const doc = await vscode.workspace.openTextDocument(answerUri(task));
    await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
    await vscode.window.showTextDocument(doc, { preview: true });
    return 'answer';
  }

  /** Writes the edits to the task's file (undoable) and saves it. Never touches "the active editor". */
  async apply(task: Task): Promise<ApplyOutcome> {
    const base = { taskId: task.id, relPath: task.relPath };
    if (taskState(task) !== 'ready') return { ...base, applied: false, reason: `it is ${taskState(task)}, not ready` };
    const fileUri = vscode.Uri.parse(task.fileUri);
    let doc: vscode.TextDocument;
    try {
      doc = await vscode.workspace.openTextDocument(fileUri);
    } catch {
      return { ...base, applied: false, reason: `${task.relPath} no longer exists` };
    }
    const before = doc.getText();
    const plan = await this.service.plan(task, before);
    if (!plan.ok && plan.alreadyApplied) {
      // The file was saved but the review was never recorded: record it now rather than apply twice.
      await this.service.markReviewed(task, 'applied');
      await this.closePreviews(task);
      return { ...base, applied: true, reason: plan.reason };
    }
    if (!plan.ok) return { ...base, applied: false, reason: plan.reason };
    const change = minimalReplacement(before, plan.text);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(fileUri, new vscode.Range(doc.positionAt(change.start), doc.positionAt(change.end)), change.text);
    if (!(await vscode.workspace.applyEdit(edit))) return { ...base, applied: false, reason: 'VS Code refused the edit' };
    await doc.save();
    await this.service.markReviewed(task, 'applied');
    await this.closePreviews(task);
    return { ...base, applied: true };
  }

  async discard(task: Task): Promise<void> {
    await this.service.markReviewed(task, 'discarded');
    await this.closePreviews(task);
  }

  /** Closes exactly the tabs that show this task's result. */
  private async closePreviews(task: Task): Promise<void> {
    const mine = new Set([proposedUri(task).toString(), answerUri(task).toString()]);
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => {
      const input = tab.input;
      if (input instanceof vscode.TabInputTextDiff) return mine.has(input.modified.toString());
      if (input instanceof vscode.TabInputText) return mine.has(input.uri.toString());
      return false;
    });
    if (tabs.length) await vscode.window.tabGroups.close(tabs);
  }
}
