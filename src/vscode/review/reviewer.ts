// Reviewing results: open a diff (or the answer), apply through a WorkspaceEdit on the task's own file (and the
// new files it asks for, inside its workspace folder), discard.
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { BatchService } from '../../core/batchService';
import { minimalReplacement } from '../../core/review/editApplier';
import { checkNewFiles } from '../../core/review/newFiles';
import { taskState, type Task } from '../../core/model/records';
import { notify } from '../ui/notify';
import { plural } from '../../core/model/words';
import { answerUri, currentText, newFileUri, proposedUri } from './proposedContent';

export interface ApplyOutcome {
  taskId: string;
  relPath: string;
  applied: boolean;
  reason?: string;
  /** Files the result created, relative to the workspace folder. */
  created?: string[];
  /** Not applied because it overlaps changes made since queueing: Resolve in Editor can merge it with markers. */
  resolvable?: boolean;
}

/** The title of a result's review editor; also how its multi-file tab is found again to close it. */
function reviewTitle(task: Task, reanchored: boolean, merged = false): string {
  const how = merged ? ' (merged with your changes)' : reanchored ? ' (re-anchored)' : '';
  return `${path.basename(task.relPath)} ↔ Claude Batch: ${task.instruction.slice(0, 40)}${how}`;
}

async function readIfExists(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

export class Reviewer {
  constructor(private readonly service: BatchService) {}

  /**
   * Opens a ready result as a diff (left: the file now, right: with the edits), as one change set when it also
   * creates files, a conflict (the file changed and the edits no longer fit) as a diff of the file now against
   * what the result intended, and anything else as Markdown.
   */
  async open(task: Task): Promise<'diff' | 'changes' | 'conflict' | 'answer'> {
    if (taskState(task) === 'ready') {
      const fileUri = vscode.Uri.parse(task.fileUri);
      const current = await currentText(fileUri);
      const plan = await this.service.review.plan(task, current);
      if (plan.ok && plan.created.length === 0) {
        await vscode.commands.executeCommand(
          'vscode.diff',
          fileUri,
          proposedUri(task),
          reviewTitle(task, plan.reanchored, plan.merged),
          { preview: false },
        );
        return 'diff';
      }
      if (plan.ok) {
        const resources: Array<[vscode.Uri, vscode.Uri | undefined, vscode.Uri | undefined]> = [];
        if (plan.text !== current) resources.push([fileUri, fileUri, proposedUri(task)]);
        for (const file of plan.created)
          resources.push([newFileUri(task, file.relPath), undefined, proposedUri(task, file.relPath)]);
        await vscode.commands.executeCommand(
          'vscode.changes',
          reviewTitle(task, plan.reanchored, plan.merged),
          resources,
        );
        return 'changes';
      }
      const resolve = vscode.l10n.t('Resolve in Editor');
      void notify(
        'warning',
        vscode.l10n.t('The result for {0} cannot be applied: {1}', task.relPath, plan.reason),
        plan.merge ? [resolve] : [],
      ).then((choice) => {
        if (choice === resolve) void vscode.commands.executeCommand('claudeBatch.resolveInEditor', task.id);
      });
      if (plan.kind === 'conflict' && plan.intended !== undefined) {
        // Left: the file now; right: the three-way merge (the changes that merged, and each conflict between
        // markers), or, when there is none, the file as queued with the result's edits. Apply stays refused.
        const title = plan.merge
          ? `${path.basename(task.relPath)} ↔ Claude Batch: ${plural(plan.merge.conflicts, 'conflict')}, the rest merged`
          : `${path.basename(task.relPath)} ↔ conflict: the edits no longer fit: ${plan.detail}`;
        await vscode.commands.executeCommand('vscode.diff', fileUri, proposedUri(task), title, { preview: false });
        return 'conflict';
      }
    }
    const doc = await vscode.workspace.openTextDocument(answerUri(task));
    await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
    await vscode.window.showTextDocument(doc, { preview: true });
    return 'answer';
  }

  /** The ready task's file, opened; or why it cannot be applied to. */
  private async readyDocument(
    task: Task,
  ): Promise<{ doc: vscode.TextDocument; fileUri: vscode.Uri } | { reason: string }> {
    if (taskState(task) !== 'ready') return { reason: `it is ${taskState(task)}, not ready` };
    const fileUri = vscode.Uri.parse(task.fileUri);
    try {
      return { doc: await vscode.workspace.openTextDocument(fileUri), fileUri };
    } catch {
      return { reason: `${task.relPath} no longer exists (deleted or renamed since the task was queued)` };
    }
  }

  /**
   * Writes the edits to the task's file and creates the files it asks for, as one undoable WorkspaceEdit, and
   * saves. Never touches "the active editor"; never overwrites an existing file other than the task's.
   */
  async apply(task: Task, accepted?: ReadonlySet<number>): Promise<ApplyOutcome> {
    const base = { taskId: task.id, relPath: task.relPath };
    const opened = await this.readyDocument(task);
    if ('reason' in opened) return { ...base, applied: false, reason: opened.reason };
    const { doc, fileUri } = opened;
    const before = doc.getText();
    const plan = await this.service.review.plan(task, before, accepted);
    const all = task.outcome?.type === 'edits' ? task.outcome.edits.map((_, index) => index) : [];
    const rejected = accepted ? all.filter((index) => !accepted.has(index)) : [];
    if (!plan.ok && plan.kind === 'alreadyApplied') {
      // The file was saved but the review was never recorded: record it now rather than apply twice.
      await this.service.review.markReviewed(task, 'applied', rejected);
      await this.closePreviews(task);
      return { ...base, applied: true, reason: plan.reason };
    }
    if (!plan.ok) return { ...base, applied: false, reason: plan.reason, ...(plan.merge ? { resolvable: true } : {}) };
    const toCreate = await checkNewFiles(task, vscode.Uri.parse(task.folderUri).fsPath, plan.created, (target) =>
      readIfExists(vscode.Uri.file(target)),
    );
    if (!toCreate.ok) return { ...base, applied: false, reason: toCreate.reason };

    const edit = new vscode.WorkspaceEdit();
    if (plan.text !== before) {
      const change = minimalReplacement(before, plan.text);
      edit.replace(fileUri, new vscode.Range(doc.positionAt(change.start), doc.positionAt(change.end)), change.text);
    }
    for (const file of toCreate.files) {
      edit.createFile(vscode.Uri.file(file.target), { contents: new TextEncoder().encode(file.text) });
    }
    if (!(await vscode.workspace.applyEdit(edit)))
      return { ...base, applied: false, reason: 'VS Code refused the edit' };
    if (doc.isDirty) await doc.save();
    await this.service.review.markReviewed(task, 'applied', rejected);
    await this.closePreviews(task);
    return { ...base, applied: true, ...(plan.created.length ? { created: plan.created.map((f) => f.relPath) } : {}) };
  }

  /**
   * A result that conflicts with changes made since queueing: writes the three-way merge into the file, each
   * overlapping change between git's markers (VS Code offers Accept Current / Incoming / Both on each), leaves it
   * unsaved for the user to resolve, and opens it at the first conflict. The result counts as applied.
   */
  async resolveInEditor(task: Task): Promise<ApplyOutcome & { conflicts?: number }> {
    const base = { taskId: task.id, relPath: task.relPath };
    const opened = await this.readyDocument(task);
    if ('reason' in opened) return { ...base, applied: false, reason: opened.reason };
    const { doc, fileUri } = opened;
    const before = doc.getText();
    const plan = await this.service.review.plan(task, before);
    if (plan.ok || !plan.merge) return this.apply(task);
    const change = minimalReplacement(before, plan.merge.text);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(fileUri, new vscode.Range(doc.positionAt(change.start), doc.positionAt(change.end)), change.text);
    if (!(await vscode.workspace.applyEdit(edit)))
      return { ...base, applied: false, reason: 'VS Code refused the edit' };
    await this.service.review.markReviewed(task, 'applied');
    await this.closePreviews(task);
    const first = (plan.merge.lines[0] ?? 1) - 1;
    await vscode.window.showTextDocument(doc, { selection: new vscode.Range(first, 0, first, 0), preview: false });
    return { ...base, applied: true, conflicts: plan.merge.conflicts };
  }

  async discard(task: Task): Promise<void> {
    await this.service.review.markReviewed(task, 'discarded');
    await this.closePreviews(task);
  }

  /** Closes exactly the tabs that show this task's result. */
  private async closePreviews(task: Task): Promise<void> {
    const mine = (uri: vscode.Uri): boolean =>
      uri.toString() === answerUri(task).toString() ||
      (uri.scheme === proposedUri(task).scheme && new URLSearchParams(uri.query).get('task') === task.id);
    const titles = new Set([reviewTitle(task, false), reviewTitle(task, true), reviewTitle(task, true, true)]);
    const tabs = vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .filter((tab) => {
        const input = tab.input;
        if (input instanceof vscode.TabInputTextDiff) return mine(input.modified);
        if (input instanceof vscode.TabInputText) return mine(input.uri);
        // A multi-file change set has no typed input in the API: it is known by its title.
        return input === undefined && titles.has(tab.label);
      });
    if (tabs.length) await vscode.window.tabGroups.close(tabs);
  }
}
