// Test doubles for the few host services the core needs: an in-memory Memento and a temporary folder.
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { KeyValueStore } from '../../src/core/store/batchRegistry';
import type { Task } from '../../src/core/model/records';

export class InMemoryMemento implements KeyValueStore {
  readonly data = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    const value = this.data.get(key);
    return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as T);
  }
  update(key: string, value: unknown): Promise<void> {
    this.data.set(key, JSON.parse(JSON.stringify(value)));
    return Promise.resolve();
  }
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'claude-batch-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A queued task with the fields every test needs; `extra` overrides any of them. */
export function makeTask(id: string, extra: Partial<Task> = {}): Task {
  return {
    id,
    createdAt: '2026-11-23T00:00:00Z',
    instruction: 'Add doc comments',
    folderUri: 'file:///ws',
    relPath: `src/${id}.ts`,
    fileUri: `file:///ws/src/${id}.ts`,
    snapshotHash: 'x',
    fingerprint: id,
    ...extra,
  };
}

/** The first item of a list a step must have produced; fails the test, naming what was missing, when empty. */
export function firstOf<T>(items: readonly T[] | undefined, what = 'item'): T {
  const item = items?.[0];
  if (item === undefined) throw new Error(`expected at least one ${what}, got none`);
  return item;
}
