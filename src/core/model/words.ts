// Words for counts and default names, shared by the core and the views.

export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

/**
 * A batch's name when the user gives none: "3 tasks · 2026-11-23 14:05" in local time, led by the tasks' label
 * when they all share one ("docs · 3 tasks · …").
 */
export function defaultBatchName(tasks: ReadonlyArray<{ label?: string | undefined }>, when: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${when.getFullYear()}-${pad(when.getMonth() + 1)}-${pad(when.getDate())} ${pad(when.getHours())}:${pad(when.getMinutes())}`;
  const labels = new Set(tasks.map((t) => t.label));
  const shared = labels.size === 1 ? [...labels][0] : undefined;
  return `${shared ? `${shared} · ` : ''}${plural(tasks.length, 'task')} · ${stamp}`;
}
