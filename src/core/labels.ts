// Words for counts and default names, shared by the core and the views.

export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

/** e.g. "3 tasks · 2026-11-23 14:05" in local time. */
export function defaultLabel(count: number, when: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${when.getFullYear()}-${pad(when.getMonth() + 1)}-${pad(when.getDate())} ${pad(when.getHours())}:${pad(when.getMinutes())}`;
  return `${plural(count, 'task')} · ${stamp}`;
}
