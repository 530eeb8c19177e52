// Durable JSON files: written whole to a temporary name and renamed over the old one, so a crash leaves either
// the old file or the new one, never half of one. Reading validates with zod; a damaged file is set aside
// (renamed, never deleted) and reported, so no data is silently emptied.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import type * as z from 'zod';
import { describeZodError } from '../errors';

export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await fs.open(tmp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(tmp, file);
}

export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(value));
}

export type ReadResult<T> =
  { kind: 'ok'; value: T } | { kind: 'absent' } | { kind: 'setAside'; problem: string; movedTo: string };

export async function readJsonFile<T>(file: string, schema: z.ZodType<T>): Promise<ReadResult<T>> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
    throw error;
  }
  let problem: string;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    if (parsed.success) return { kind: 'ok', value: parsed.data };
    problem = describeZodError(parsed.error);
  } catch (error) {
    problem = `not valid JSON (${(error as Error).message})`;
  }
  const movedTo = `${file}.corrupt-${Date.now()}`;
  await fs.rename(file, movedTo);
  return { kind: 'setAside', problem, movedTo };
}
