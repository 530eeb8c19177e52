// What may be queued. Checked before anything is stored, so a refused file never reaches the API.
import { realpath } from 'node:fs/promises';
import * as path from 'node:path';

export const DEFAULT_MAX_FILE_BYTES = 200_000;

export type Refusal = { ok: false; reason: string } | { ok: true };

/** Git's heuristic: a NUL byte in the first 8000 bytes means binary. */
export function looksBinary(bytes: Uint8Array): boolean {
  const limit = Math.min(bytes.length, 8000);
  for (let i = 0; i < limit; i++) if (bytes[i] === 0) return true;
  return false;
}

export function checkQueueable(file: {
  displayPath: string;
  bytes: Uint8Array;
  insideWorkspace: boolean;
  maxBytes: number;
}): Refusal {
  if (!file.insideWorkspace) {
    return { ok: false, reason: `${file.displayPath} is outside the workspace; only workspace files can be queued.` };
  }
  if (file.bytes.length > file.maxBytes) {
    return {
      ok: false,
      reason: `${file.displayPath} is ${Math.round(file.bytes.length / 1024)} KB, over the ${Math.round(file.maxBytes / 1024)} KB limit (claudeBatch.maxFileBytes).`,
    };
  }
  if (looksBinary(file.bytes)) return { ok: false, reason: `${file.displayPath} is a binary file.` };
  return { ok: true };
}

/**
 * Whether a file really lies inside a folder once symlinks are resolved: a link inside the workspace that leads
 * out of it does not count. Paths that cannot be resolved count as outside.
 */
export async function resolvesInside(filePath: string, folderPath: string): Promise<boolean> {
  try {
    const [file, folder] = await Promise.all([realpath(filePath), realpath(folderPath)]);
    const relative = path.relative(folder, file);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  } catch {
    return false;
  }
}

/**
 * Whether a file that does not exist yet would land inside the folder: its nearest existing ancestor is resolved
 * through symlinks, so a linked directory leading out of the workspace is caught.
 */
export async function newPathStaysInside(filePath: string, folderPath: string): Promise<boolean> {
  let ancestor = path.dirname(filePath);
  for (;;) {
    try {
      const [real, folder] = await Promise.all([realpath(ancestor), realpath(folderPath)]);
      const relative = path.relative(folder, path.join(real, path.relative(ancestor, filePath)));
      return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
    } catch {
      const parent = path.dirname(ancestor);
      if (parent === ancestor) return false;
      ancestor = parent;
    }
  }
}
