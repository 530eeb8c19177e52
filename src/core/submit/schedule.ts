// When the queue goes by itself: at a time the user chose ("Submit at…", e.g. off-peak), or once it holds N
// tasks. The schedule is a file in the workspace's shared storage, so it survives a reload and every window on
// the workspace sees it; the window that fires it first claims it by renaming the file, so it fires once.
import { promises as fs } from 'node:fs';
import * as z from 'zod';
import { readJsonFile, writeJsonAtomic } from '../store/atomicFile';

export const ScheduleSchema = z.lazy(() =>
  z.object({
    /** When to submit, ISO 8601. */
    at: z.string().datetime({ offset: true }),
    /** When the user set it, ISO 8601. */
    setAt: z.string().datetime({ offset: true }),
  }),
);
export type Schedule = z.infer<typeof ScheduleSchema>;

/** setTimeout takes at most 2^31-1 ms (about 24.8 days); a later time is re-armed when that fires. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Reads what a person types for "when": "22:00" (today, or tomorrow once past), "in 2h", "90m", "1h30m",
 * or a date and time ("2026-11-24 02:00", local unless it names a zone). Returns the time or why it is not one.
 */
export function parseWhen(input: string, now: Date): { at: Date } | { problem: string } {
  const text = input
    .trim()
    .toLowerCase()
    .replace(/^in\s+/, '');
  if (!text) return { problem: 'Type a time such as 22:00, in 2h, or 2026-11-24 02:00.' };
  const clock = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (clock) {
    const [hours, minutes] = [Number(clock[1]), Number(clock[2])];
    if (hours > 23 || minutes > 59) return { problem: `${input.trim()} is not a time of day.` };
    const at = new Date(now);
    at.setHours(hours, minutes, 0, 0);
    if (at.getTime() <= now.getTime()) at.setDate(at.getDate() + 1);
    return { at };
  }
  if (/^(\d+\s*[smhd]\s*)+$/.test(text)) {
    let ms = 0;
    for (const [, amount, unit] of text.matchAll(/(\d+)\s*([smhd])/g)) ms += Number(amount) * UNITS[unit!]!;
    if (ms <= 0) return { problem: 'The delay must be more than zero.' };
    return { at: new Date(now.getTime() + ms) };
  }
  const date = new Date(/^\d{4}-\d{2}-\d{2} \d/.test(text) ? text.replace(' ', 'T') : text);
  if (Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(text)) {
    return { problem: `“${input.trim()}” is not a time: use 22:00, in 2h, or 2026-11-24 02:00.` };
  }
  if (date.getTime() <= now.getTime()) return { problem: `${input.trim()} has already passed.` };
  return { at: date };
}

/** Auto-submit: a threshold of 0 is off. */
export function reachesThreshold(queued: number, threshold: number): boolean {
  return threshold > 0 && queued >= threshold;
}

export class ScheduleFile {
  constructor(private readonly file: string) {}

  /** The schedule, or none; a damaged file is set aside and named in `problem`. */
  async read(): Promise<{ schedule?: Schedule; problem?: string }> {
    const result = await readJsonFile(this.file, ScheduleSchema);
    if (result.kind === 'ok') return { schedule: result.value };
    if (result.kind === 'setAside') return { problem: `${result.problem} (kept as ${result.movedTo})` };
    return {};
  }

  async write(schedule: Schedule): Promise<void> {
    await writeJsonAtomic(this.file, ScheduleSchema.parse(schedule));
  }

  async clear(): Promise<void> {
    await fs.rm(this.file, { force: true });
  }

  /**
   * Takes the schedule to fire it: true for exactly one caller, even with several windows racing, because only
   * one rename of the file can succeed.
   */
  async claim(): Promise<boolean> {
    const claimed = `${this.file}.${process.pid}.firing`;
    try {
      await fs.rename(this.file, claimed);
    } catch {
      return false;
    }
    await fs.rm(claimed, { force: true });
    return true;
  }
}

/** "22:00", or "Tue 22:00" when not today. */
export function describeWhen(at: Date, now: Date): string {
  const time = `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
  if (at.toDateString() === now.toDateString()) return time;
  return `${at.toLocaleDateString('en', { weekday: 'short', month: 'short', day: 'numeric' })} ${time}`;
}
