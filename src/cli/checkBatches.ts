// One check of a workspace's running batches from a headless door, under the editor's poll lease: when a VS Code
// window (or another collect) holds it, that process is polling and downloading, so this one only reads what it
// records — two processes never poll the same batches, and a door never fights a window for the lease.
import { PollLease } from '../core/poll/pollLease';
import type { PollResult } from '../core/serviceTypes';
import type { CliWorkspace } from './workspace';

export type Check =
  | { polled: true; results: Map<string, PollResult | { error: unknown }> }
  /** Another process holds the lease; the store was re-read for what it recorded. */
  | { polled: false };

/** The longest wait between two checks unless --max-seconds says otherwise: the editor's default. */
export const DEFAULT_MAX_SECONDS = 300;

/** A lease lasts a little longer than the longest wait between two checks, as the editor's does. */
export const leaseFor = (ws: CliWorkspace, maxSeconds: number): PollLease =>
  new PollLease(ws.files.pollLease, () => maxSeconds * 2000 + 30_000);

export async function checkBatches(ws: CliWorkspace, lease: PollLease, ids: readonly string[]): Promise<Check> {
  if (!(await lease.tryAcquire())) {
    await ws.service.store.refresh();
    return { polled: false };
  }
  return { polled: true, results: await ws.service.pollMany(ids) };
}
