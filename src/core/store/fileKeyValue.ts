// A key-value store in one JSON file: what VS Code's globalState is to the editor, for a front door without VS
// Code (the CLI, the MCP server). Written whole and atomically; a damaged file is set aside, never emptied.
import { promises as fs } from 'node:fs';
import * as z from 'zod';
import type { KeyValueStore } from './batchRegistry';
import { writeFileAtomic } from './atomicFile';

const StateSchema = z.lazy(() => z.record(z.string(), z.unknown()));

export class FileKeyValueStore implements KeyValueStore {
  private constructor(
    private readonly file: string,
    private data: Record<string, unknown>,
    /** Set when the file could not be read and was set aside. */
    readonly problem: string | undefined,
  ) {}

  static async open(file: string): Promise<FileKeyValueStore> {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new FileKeyValueStore(file, {}, undefined);
      throw error;
    }
    try {
      return new FileKeyValueStore(file, StateSchema.parse(JSON.parse(text)), undefined);
    } catch (error) {
      const aside = `${file}.damaged-${Date.now()}`;
      await fs.rename(file, aside);
      return new FileKeyValueStore(
        file,
        {},
        `${file} could not be read (${(error as Error).message}); kept as ${aside}`,
      );
    }
  }

  get<T>(key: string): T | undefined {
    return this.data[key] as T | undefined;
  }

  async update(key: string, value: unknown): Promise<void> {
    const next = { ...this.data };
    if (value === undefined) delete next[key];
    else next[key] = value;
    await writeFileAtomic(this.file, `${JSON.stringify(next)}\n`);
    this.data = next;
  }
}
