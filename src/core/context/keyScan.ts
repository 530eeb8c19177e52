// The privacy guard before submit: every text a submission would send (files, context, instructions) is scanned
// for key-shaped strings, each distinct text once. A hit names the file and line, and which tasks carry it.
import type { Task } from '../model/records';
import type { SnapshotStore } from '../store/snapshotStore';
import { findKeys, type KeyFinding } from './secrets';

export type { KeyFinding } from './secrets';

export async function scanForKeys(tasks: readonly Task[], snapshots: SnapshotStore): Promise<KeyFinding[]> {
  // hash (or instruction) → where it is shown and who carries it
  const texts = new Map<string, { relPath: string; load: () => Promise<string | undefined>; taskIds: string[] }>();
  const add = (key: string, relPath: string, load: () => Promise<string | undefined>, taskId: string): void => {
    const known = texts.get(key);
    if (known) known.taskIds.push(taskId);
    else texts.set(key, { relPath, load, taskIds: [taskId] });
  };
  for (const task of tasks) {
    add(`file:${task.snapshotHash}`, task.relPath, () => snapshots.get(task.snapshotHash), task.id);
    for (const part of task.context ?? [])
      add(`file:${part.hash}`, part.relPath, () => snapshots.get(part.hash), task.id);
    add(`instruction:${task.instruction}`, `instruction of ${task.relPath}`, async () => task.instruction, task.id);
  }
  const findings: KeyFinding[] = [];
  for (const { relPath, load, taskIds } of texts.values()) {
    const text = await load();
    if (text === undefined) continue;
    for (const hit of findKeys(text)) findings.push({ relPath, line: hit.line, kind: hit.kind, taskIds });
  }
  return findings;
}
