// One status-bar item that says what is true: queued, running, ready for review, or what keeps batches from
// being checked (unreachable, key refused, rate limited).
import * as vscode from 'vscode';
import type { Summary } from '../../core/batchService';
import type { ApiProblem } from '../../core/api/batchClient';
import { describeWhen } from '../../core/submit/schedule';

export function statusText(summary: Summary): string {
  const parts: string[] = [];
  if (summary.queued) parts.push(`${summary.queued} queued`);
  if (summary.running) parts.push(`${summary.running} running`);
  if (summary.ready) parts.push(`${summary.ready} ready`);
  return parts.join(' · ');
}

/** A few words for what stops the poller; the tooltip carries the API's own message. */
function problemWords(problem: ApiProblem): string {
  switch (problem.kind) {
    case 'auth':
      return 'API key refused';
    case 'permission':
      return 'API access denied';
    case 'rateLimited':
      return 'rate limited';
    default:
      return 'API unreachable';
  }
}

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('claudeBatch.status', vscode.StatusBarAlignment.Left, 50);
  private text = '';

  constructor() {
    this.item.name = 'Claude Batch';
    this.item.command = 'claudeBatch.tasks.focus';
  }

  /** The plain text shown (without icons), for the extension's API. */
  get currentText(): string {
    return this.text;
  }

  update(summary: Summary, problem: ApiProblem | undefined, scheduledAt?: Date): void {
    const when = scheduledAt && summary.queued ? ` · submits ${describeWhen(scheduledAt, new Date())}` : '';
    const plain = statusText(summary) + when;
    const unreachable = problem && summary.running > 0;
    this.text = unreachable ? `${plain} · ${problemWords(problem)}` : plain;
    if (!plain) {
      this.item.hide();
      return;
    }
    const icon = unreachable
      ? '$(cloud-offline)'
      : summary.ready
        ? '$(bell-dot)'
        : summary.running
          ? '$(sync~spin)'
          : '$(inbox)';
    this.item.text = `${icon} ${this.text}`;
    this.item.tooltip = unreachable
      ? `Claude Batch: cannot check batches (${problem.message}). Retrying with backoff.`
      : 'Claude Batch: click to show the tasks';
    this.item.backgroundColor = unreachable ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
