// When to poll, as a pure function of state and time, so it is tested without timers. A batch is first checked
// `initialSeconds` after it is submitted (or right after a restart, since it may have ended meanwhile), then
// the interval doubles up to `maxSeconds`. Nothing in flight means no poll at all.
export interface PollSettings {
  initialSeconds: number;
  maxSeconds: number;
}

export interface PollState {
  /** How many checks of this batch have been made since it was submitted or resumed. */
  checks: number;
  /** When the batch is next due (epoch ms). */
  dueAt: number;
}

export function intervalAfter(checks: number, settings: PollSettings): number {
  const initial = Math.max(1, settings.initialSeconds);
  const max = Math.max(initial, settings.maxSeconds);
  return Math.min(initial * 2 ** checks, max) * 1000;
}

/** State for a batch just submitted: first check after the initial interval. */
export function afterSubmit(now: number, settings: PollSettings): PollState {
  return { checks: 0, dueAt: now + intervalAfter(0, settings) };
}

/** State for a batch found in globalState after a restart: check soon, it may have ended while we were away. */
export function afterResume(now: number, graceMs = 1000): PollState {
  return { checks: 0, dueAt: now + graceMs };
}

/** State after a check that found the batch still running: the interval doubles. */
export function afterCheck(state: PollState, now: number, settings: PollSettings): PollState {
  const checks = state.checks + 1;
  return { checks, dueAt: now + intervalAfter(checks, settings) };
}

/** Backoff after a failed check (network down, 5xx after the SDK's retries): doubling with ±20% jitter. */
export function afterFailure(state: PollState, now: number, settings: PollSettings, random = Math.random): PollState {
  const checks = state.checks + 1;
  const base = intervalAfter(checks, settings);
  return { checks, dueAt: now + Math.round(base * (0.8 + 0.4 * random())) };
}

/** How long to wait before the next timer tick, or undefined when nothing is in flight. */
export function nextDelay(states: Iterable<PollState>, now: number): number | undefined {
  let earliest: number | undefined;
  for (const state of states) earliest = earliest === undefined ? state.dueAt : Math.min(earliest, state.dueAt);
  return earliest === undefined ? undefined : Math.max(0, earliest - now);
}

export function isDue(state: PollState, now: number): boolean {
  return state.dueAt <= now;
}
