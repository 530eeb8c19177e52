// Virtual documents for reviewing results: the proposed file (right side of the diff) and answers as Markdown.
// The task id is encoded in the URI, so a reopened window can still render the document.
import * as vscode from 'vscode';
import { STOP_EXPLANATIONS } from '../../core/results/resultParser';
import type { BatchService } from '../../core/batchService';
import type { Task } from '../../core/model/records';

// The shell (src/extension.ts) registers these schemes at activation; keep both lists the same.
export const PROPOSED_SCHEME = 'claude-batch-proposed';
export const ANSWER_SCHEME = 'claude-batch-answer';

/** The task's file with the proposed edits; with `newFile`, a file the result creates. */
export function proposedUri(task: Task, newFile?: string): vscode.Uri {
  const query = new URLSearchParams({ task: task.id, ...(newFile ? { file: newFile } : {}) }).toString();
  return vscode.Uri.from({ scheme: PROPOSED_SCHEME, path: `/${newFile ?? task.relPath}`, query });
}

/** Where a file the result creates will be written: inside the task's workspace folder. */
export function newFileUri(task: Task, relPath: string): vscode.Uri {
  return vscode.Uri.joinPath(vscode.Uri.parse(task.folderUri), relPath);
}

export function answerUri(task: Task): vscode.Uri {
  return vscode.Uri.from({ scheme: ANSWER_SCHEME, path: `/${task.relPath}.result.md`, query: `task=${task.id}` });
}

/** Show Request: the exact request of a task, as JSON (read-only, rendered afresh each time it is opened). */
export function requestUri(task: Task): vscode.Uri {
  return vscode.Uri.from({
    scheme: ANSWER_SCHEME,
    path: `/${task.relPath} · request.json`,
    query: new URLSearchParams({ task: task.id, view: 'request' }).toString(),
  });
}

/** The Cost Report, rendered afresh each time it is opened. */
export function costReportUri(): vscode.Uri {
  return vscode.Uri.from({ scheme: ANSWER_SCHEME, path: '/Claude Batch cost report.md' });
}

export function taskIdOf(uri: vscode.Uri): string | undefined {
  if (uri.scheme !== PROPOSED_SCHEME && uri.scheme !== ANSWER_SCHEME) return undefined;
  return new URLSearchParams(uri.query).get('task') ?? undefined;
}

/** The file's current text: the open document's (unsaved changes included) or what is on disk. */
export async function currentText(fileUri: vscode.Uri): Promise<string> {
  const doc = await vscode.workspace.openTextDocument(fileUri);
  return doc.getText();
}

export class ProposedContentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly service: BatchService,
    private readonly costReport: () => string,
    private readonly requestText: (task: Task) => Promise<string>,
  ) {
    // Keep an open preview in step with edits to its file.
    this.subscription = vscode.workspace.onDidChangeTextDocument((event) => {
      const changedFile = event.document.uri.toString();
      for (const doc of vscode.workspace.textDocuments) {
        const task = this.taskOf(doc.uri);
        if (doc.uri.scheme === PROPOSED_SCHEME && task?.fileUri === changedFile) this.changed.fire(doc.uri);
      }
    });
  }

  private taskOf(uri: vscode.Uri): Task | undefined {
    const id = taskIdOf(uri);
    return id ? this.service.store.find(id) : undefined;
  }

  async provideTextDocumentContent(uri: vscode.Uri, _token?: vscode.CancellationToken): Promise<string> {
    if (uri.toString() === costReportUri().toString()) return this.costReport();
    const task = this.taskOf(uri);
    if (!task) return `This result is no longer available (${uri.query}).`;
    if (uri.scheme === ANSWER_SCHEME)
      return new URLSearchParams(uri.query).get('view') === 'request' ? this.requestText(task) : renderAnswer(task);
    const text = await currentText(vscode.Uri.parse(task.fileUri));
    const plan = await this.service.review.plan(task, text);
    const newFile = new URLSearchParams(uri.query).get('file');
    if (newFile) return (plan.ok && plan.created.find((f) => f.relPath === newFile)?.text) || '';
    if (plan.ok) return plan.text;
    // A conflict: the three-way merge, so that the diff shows what merged and, between markers, what conflicts.
    return plan.merge?.text ?? plan.intended ?? text;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

export function renderAnswer(task: Task): string {
  const header = `# ${task.relPath}\n\n> ${task.instruction.replace(/\n/g, '\n> ')}\n\n`;
  const outcome = task.outcome;
  switch (outcome?.type) {
    case 'answer':
      return `${header}${outcome.reason ? `**Note:** ${outcome.reason}\n\n---\n\n` : ''}${outcome.text}\n`;
    case 'edits':
      return `${header}${outcome.summary}\n`;
    case 'stopped':
      return `${header}**${STOP_EXPLANATIONS[outcome.stopReason]}**\n\nWhat arrived before it stopped:\n\n\`\`\`text\n${outcome.text}\n\`\`\`\n`;
    case 'errored':
      return `${header}**The API reported an error** (${outcome.errorType}):\n\n${outcome.message}\n\nUse *Retry Failed* on the batch to queue it again.\n`;
    case 'expired':
      return `${header}The batch did not reach this task within 24 hours, so it expired. Use *Retry Failed* to queue it again.\n`;
    case 'canceled':
      return `${header}This task was canceled with its batch. Use *Retry Failed* to queue it again.\n`;
    default:
      return `${header}No result yet.\n`;
  }
}
