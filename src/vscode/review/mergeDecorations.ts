// Marks, in a result's review, what conflicts: when a late result overlaps changes made since queueing, its diff
// shows the three-way merge, and each conflict (between git's markers) gets a highlight, a mark in the overview
// ruler and a hover saying what to do. What is not marked merged by itself.
import * as vscode from 'vscode';
import type { BatchService } from '../../core/batchService';
import { taskState } from '../../core/model/records';
import { PROPOSED_SCHEME, currentText, taskIdOf } from './proposedContent';

const CONFLICT_HOVER =
  '**Conflict**: you changed these lines since the task was queued, and so did the result. ' +
  'Use *Resolve Conflicts in Editor* to write the merge into the file and choose there; everything else merged by itself.';

export class MergeDecorations implements vscode.Disposable {
  private readonly hover = new vscode.MarkdownString(CONFLICT_HOVER);
  private readonly conflict = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('merge.incomingContentBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.conflictForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Full,
  });
  /** What is marked now, by document URI: [first, last] zero-based lines of each conflict. */
  private readonly marked = new Map<string, Array<[number, number]>>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly service: BatchService,
    onDidChangeContent: vscode.Event<vscode.Uri>,
  ) {
    this.subscriptions = [
      vscode.window.onDidChangeVisibleTextEditors((editors) => void this.decorate(editors)),
      onDidChangeContent(() => void this.decorate(vscode.window.visibleTextEditors)),
    ];
    void this.decorate(vscode.window.visibleTextEditors);
  }

  /** The conflicts marked in a document (for tests and agents, through the extension's API). */
  marksOf(uri: string): Array<[number, number]> | undefined {
    return this.marked.get(uri);
  }

  private async decorate(editors: readonly vscode.TextEditor[]): Promise<void> {
    for (const editor of editors) {
      const uri = editor.document.uri;
      if (uri.scheme !== PROPOSED_SCHEME || new URLSearchParams(uri.query).get('file')) continue;
      const id = taskIdOf(uri);
      const task = id ? this.service.store.find(id) : undefined;
      let ranges: Array<[number, number]> = [];
      if (task && taskState(task) === 'ready') {
        const plan = await this.service.review.plan(task, await currentText(vscode.Uri.parse(task.fileUri)));
        if (!plan.ok && plan.merge) ranges = plan.merge.lines.map((start, i) => [start - 1, plan.merge!.ends[i]! - 1]);
      }
      editor.setDecorations(
        this.conflict,
        ranges.map(([start, end]) => ({ range: new vscode.Range(start, 0, end, 0), hoverMessage: this.hover })),
      );
      if (ranges.length) this.marked.set(uri.toString(), ranges);
      else this.marked.delete(uri.toString());
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.conflict.dispose();
  }
}
