import * as assert from 'node:assert/strict';
import { readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { sha256 } from '../../../../src/core/model/ids';
import { SnapshotStore } from '../../../../src/core/store/snapshotStore';
import { tempDir } from '../../../helpers/fakes';

describe('snapshot store', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  it('stores many texts in one pack, each once, readable by another process (a second store on the folder)', async () => {
    const texts = ['a\n', 'b\n', 'a\n', 'ünïcödé ✓\n', ''];
    const hashes = await new SnapshotStore(tmp.dir).putAll(texts);
    assert.deepEqual(
      hashes,
      texts.map((t) => sha256(t)),
    );
    const files = readdirSync(path.join(tmp.dir, 'packs')).sort();
    assert.equal(files.length, 2, 'one pack and its index');
    const other = new SnapshotStore(tmp.dir);
    for (const [i, hash] of hashes.entries()) assert.equal(await other.get(hash), texts[i]);
    assert.equal(readdirSync(tmp.dir).filter((f) => f.endsWith('.txt')).length, 0, 'no file per text');
  });

  it('keeps a lone text in a file of its own, and writes nothing for texts it already has', async () => {
    const store = new SnapshotStore(tmp.dir);
    const [hash] = await store.putAll(['only\n']);
    assert.deepEqual(readdirSync(tmp.dir), [`${hash}.txt`]);
    await store.putAll(['only\n', 'only\n']);
    assert.deepEqual(readdirSync(tmp.dir), [`${hash}.txt`], 'nothing new');
  });

  it('ignores a pack whose index was never written (a crash mid-queue): its texts are missing, not wrong', async () => {
    const [a] = await new SnapshotStore(tmp.dir).putAll(['a\n', 'b\n']);
    const packs = path.join(tmp.dir, 'packs');
    for (const f of readdirSync(packs)) if (f.endsWith('.json')) rmSync(path.join(packs, f));
    assert.equal(await new SnapshotStore(tmp.dir).get(a!), undefined);
  });

  it('sets aside a damaged pack index and reports its texts missing', async () => {
    const [a] = await new SnapshotStore(tmp.dir).putAll(['a\n', 'b\n']);
    const packs = path.join(tmp.dir, 'packs');
    const index = readdirSync(packs).find((f) => f.endsWith('.json'))!;
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(packs, index), '{"v":1,"entries":[["nope",0,1]]}');
    assert.equal(await new SnapshotStore(tmp.dir).get(a!), undefined);
    assert.ok(
      readdirSync(packs).some((f) => f.startsWith(`${index}.corrupt-`)),
      'kept aside, not deleted',
    );
  });

  it('reads every text of a pack right in any order, small ones and ones larger than its read-ahead', async () => {
    const texts = Array.from({ length: 300 }, (_, i) =>
      `${i}:`.padEnd(i % 50 === 7 ? 150_000 : 10 + ((i * 7919) % 3000), 'é✓x'),
    );
    const hashes = await new SnapshotStore(tmp.dir).putAll(texts);
    const reader = new SnapshotStore(tmp.dir);
    const order = [...hashes.keys(), ...[...hashes.keys()].reverse(), ...hashes.keys()].filter((i) => i % 3 !== 1);
    for (const i of order) assert.equal(await reader.get(hashes[i]!), texts[i], `text ${i}`);
  });
});
