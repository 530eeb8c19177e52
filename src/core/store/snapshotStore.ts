// File contents as they were when a task was queued, stored once per distinct content (by sha256), because
// edits are anchored to that text and several tasks often share one file.
//
// One text is a file of its own (`<hash>.txt`). Many at once (queueing 1,000 files) go into one pack, so that
// they cost one flush to disk instead of one each: `packs/<name>.pack` holds the texts end to end and
// `packs/<name>.json` says where each one is. The index is written last, so a pack without one was cut short by a
// crash before anything referred to it, and is ignored. A reader that misses a hash re-reads the pack indexes:
// another window or the CLI may have written one since.
import { closeSync, openSync, promises as fs, readSync } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { sha256 } from '../model/ids';
import { readJsonFile, writeFileAtomic, writeJsonAtomic } from './atomicFile';
import { ClaudeBatchError } from '../errors';

const PackIndexSchema = z.lazy(() =>
  z.object({
    v: z.literal(1),
    /** [hash, byte offset, byte length] in the pack. */
    entries: z.array(z.tuple([z.string().regex(/^[0-9a-f]{64}$/), z.number().int().min(0), z.number().int().min(0)])),
  }),
);

/** How many packs stay open between reads, and how much of each is read ahead. */
const OPEN_PACKS = 8;
const READ_AHEAD_BYTES = 64 * 1024;

interface OpenPack {
  fd: number;
  window?: { start: number; bytes: Buffer };
}

interface Packed {
  pack: string;
  offset: number;
  length: number;
}

export class SnapshotStore {
  private readonly packed = new Map<string, Packed>();
  /** The pack indexes already read. */
  private readonly indexesRead = new Set<string>();
  /** Pack path → what is open of it, in order of last use. */
  private readonly open = new Map<string, OpenPack>();

  constructor(private readonly dir: string) {}

  private get packDir(): string {
    return path.join(this.dir, 'packs');
  }

  async put(text: string): Promise<string> {
    return (await this.putAll([text]))[0]!;
  }

  /** Stores every text not stored yet, durably, with one flush for all of them; returns their hashes in order. */
  async putAll(texts: readonly string[]): Promise<string[]> {
    const hashes = texts.map((text) => sha256(text));
    const fresh = new Map<string, string>();
    const stored = await Promise.all(hashes.map((hash) => this.has(hash)));
    hashes.forEach((hash, i) => stored[i] || fresh.set(hash, texts[i]!));
    const [only] = fresh;
    if (fresh.size === 1 && only) await writeFileAtomic(this.fileFor(only[0]), only[1]);
    else if (fresh.size > 1) await this.writePack(fresh);
    return hashes;
  }

  async get(hash: string): Promise<string | undefined> {
    const file = this.fileFor(hash);
    const packed = this.packed.get(hash);
    if (packed) return this.readPacked(packed);
    try {
      return await fs.readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await this.readNewIndexes();
    const found = this.packed.get(hash);
    return found ? this.readPacked(found) : undefined;
  }

  private async has(hash: string): Promise<boolean> {
    if (this.packed.has(hash)) return true;
    try {
      await fs.access(this.fileFor(hash));
      return true;
    } catch {
      return false;
    }
  }

  private async writePack(texts: ReadonlyMap<string, string>): Promise<void> {
    const name = `${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`;
    const entries: Array<[string, number, number]> = [];
    const buffers: Buffer[] = [];
    let offset = 0;
    for (const [hash, text] of texts) {
      const bytes = Buffer.from(text, 'utf8');
      entries.push([hash, offset, bytes.length]);
      buffers.push(bytes);
      offset += bytes.length;
    }
    const pack = path.join(this.packDir, `${name}.pack`);
    await writeFileAtomic(pack, Buffer.concat(buffers, offset));
    // The index makes the pack count, so it goes last.
    await writeJsonAtomic(path.join(this.packDir, `${name}.json`), { v: 1, entries });
    this.indexesRead.add(`${name}.json`);
    for (const [hash, start, length] of entries) this.packed.set(hash, { pack, offset: start, length });
  }

  /** Reads the pack indexes not read yet (written by this process before a restart, or by another). */
  private async readNewIndexes(): Promise<void> {
    let names: string[];
    try {
      names = await fs.readdir(this.packDir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const name of names) {
      if (!name.endsWith('.json') || this.indexesRead.has(name)) continue;
      this.indexesRead.add(name);
      const index = await readJsonFile(path.join(this.packDir, name), PackIndexSchema);
      if (index.kind !== 'ok') continue; // set aside: its texts are as good as missing, and get() says so
      const pack = path.join(this.packDir, `${name.slice(0, -'.json'.length)}.pack`);
      for (const [hash, offset, length] of index.value.entries) this.packed.set(hash, { pack, offset, length });
    }
  }

  /**
   * A text in a pack, from a window of the pack read ahead: texts are read mostly in the order they were queued,
   * so one read serves the next few dozen. Synchronous on purpose: building a 10,000-task payload reads 10,000
   * texts of a few KB from local disk, and a promise round trip through the thread pool per read costs twenty
   * times the read itself.
   */
  private readPacked({ pack, offset, length }: Packed): string | undefined {
    const open = this.openPack(pack);
    if (!open) return undefined;
    const { window } = open;
    if (!window || offset < window.start || offset + length > window.start + window.bytes.length) {
      const bytes = Buffer.allocUnsafe(Math.max(length, READ_AHEAD_BYTES));
      const read = readSync(open.fd, bytes, 0, bytes.length, offset);
      if (read < length) return undefined;
      open.window = { start: offset, bytes: bytes.subarray(0, read) };
    }
    const start = offset - open.window!.start;
    return open.window!.bytes.toString('utf8', start, start + length);
  }

  /** Open packs (descriptor and read-ahead window), the least recently used closed beyond a few. */
  private openPack(pack: string): OpenPack | undefined {
    let open = this.open.get(pack);
    if (open) {
      this.open.delete(pack);
    } else {
      try {
        open = { fd: openSync(pack, 'r') };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      for (const [oldest, { fd }] of this.open) {
        if (this.open.size < OPEN_PACKS) break;
        this.open.delete(oldest);
        closeSync(fd);
      }
    }
    this.open.set(pack, open);
    return open;
  }

  private fileFor(hash: string): string {
    if (!/^[0-9a-f]{64}$/.test(hash)) throw new ClaudeBatchError('invalidId', `invalid snapshot hash: ${hash}`);
    return path.join(this.dir, `${hash}.txt`);
  }
}
