// Loads a bundle the way `require` would, with V8's code cache kept on disk: the extension host (Node 20, no
// `module.enableCompileCache`) parses and compiles our 400 KB bundle afresh on every start, and the CLI pays the
// same on every command. With the cache, V8 skips the parse and gets back the functions compiled by the run that
// wrote it. It is scoped to our own bundles (a library such as v8-compile-cache patches every module's compile,
// which in an extension host means every other extension's too).
//
// Safe by construction: V8 checks a cache against its own version, flags and the source's length and rejects one
// that does not fit (then the bundle compiles as usual and the cache is written again); the file name carries
// the bundle's size and mtime, so a rebuilt bundle never meets an older cache. Any failure to read or write the
// cache only costs the time it would have saved.
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

export interface LoadedBundle {
  exports: unknown;
  /** Whether V8 took the cache (false on the first run, after a rebuild, or with the cache turned off). */
  cacheUsed: boolean;
  /** Writes the cache if it was missing or refused; call once the bundle has done its start-up work. */
  saveCache(): void;
}

/** Node's own switch for its compile cache (Node 22+); honoured here too, so one variable turns both off. */
const disabled = (): boolean => !!process.env.NODE_DISABLE_COMPILE_CACHE;

export function loadBundle(file: string, cacheDir: string | undefined, parent: NodeJS.Module): LoadedBundle {
  const source = fs.readFileSync(file, 'utf8');
  const cacheFile = cacheDir && !disabled() ? cacheFileOf(file, cacheDir) : undefined;
  const cachedData = cacheFile ? readIfThere(cacheFile) : undefined;
  const script = new vm.Script(Module.wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) });
  const cacheUsed = cachedData !== undefined && !script.cachedDataRejected;

  // A real module, so that its `require` resolves next to the bundle and the extension host's interception of
  // `require('vscode')` finds the requiring file inside this extension, as it does for a plain require.
  const bundle = new Module(file, parent);
  bundle.filename = file;
  bundle.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(
    path.dirname(file),
  );
  const run = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => void;
  const require = Object.assign((id: string) => bundle.require(id), {
    resolve: (id: string) => Module.createRequire(file).resolve(id),
  });
  run.call(bundle.exports, bundle.exports, require, bundle, file, path.dirname(file));
  bundle.loaded = true;

  return {
    exports: bundle.exports,
    cacheUsed,
    saveCache: () => {
      if (!cacheFile || cacheUsed) return;
      try {
        writeCache(cacheFile, script.createCachedData());
      } catch {
        // A read-only or full disk: the next start compiles as this one did.
      }
    },
  };
}

function cacheFileOf(file: string, cacheDir: string): string {
  const stat = fs.statSync(file);
  const key = [path.basename(file), stat.size, stat.mtimeMs, process.version, process.arch].join('-');
  return path.join(cacheDir, `${key}.v8cache`);
}

function readIfThere(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Written aside and renamed into place (two processes may write at once); older caches of the bundle go. */
function writeCache(file: string, data: Buffer): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const bundleName = path.basename(file).split('-')[0]!;
  for (const old of fs.readdirSync(dir))
    if (old.startsWith(`${bundleName}-`) && old.endsWith('.v8cache') && old !== path.basename(file))
      fs.rmSync(path.join(dir, old), { force: true });
  const aside = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(aside, data);
  fs.renameSync(aside, file);
}
