// The bin as installed: src/cli/launcher.ts and the CLI bundled by esbuild the way esbuild.mjs does, run as a
// process. The launcher keeps V8's code cache in the user's cache folder (XDG_CACHE_HOME here).
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as esbuild from 'esbuild';
import { tempDir } from '../../helpers/fakes';

const repo = path.resolve(__dirname, '../../../..');

describe('claude-batch bin (launcher + bundle)', function () {
  this.timeout(60_000);
  let tmp: ReturnType<typeof tempDir>;
  before(async () => {
    tmp = tempDir();
    const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'silent' } as const;
    await esbuild.build({
      ...common,
      entryPoints: [path.join(repo, 'src/cli/launcher.ts')],
      outfile: path.join(tmp.dir, 'dist/cli.js'),
    });
    await esbuild.build({
      ...common,
      entryPoints: [path.join(repo, 'src/cli/main.ts')],
      outfile: path.join(tmp.dir, 'dist/cliMain.js'),
      external: ['./mcpServer.js'],
    });
  });
  after(() => tmp.cleanup());

  it('runs a command once, and starts later ones from the code cache the first wrote', async () => {
    const cacheDir = path.join(tmp.dir, 'cache', 'claude-batch', 'code-cache');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      XDG_CACHE_HOME: path.join(tmp.dir, 'cache'),
      CLAUDE_BATCH_HOME: tmp.dir,
    };
    delete env['NODE_DISABLE_COMPILE_CACHE'];
    const status = () =>
      promisify(execFile)(process.execPath, [path.join(tmp.dir, 'dist/cli.js'), 'status', '--json', '-w', tmp.dir], {
        env,
      });

    const first = JSON.parse((await status()).stdout) as { queued: unknown[]; batches: unknown[] };
    assert.deepEqual([first.queued, first.batches], [[], []]);
    const written = readdirSync(cacheDir);
    assert.equal(written.length, 1, 'the first run wrote the cache');
    assert.match(written[0]!, /^cliMain\.js-.*\.v8cache$/);
    const writtenAt = statSync(path.join(cacheDir, written[0]!)).mtimeMs;

    const second = JSON.parse((await status()).stdout) as { queued: unknown[] };
    assert.deepEqual(second.queued, []);
    assert.deepEqual(readdirSync(cacheDir), written);
    assert.equal(
      statSync(path.join(cacheDir, written[0]!)).mtimeMs,
      writtenAt,
      'the second run took the cache (one it refused would be written again)',
    );
  });
});
