// Error and warning notifications. The last few are remembered so that the exported API can tell what a user
// was told (VS Code offers no way to read notifications back).
import * as vscode from 'vscode';

export interface Notice {
  severity: 'error' | 'warning';
  text: string;
  /** The buttons offered with it. */
  actions: readonly string[];
  at: number;
}

const KEEP = 50;
const recent: Notice[] = [];

export function recentNotices(): readonly Notice[] {
  return recent;
}

export function notify(
  severity: Notice['severity'],
  text: string,
  actions: readonly string[] = [],
  options: vscode.MessageOptions = {},
): Thenable<string | undefined> {
  recent.push({ severity, text, actions: [...actions], at: Date.now() });
  if (recent.length > KEEP) recent.shift();
  return severity === 'error'
    ? vscode.window.showErrorMessage(text, options, ...actions)
    : vscode.window.showWarningMessage(text, options, ...actions);
}
