// File contents as they were when a task was queued, stored once per distinct content (by sha256), because
// edits are anchored to that text and several tasks often share one file.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { sha256 } from '../model/ids';
import { writeFileAtomic } from './atomicFile';
import { ClaudeBatchError } from '../errors';

export class SnapshotStore {
  constructor(private readonly dir: string) {}

  async put(text: string): Promise<string> {
    const hash = sha256(text);
    const file = this.fileFor(hash);
    try {
      await fs.access(file);
    } catch {
      await writeFileAtomic(file, text);
    }
    return hash;
  }

  async get(hash: string): Promise<string | undefined> {
    try {
      return await fs.readFile(this.fileFor(hash), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  private fileFor(hash: string): string {
    if (!/^[0-9a-f]{64}$/.test(hash)) throw new ClaudeBatchError('invalidId', `invalid snapshot hash: ${hash}`);
    return path.join(this.dir, `${hash}.txt`);
  }
}
