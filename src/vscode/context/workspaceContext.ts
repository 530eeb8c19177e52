// The editor's side of context: a ContextSource over a workspace folder (VS Code's file system and file search,
// so files.exclude applies, and open documents' unsaved text is what is read), and a helper that asks the
// language's definition provider which files a file refers to, for languages the core does not read itself.
import * as vscode from 'vscode';
import { IGNORED_DIRS, MAX_LISTED_FILES, type ContextSource } from '../../core/context/contextSource';
import type { ContextHelper } from '../../core/context/contextResolver';

function relativeTo(folder: vscode.WorkspaceFolder, uri: vscode.Uri): string | undefined {
  const root = folder.uri.path.endsWith('/') ? folder.uri.path : `${folder.uri.path}/`;
  return uri.scheme === folder.uri.scheme && uri.path.startsWith(root) ? uri.path.slice(root.length) : undefined;
}

export function workspaceContextSource(folder: vscode.WorkspaceFolder): ContextSource {
  let listing: Promise<string[]> | undefined;
  return {
    async read(relPath) {
      const uri = vscode.Uri.joinPath(folder.uri, relPath);
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (open) return new TextEncoder().encode(open.getText());
      try {
        return await vscode.workspace.fs.readFile(uri);
      } catch {
        return undefined;
      }
    },
    list() {
      listing ??= Promise.resolve(
        vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*'), undefined, MAX_LISTED_FILES),
      ).then((uris) =>
        uris
          .map((uri) => relativeTo(folder, uri))
          .filter((rel): rel is string => !!rel && !rel.split('/').some((segment) => IGNORED_DIRS.has(segment))),
      );
      return listing;
    },
  };
}

/** Lines that name other code in most languages (Go, Rust, Java, C#, C/C++, Ruby, PHP, Kotlin, Swift…). */
const REFERENCE_LINE =
  /^\s*(import|use|using|#include|#import|require|require_relative|from|package|extern crate|mod)\b/;
/** At most this many definition look-ups per file: the helper must stay quick. */
const MAX_LOOKUPS = 40;

export function definitionHelper(folder: vscode.WorkspaceFolder): ContextHelper {
  return {
    async relatedFiles(relPath) {
      const uri = vscode.Uri.joinPath(folder.uri, relPath);
      const document = await vscode.workspace.openTextDocument(uri);
      const found: string[] = [];
      let lookups = 0;
      for (let line = 0; line < Math.min(document.lineCount, 400) && lookups < MAX_LOOKUPS; line++) {
        const text = document.lineAt(line).text;
        if (!REFERENCE_LINE.test(text)) continue;
        // The last word of the line names what is imported: the module, crate, header or class.
        const words = [...text.matchAll(/[\w$]+/g)];
        const last = words[words.length - 1];
        if (!last) continue;
        lookups++;
        const locations =
          (await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>(
            'vscode.executeDefinitionProvider',
            uri,
            new vscode.Position(line, (last.index ?? 0) + 1),
          )) ?? [];
        for (const location of locations) {
          const target = 'targetUri' in location ? location.targetUri : location.uri;
          const rel = relativeTo(folder, target);
          if (rel && rel !== relPath && !found.includes(rel)) found.push(rel);
        }
      }
      return found;
    },
  };
}
