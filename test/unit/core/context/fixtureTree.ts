// Real-shaped workspaces on disk for the context resolver's tests: each test writes the files it needs.
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export function writeTree(files: Record<string, string | Uint8Array>): { root: string; dispose(): void } {
  const root = mkdtempSync(path.join(tmpdir(), 'cb-context-'));
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(root, ...rel.split('/'));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return { root, dispose: () => rmSync(root, { recursive: true, force: true }) };
}
