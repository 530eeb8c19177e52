import * as assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkQueueable, looksBinary, resolvesInside, newPathStaysInside } from '../../../../src/core/queue/queueRules';
import { tempDir } from '../../../helpers/fakes';
import { fingerprint } from '../../../../src/core/model/ids';

describe('queueRules', () => {
  const ok = { displayPath: 'a.ts', bytes: Buffer.from('const a = 1;\n'), insideWorkspace: true, maxBytes: 1000 };

  it('accepts a small text file in the workspace', () => {
    assert.deepEqual(checkQueueable(ok), { ok: true });
  });

  it('refuses files outside the workspace, too large, or binary, saying why', () => {
    assert.match(
      (checkQueueable({ ...ok, insideWorkspace: false }) as { reason: string }).reason,
      /outside the workspace/,
    );
    assert.match(
      (checkQueueable({ ...ok, bytes: Buffer.alloc(5000, 97), maxBytes: 2048 }) as { reason: string }).reason,
      /over the 2 KB limit/,
    );
    assert.match(
      (checkQueueable({ ...ok, bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x1a]) }) as { reason: string })
        .reason,
      /binary/,
    );
    assert.equal(looksBinary(Buffer.from('héllo')), false);
  });

  it('follows symlinks: a link inside the workspace leading out of it is outside', async () => {
    const tmp = tempDir();
    try {
      const ws = path.join(tmp.dir, 'ws');
      mkdirSync(path.join(ws, 'src'), { recursive: true });
      writeFileSync(path.join(ws, 'src/a.ts'), 'a');
      writeFileSync(path.join(tmp.dir, 'secret.txt'), 'outside');
      symlinkSync(path.join(tmp.dir, 'secret.txt'), path.join(ws, 'src/link.txt'));
      symlinkSync(path.join(ws, 'src/a.ts'), path.join(ws, 'inner-link.ts'));
      assert.equal(await resolvesInside(path.join(ws, 'src/a.ts'), ws), true);
      assert.equal(await resolvesInside(path.join(ws, 'inner-link.ts'), ws), true);
      assert.equal(await resolvesInside(path.join(ws, 'src/link.txt'), ws), false);
      assert.equal(await resolvesInside(path.join(ws, '../secret.txt'), ws), false);
      assert.equal(await resolvesInside(path.join(ws, 'missing.ts'), ws), false);
      // A file to be created: its nearest existing directory decides, through symlinks.
      symlinkSync(tmp.dir, path.join(ws, 'linked-dir'));
      assert.equal(await newPathStaysInside(path.join(ws, 'test/deep/new.test.ts'), ws), true);
      assert.equal(await newPathStaysInside(path.join(ws, 'linked-dir/new.ts'), ws), false);
      assert.equal(await newPathStaysInside(path.join(ws, 'linked-dir/nested/new.ts'), ws), false);
    } finally {
      tmp.cleanup();
    }
  });

  it('fingerprints the same file, range and instruction alike, whitespace aside', () => {
    const range = { startLine: 1, startCharacter: 0, endLine: 3, endCharacter: 0 };
    assert.equal(fingerprint('file:///a', range, 'Add  docs'), fingerprint('file:///a', range, ' Add docs '));
    assert.notEqual(fingerprint('file:///a', range, 'Add docs'), fingerprint('file:///a', undefined, 'Add docs'));
    assert.notEqual(fingerprint('file:///a', range, 'Add docs'), fingerprint('file:///b', range, 'Add docs'));
  });
});
