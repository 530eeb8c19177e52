// The files a glob names in the workspace, as a user expects from the Explorer: files.exclude applies, and so
// does each folder's .gitignore (read with the `ignore` library, as git reads it).
import * as vscode from 'vscode';
import ignore, { type Ignore } from 'ignore';
import { IGNORED_DIRS } from '../../core/context/contextSource';

/** More than this many matches is a mistake more often than a plan: nothing is queued, the user narrows it. */
export const MAX_MATCHED_FILES = 5_000;

export type FileMatch = { kind: 'files'; uris: vscode.Uri[] } | { kind: 'tooMany' };

async function gitignoreOf(folder: vscode.WorkspaceFolder): Promise<Ignore> {
  const rules = ignore();
  try {
    rules.add(
      new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, '.gitignore'))),
    );
  } catch {
    // No .gitignore: nothing more is ignored.
  }
  return rules;
}

export async function filesMatching(glob: string): Promise<FileMatch> {
  const found = await vscode.workspace.findFiles(glob, undefined, MAX_MATCHED_FILES * 2);
  const ignores = new Map<string, Ignore>();
  const uris: vscode.Uri[] = [];
  for (const uri of found) {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) continue;
    const rel = vscode.workspace.asRelativePath(uri, false).replace(/\\/g, '/');
    const relInFolder =
      rel.startsWith(`${folder.name}/`) && (vscode.workspace.workspaceFolders?.length ?? 0) > 1
        ? rel.slice(folder.name.length + 1)
        : rel;
    if (relInFolder.split('/').some((segment) => IGNORED_DIRS.has(segment))) continue;
    let rules = ignores.get(folder.uri.toString());
    if (!rules) {
      rules = await gitignoreOf(folder);
      ignores.set(folder.uri.toString(), rules);
    }
    if (!rules.ignores(relInFolder)) uris.push(uri);
  }
  if (uris.length > MAX_MATCHED_FILES) return { kind: 'tooMany' };
  return { kind: 'files', uris: uris.sort((a, b) => a.toString().localeCompare(b.toString())) };
}
