// Three-way merge of a late result, line by line (node-diff3, the diff3 algorithm git's merge is built on):
// base = the file as the task was queued, theirs = base with the result's edits, ours = the file now. Changes on
// one side only, or the same on both, merge by themselves; changes both sides made to the same lines are a
// conflict, written with git's markers so that VS Code's merge-conflict actions resolve it in the editor.
import { diff3Merge } from 'node-diff3';

export const CONFLICT_LABELS = { ours: 'yours (the file now)', theirs: 'Claude Batch result' } as const;

export type MergeOutcome =
  | { clean: true; text: string }
  | {
      clean: false;
      /** The merged text, each conflict between markers. */
      text: string;
      conflicts: number;
      /** 1-based first line of each conflict's opening marker in `text`. */
      lines: number[];
      /** 1-based line of each conflict's closing marker in `text`. */
      ends: number[];
    };

export function mergeThreeWay(base: string, ours: string, theirs: string): MergeOutcome {
  const eol = ours.includes('\r\n') ? '\r\n' : '\n';
  const split = (text: string): string[] => text.replace(/\r\n/g, '\n').split('\n');
  const regions = diff3Merge(split(ours), split(base), split(theirs), { excludeFalseConflicts: true });
  const out: string[] = [];
  const lines: number[] = [];
  const ends: number[] = [];
  for (const region of regions) {
    if (region.ok) {
      out.push(...region.ok);
      continue;
    }
    const conflict = region.conflict!;
    lines.push(out.length + 1);
    out.push(
      `<<<<<<< ${CONFLICT_LABELS.ours}`,
      ...conflict.a,
      '=======',
      ...conflict.b,
      `>>>>>>> ${CONFLICT_LABELS.theirs}`,
    );
    ends.push(out.length);
  }
  const text = out.join(eol);
  return lines.length ? { clean: false, text, conflicts: lines.length, lines, ends } : { clean: true, text };
}
