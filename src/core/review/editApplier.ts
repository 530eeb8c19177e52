// Pure edit application: text + anchored edits → new text, or a precise reason why not. Nothing here writes.
import * as path from 'node:path';
import type { Edit } from '../model/records';
import { mergeThreeWay } from './threeWayMerge';

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
    if (found.length === 0)
      return { ok: false, reason: `${label}: old_text ${preview(oldText)} was not found in the file` };
    if (found.length > 1) {
      return {
        ok: false,
        reason: `${label}: old_text ${preview(oldText)} occurs ${found.length} times; it must be unique`,
      };
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

/** A file a result asks to create, by its path relative to the task's workspace folder. */
export interface NewFile {
  relPath: string;
  text: string;
}

export type SortedEdits = { ok: true; own: Edit[]; created: NewFile[] } | { ok: false; reason: string };

/**
 * Splits a result's edits into changes of the task's own file and files it asks to create. Any other path is
 * refused: absolute paths, paths leading out of the workspace folder, and changes to files other than the
 * task's (another file may only be created, with an empty old_text).
 */
export function sortEditPaths(relPath: string, edits: readonly Edit[]): SortedEdits {
  const own = path.posix.normalize(relPath.replace(/\\/g, '/'));
  const mine: Edit[] = [];
  const created = new Map<string, string>();
  for (const [index, edit] of edits.entries()) {
    const label = `edit ${index + 1}`;
    if (edit.path === undefined || edit.path === '') {
      mine.push(edit);
      continue;
    }
    const given = edit.path.replace(/\\/g, '/');
    if (path.posix.isAbsolute(given) || /^[a-zA-Z]:/.test(given)) {
      return {
        ok: false,
        reason: `${label}: absolute path "${edit.path}" refused; edits may only touch ${relPath} or create a file inside its workspace folder`,
      };
    }
    const normalised = path.posix.normalize(given.replace(/^\.\//, ''));
    if (normalised === own) {
      mine.push(edit);
      continue;
    }
    if (normalised === '..' || normalised.startsWith('../') || normalised === '.') {
      return { ok: false, reason: `${label}: path "${edit.path}" leads outside the workspace folder; refused` };
    }
    if (edit.old_text !== '') {
      return {
        ok: false,
        reason: `${label}: path "${edit.path}" is not the task's file ${relPath}; another file may only be created, not changed`,
      };
    }
    if (created.has(normalised)) return { ok: false, reason: `${label}: "${normalised}" is created twice` };
    created.set(normalised, edit.new_text);
  }
  return { ok: true, own: mine, created: [...created].map(([p, text]) => ({ relPath: p, text })) };
}

/**
 * Why a result cannot be applied, as data: `noEdits` (the task has none), `refused` (the edits are wrong in
 * themselves: a bad path, a missing or ambiguous anchor), `conflict` (they fit the file as queued, not as it is
 * now), `alreadyApplied` (the file holds them already). `detail` is what is wrong; `reason` says it whole.
 */
export type PlanFailureKind = 'noEdits' | 'refused' | 'conflict' | 'alreadyApplied';
export type PlanFailure = {
  ok: false;
  kind: PlanFailureKind;
  detail: string;
  reason: string;
  intended?: string;
  /** For a conflict: the three-way merge, each overlapping change between git's markers, to resolve in the editor. */
  merge?: { text: string; conflicts: number; lines: number[]; ends: number[] };
};
export type EditPlan =
  | {
      ok: true;
      text: string;
      /** The file changed since queueing and the edits still fit it (re-anchored, or merged three ways). */
      reanchored: boolean;
      /** Merged three ways with changes made to the file since: which of the file's lines are the result's. */
      merged?: boolean;
      created: NewFile[];
    }
  | PlanFailure;

const REASONS: Record<PlanFailureKind, (detail: string) => string> = {
  noEdits: () => 'This task has no edits to apply.',
  refused: (detail) => detail,
  conflict: (detail) => `the file changed since the task was queued, and the edits no longer fit: ${detail}`,
  alreadyApplied: () => 'these edits are already in the file',
};

export function planFailure(
  kind: PlanFailureKind,
  detail = '',
  intended?: string,
  merge?: PlanFailure['merge'],
): PlanFailure {
  return {
    ok: false,
    kind,
    detail,
    reason: REASONS[kind](detail),
    ...(intended !== undefined ? { intended } : {}),
    ...(merge ? { merge } : {}),
  };
}

/**
 * Plans the edits of a result against the file as it is now. When the file changed since the task was queued,
 * the edits are re-anchored in the current text if every anchor is still unique there; otherwise the result is
 * merged three ways (base: the file as queued; theirs: that with the edits; ours: the file now): changes that do
 * not overlap merge by themselves, overlapping ones are a conflict, returned with the merge between markers.
 * Files to create are returned as they are: whether their paths are free is for the caller, who sees the disk.
 */
export function planEdits(
  relPath: string,
  edits: readonly Edit[],
  snapshot: string | undefined,
  current: string,
): EditPlan {
  const sorted = sortEditPaths(relPath, edits);
  if (!sorted.ok) return planFailure('refused', sorted.reason);
  const { own, created } = sorted;
  const changed = snapshot !== undefined && snapshot !== current;
  // Applied once already (VS Code stopped between saving the file and recording the review): applying again
  // could insert twice, since an insertion's anchor is still in the file.
  const fromSnapshot = changed && own.length ? applyEdits(snapshot, own) : undefined;
  if (fromSnapshot?.ok && fromSnapshot.text === current) return planFailure('alreadyApplied');
  const applied = applyEdits(current, own);
  if (applied.ok) return { ok: true, text: applied.text, reanchored: changed && own.length > 0, created };
  if (!changed) return planFailure('refused', applied.reason);
  // The edits do not fit the file now; they fit it as queued (else they are wrong in themselves).
  if (!fromSnapshot?.ok) return planFailure('conflict', applied.reason);
  const merge = mergeThreeWay(snapshot, current, fromSnapshot.text);
  if (merge.clean) return { ok: true, text: merge.text, reanchored: true, merged: true, created };
  // What the result meant is shown against the file now, and the merge marks what both changed.
  const where = merge.lines.map((line) => `line ${line}`).join(', ');
  return planFailure(
    'conflict',
    `${merge.conflicts === 1 ? 'one change overlaps' : `${merge.conflicts} changes overlap`} yours (${where} of the merge)`,
    fromSnapshot.text,
    { text: merge.text, conflicts: merge.conflicts, lines: merge.lines, ends: merge.ends },
  );
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
