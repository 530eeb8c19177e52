// Where the context resolver reads the workspace from. The editor passes one backed by VS Code's file system and
// file search (so files.exclude applies); a headless front end and the tests use the plain Node one below.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export interface ContextSource {
  /** The file's bytes, or undefined when it does not exist or cannot be read. */
  read(relPath: string): Promise<Uint8Array | undefined>;
  /** Every file of the workspace folder (relative, forward slashes), without ignored ones; may be capped. */
  list(): Promise<readonly string[]>;
}

/** Folders no context ever comes from: dependencies, build output, version control. */
export const IGNORED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', 'build', '__pycache__']);

/** At most this many files are listed: a larger workspace is searched in part (the resolver says nothing else). */
export const MAX_LISTED_FILES = 50_000;

/** A ContextSource over a folder on disk. The listing is read once and kept. */
export function folderContextSource(root: string): ContextSource {
  let listing: Promise<string[]> | undefined;
  return {
    async read(relPath) {
      try {
        return await fs.readFile(path.join(root, ...relPath.split('/')));
      } catch {
        return undefined;
      }
    },
    list() {
      listing ??= walk(root);
      return listing;
    },
  };
}

async function walk(root: string): Promise<string[]> {
  const files: string[] = [];
  const pending = [''];
  while (pending.length && files.length < MAX_LISTED_FILES) {
    const dir = pending.shift()!;
    let entries;
    try {
      entries = await fs.readdir(path.join(root, dir), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!IGNORED_DIRS.has(entry.name)) pending.push(rel);
      } else if (entry.isFile()) {
        files.push(rel);
      }
    }
  }
  return files.slice(0, MAX_LISTED_FILES);
}
