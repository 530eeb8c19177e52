// A badge in the Explorer (and on editor tabs) on every file with a result waiting for review, so a person
// finds them without opening the Claude Batch view.
import * as vscode from 'vscode';
import type { BatchService } from '../../core/batchService';
import { plural } from '../../core/model/words';
import { awaitsReview } from '../../core/model/records';

export const READY_BADGE = '✦';

export class ReadyResultDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri[]>();
  readonly onDidChangeFileDecorations = this.changed.event;
  /** File URI → how many of its results await review. */
  private ready = new Map<string, number>();

  constructor(private readonly service: BatchService) {
    this.ready = this.count();
  }

  /** Recounts after a change and tells VS Code which files gained or lost their badge. */
  update(): void {
    const next = this.count();
    const touched = new Set(
      [...this.ready.keys(), ...next.keys()].filter((uri) => this.ready.get(uri) !== next.get(uri)),
    );
    this.ready = next;
    if (touched.size) this.changed.fire([...touched].map((uri) => vscode.Uri.parse(uri)));
  }

  /** The badge for a file, as plain data (for the extension's API). */
  describe(uri: string): { badge: string; tooltip: string } | undefined {
    const count = this.ready.get(uri);
    return count
      ? { badge: READY_BADGE, tooltip: `Claude Batch: ${plural(count, 'result')} ready to review` }
      : undefined;
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    const found = this.describe(uri.toString());
    return found
      ? new vscode.FileDecoration(found.badge, found.tooltip, new vscode.ThemeColor('charts.green'))
      : undefined;
  }

  private count(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const batch of this.service.registry.list()) {
      for (const task of this.service.store.tasksOf(batch.id)) {
        if (awaitsReview(task) && task.outcome?.type === 'edits')
          counts.set(task.fileUri, (counts.get(task.fileUri) ?? 0) + 1);
      }
    }
    return counts;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
