// Follows writes to a folder (by other windows or processes): one call, a short while after a burst of them.
import { promises as fs, watch, type FSWatcher } from 'node:fs';
import * as path from 'node:path';
import type { Disposable } from '../events';

/**
 * Calls `onChange` 150 ms after the last write in `dir` or one of its `subfolders` (made first, so that they can
 * be watched). Each folder has a watcher of its own, not one recursive watcher: Node 20 does a recursive watch
 * on Linux by polling every file in the tree with stat, which grew with every batch kept.
 */
export function watchFolder(dir: string, subfolders: readonly string[], onChange: () => void): Disposable {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const watchers: FSWatcher[] = [];
  let disposed = false;
  const poke = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(onChange, 150);
  };
  const folders = [dir, ...subfolders.map((sub) => path.join(dir, sub))];
  void Promise.all(folders.map((folder) => fs.mkdir(folder, { recursive: true }))).then(() => {
    if (disposed) return;
    for (const folder of folders) {
      const watcher = watch(folder, poke);
      watcher.on('error', () => undefined);
      watchers.push(watcher);
    }
  });
  return {
    dispose: () => {
      disposed = true;
      if (timer) clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}
