// One line per edit, for choosing edits one by one: what it adds, removes or changes, by its first changed line.
import type { Edit } from '../model/records';

const clip = (line: string, max = 80): string => {
  const trimmed = line.trim();
  return trimmed.length > max ? `${trimmed.slice(0, max - 1)}…` : trimmed;
};

export function summariseEdit(edit: Edit): string {
  if (edit.old_text === '') return `new file: ${edit.new_text.split('\n').length} lines`;
  const before = edit.old_text.split('\n');
  const after = edit.new_text.split('\n');
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  const removed = before.slice(start, endBefore);
  const added = after.slice(start, endAfter);
  const more = (lines: string[]): string => (lines.length > 1 ? ` (+${lines.length - 1} more lines)` : '');
  if (!removed.length && added.length) return `+ ${clip(added[0]!)}${more(added)}`;
  if (removed.length && !added.length) return `− ${clip(removed[0]!)}${more(removed)}`;
  if (!removed.length && !added.length) return 'no change';
  return `${clip(removed[0]!, 38)} → ${clip(added[0]!, 38)}${more(added)}`;
}
