// Labels group tasks the user wants to send (or look at) together: "docs", "tests", "sprint-12". A label is one
// short word so it can be typed in front of an instruction ("#docs Add doc comments") and shown in a tree row.
import * as z from 'zod';

/** Anything that may carry a label: a task, a draft, an imported entry. */
export interface Labelled {
  label?: string | undefined;
}

export const LABEL_PATTERN = /^[\p{L}\p{N}_.-]{1,40}$/u;

export const TaskLabelSchema = z.lazy(() =>
  z.string().regex(LABEL_PATTERN, 'a label is one word of at most 40 letters, digits, "_", "." or "-"'),
);

/** "#docs Add doc comments" → { label: 'docs', instruction: 'Add doc comments' }; no tag leaves the text as is. */
export function splitLabel(input: string): { label?: string; instruction: string } {
  const match = /^#(\S+)\s+([\s\S]*)$/.exec(input.trim());
  if (!match || !LABEL_PATTERN.test(match[1]!) || !match[2]!.trim()) return { instruction: input.trim() };
  return { label: match[1]!, instruction: match[2]!.trim() };
}

/** Why a label cannot be used, or undefined when it can. */
export function labelProblem(label: string): string | undefined {
  const result = TaskLabelSchema.safeParse(label);
  return result.success ? undefined : result.error.issues[0]!.message;
}

/** The labels in use, sorted, with how many tasks carry each. */
export function labelsIn(tasks: readonly Labelled[]): Array<{ label: string; count: number }> {
  const counts = new Map<string, number>();
  for (const task of tasks) if (task.label) counts.set(task.label, (counts.get(task.label) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([label, count]) => ({ label, count }));
}

/** An empty filter shows everything; otherwise only tasks carrying one of its labels. */
export function matchesFilter(task: Labelled, filter: ReadonlySet<string>): boolean {
  return filter.size === 0 || (task.label !== undefined && filter.has(task.label));
}
