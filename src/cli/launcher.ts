#!/usr/bin/env node
// `claude-batch` (dist/cli.js): starts the CLI bundle (dist/cliMain.js) with V8's code cache kept in the user's
// cache folder, so that a command does not parse and compile 300 KB afresh each time (see launch/codeCache.ts).
import * as os from 'node:os';
import * as path from 'node:path';
import { loadBundle } from '../launch/codeCache';
import type * as CliModule from './main';

/** The user's own cache folder (not the shared temp folder: a cache is code, and others can write there). */
function userCacheDir(): string {
  if (process.platform === 'win32') return process.env['LOCALAPPDATA'] ?? path.join(os.homedir(), 'AppData', 'Local');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Caches');
  return process.env['XDG_CACHE_HOME'] || path.join(os.homedir(), '.cache');
}

const bundle = loadBundle(
  path.join(__dirname, 'cliMain.js'),
  path.join(userCacheDir(), 'claude-batch', 'code-cache'),
  module,
);
void (bundle.exports as typeof CliModule).run(process.argv.slice(2)).then((code) => {
  bundle.saveCache();
  process.exit(code);
});
