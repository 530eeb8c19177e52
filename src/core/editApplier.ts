// Pure edit application: text + anchored edits → new text, or a precise reason why not. Nothing here writes.
import * as path from 'node:path';
import type { Edit } from './model';

export type ApplyResult = { ok: true; text: string } | { ok: false; reason: string };

const BOM = '\uFEFF';

function preview(text: string): string {
  const firstLine = text.split(/\r?\n/).find((l) => l.trim().length > 0) ?? '';
  const short = firstLine.trim().slice(0, 60);
  return JSON.stringify(short + (firstLine.trim().length > 60 ? '…' : ''));
}

function occurrences(haystack: string, needle: string): number[] {
  const found: number[] = [];
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) found.push(at);
  return found;
}

/** Applies every edit or none. Line endings of the edits are adapted to the file's; a BOM is kept. */
export function applyEdits(original: string, edits: readonly Edit[]): ApplyResult {
  const hasBom = original.startsWith(BOM);
  const text = hasBom ? original.slice(1) : original;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const adapt = (s: string): string => {
    const lf = s.replace(/\r\n/g, '\n');
    return eol === '\n' ? lf : lf.replace(/\n/g, '\r\n');
  };
  const spans: Array<{ start: number; end: number; replacement: string; index: number }> = [];
  for (const [index, edit] of edits.entries()) {
    const oldText = adapt(edit.old_text);
    const label = `edit ${index + 1}`;
    if (oldText.length === 0) return { ok: false, reason: `${label}: old_text is empty` };
    const found = occurrences(text, oldText);
    if (found.length === 0) return { ok: false, reason: `${label}: old_text ${preview(oldText)} was not found in the file` };
    if (found.length > 1) {
      return { ok: false, reason: `${label}: old_text ${preview(oldText)} occurs ${found.length} times; it must be unique` };
    }
    spans.push({ start: found[0]!, end: found[0]! + oldText.length, replacement: adapt(edit.new_text), index });
  }
  spans.sort((a, b) => a.start - b.start);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i]!.start < spans[i - 1]!.end) {
      return { ok: false, reason: `edits ${spans[i - 1]!.index + 1} and ${spans[i]!.index + 1} overlap` };
    }
  }
  let result = text;
  for (const span of [...spans].reverse()) {
    result = result.slice(0, span.start) + span.replacement + result.slice(span.end);
  }
  return { ok: true, text: hasBom ? BOM + result : result };
}

/** An edit's `path`, if given, must name the task's own file. */
export function checkEditPaths(relPath: string, edits: readonly Edit[]): string | undefined {
  const own = path.posix.normalize(relPath.replace(/\\/g, '/'));
  for (const [index, edit] of edits.entries()) {
    if (edit.path === undefined || edit.path === '') continue;
    const given = edit.path.replace(/\\/g, '/');
    if (path.posix.isAbsolute(given) || /^[a-zA-Z]:/.test(given)) {
      return `edit ${index + 1}: absolute path "${edit.path}" refused; edits may only touch ${relPath}`;
    }
    const normalised = path.posix.normalize(given.replace(/^\.\//, ''));
    if (normalised !== own) return `edit ${index + 1}: path "${edit.path}" is not the task's file ${relPath}`;
  }
  return undefined;
}

export type EditPlan =
  | { ok: true; text: string; reanchored: boolean }
  | { ok: false; reason: string; conflict: boolean; alreadyApplied?: true };

/**
 * Plans the edits of a result against the file as it is now. When the file changed since the task was queued,
 * the edits are re-anchored in the current text if every anchor is still unique there; otherwise it is a conflict.
 */
export function planEdits(relPath: string, edits: readonly Edit[], snapshot: string | undefined, current: string): EditPlan {
  const pathProblem = checkEditPaths(relPath, edits);
  if (pathProblem) return { ok: false, reason: pathProblem, conflict: false };
  const changed = snapshot !== undefined && snapshot !== current;
  // Applied once already (VS Code stopped between saving the file and recording the review): applying again
  // could insert twice, since an insertion's anchor is still in the file.
  const fromSnapshot = changed ? applyEdits(snapshot, edits) : undefined;
  if (fromSnapshot?.ok && fromSnapshot.text === current) {
    return { ok: false, reason: 'these edits are already in the file', conflict: false, alreadyApplied: true };
  }
  const applied = applyEdits(current, edits);
  if (applied.ok) return { ok: true, text: applied.text, reanchored: changed };
  if (!changed) return { ok: false, reason: applied.reason, conflict: false };
  return {
    ok: false,
    reason: `the file changed since the task was queued, and the edits no longer fit: ${applied.reason}`,
    conflict: true,
  };
}

/** The smallest single replacement turning `before` into `after`: keeps undo and cursors tidy. */
export function minimalReplacement(before: string, after: string): { start: number; end: number; text: string } {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  // Never cut a surrogate pair in two: offsets are UTF-16 code units, as in VS Code.
  const isHigh = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
  if (start > 0 && isHigh(before.charCodeAt(start - 1))) start--;
  if (endBefore < before.length && isHigh(before.charCodeAt(endBefore - 1))) {
    endBefore++;
    endAfter++;
  }
  return { start, end: endBefore, text: after.slice(start, endAfter) };
}
