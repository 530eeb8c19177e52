// Each load runs in a Node process of its own, as the bin and the extension host do: within one process V8
// keeps compiled scripts in memory and would answer a second load without looking at the cache on disk.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../../helpers/fakes';

const loader = path.resolve(__dirname, '../../../src/launch/codeCache.js');

interface Loaded {
  cacheUsed: boolean;
  exports: { value: number; dep: string; where: string; doubled: number };
}

describe('code cache loader', () => {
  let tmp: ReturnType<typeof tempDir>;
  let bundle: string;
  let cacheDir: string;
  const caches = () => (existsSync(cacheDir) ? readdirSync(cacheDir) : []).filter((f) => f.endsWith('.v8cache'));
  /** Loads the bundle in a new process and saves the cache (unless `save` is false); what it exported, as JSON. */
  const load = ({ save = true, env = {}, dir = cacheDir }: { save?: boolean; env?: object; dir?: string } = {}) =>
    JSON.parse(
      execFileSync(
        process.execPath,
        [
          '-e',
          `const b = require(${JSON.stringify(loader)}).loadBundle(${JSON.stringify(bundle)}, ${JSON.stringify(dir)}, module);` +
            `${save ? 'b.saveCache();' : ''} console.log(JSON.stringify({ cacheUsed: b.cacheUsed, exports: b.exports }));`,
        ],
        { encoding: 'utf8', env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: '', ...env } },
      ),
    ) as Loaded;
  const source = (value: number) =>
    `exports.value = ${value};\n` +
    `exports.dep = require('./dep.js');\n` +
    `exports.where = __filename;\n` +
    `exports.doubled = (function (n) { return n * 2; })(21);\n`;

  beforeEach(() => {
    tmp = tempDir();
    bundle = path.join(tmp.dir, 'dist', 'bundle.js');
    cacheDir = path.join(tmp.dir, 'cache');
    mkdirSync(path.dirname(bundle));
    writeFileSync(bundle, source(1));
    writeFileSync(path.join(tmp.dir, 'dist', 'dep.js'), 'module.exports = "next to the bundle";\n');
  });
  afterEach(() => tmp.cleanup());

  it('runs the bundle as require would, and starts from the cache it wrote once it has one', () => {
    const first = load({ save: false });
    assert.deepEqual(first, {
      cacheUsed: false,
      exports: { value: 1, dep: 'next to the bundle', where: bundle, doubled: 42 },
    });
    assert.deepEqual(caches(), [], 'nothing is written before saveCache');
    load();
    assert.equal(caches().length, 1);
    const second = load();
    assert.equal(second.cacheUsed, true, 'V8 took the cache');
    assert.deepEqual(second.exports, first.exports);
  });

  it('never runs a rebuilt bundle from the old cache, and keeps one cache per bundle', () => {
    load();
    const before = caches();
    writeFileSync(bundle, source(1234));
    const rebuilt = load();
    assert.equal(rebuilt.cacheUsed, false);
    assert.equal(rebuilt.exports.value, 1234);
    assert.equal(caches().length, 1);
    assert.notDeepEqual(caches(), before);
    assert.equal(load().cacheUsed, true);
  });

  it('compiles as usual when the cache is damaged, and writes a good one', () => {
    load();
    writeFileSync(path.join(cacheDir, caches()[0]!), 'not a V8 code cache');
    const damaged = load();
    assert.equal(damaged.cacheUsed, false);
    assert.equal(damaged.exports.value, 1);
    assert.equal(load().cacheUsed, true);
  });

  it('reads and writes no cache with NODE_DISABLE_COMPILE_CACHE set', () => {
    load({ env: { NODE_DISABLE_COMPILE_CACHE: '1' } });
    assert.deepEqual(readdirSync(tmp.dir), ['dist']);
  });

  it('runs the bundle when the cache cannot be written (a file where its folder should be)', () => {
    writeFileSync(cacheDir, '');
    assert.equal(load().exports.value, 1);
    assert.equal(load().cacheUsed, false);
  });
});
