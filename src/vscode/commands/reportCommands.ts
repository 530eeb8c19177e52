// The Cost Report: a Markdown document (a table and a bar chart) shown in the Markdown preview.
import * as vscode from 'vscode';
import { costReportUri } from '../review/proposedContent';

/** Opens the report (rendered when opened) and returns its Markdown. */
export async function showCostReport(): Promise<string> {
  const uri = costReportUri();
  const doc = await vscode.workspace.openTextDocument(uri);
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    // Without the built-in Markdown extension, the source is still a readable table.
    await vscode.window.showTextDocument(doc, { preview: true });
  }
  return doc.getText();
}
