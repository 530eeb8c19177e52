// Task ids (used as custom_ids) and request fingerprints.
import { createHash, randomBytes } from 'node:crypto';
import type { Range } from './records';

export function newTaskId(): string {
  // 't' + time (sortable) + randomness: 1 + 9 + 16 characters, well inside the 64-character custom_id limit.
  return `t${Date.now().toString(36)}${randomBytes(8).toString('hex')}`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Two tasks with the same fingerprint ask the same question of the same code. */
export function fingerprint(fileUri: string, range: Range | undefined, instruction: string): string {
  const where = range ? `${range.startLine}:${range.startCharacter}-${range.endLine}:${range.endCharacter}` : 'file';
  return sha256(`${fileUri}\n${where}\n${instruction.trim().replace(/\s+/g, ' ')}`).slice(0, 32);
}
