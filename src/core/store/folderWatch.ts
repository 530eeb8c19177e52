// Follows writes to a folder (by other windows or processes): one call, a short while after a burst of them.
import { promises as fs, watch, type FSWatcher } from 'node:fs';
import * as path from 'node:path';
import type { Disposable } from '../events';

/** Calls `onChange` 150 ms after the last write under `dir`; the `subfolders` are made first so they are watched. */
export function watchFolder(dir: string, subfolders: readonly string[], onChange: () => void): Disposable {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let watcher: FSWatcher | undefined;
  let disposed = false;
  const poke = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(onChange, 150);
  };
  void Promise.all(subfolders.map((sub) => fs.mkdir(path.join(dir, sub), { recursive: true }))).then(() => {
    if (disposed) return;
    watcher = watch(dir, { recursive: true }, poke);
    watcher.on('error', () => undefined);
  });
  return {
    dispose: () => {
      disposed = true;
      if (timer) clearTimeout(timer);
      watcher?.close();
    },
  };
}
