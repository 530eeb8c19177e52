// The one lock for "one process at a time" in the shared storage folder (auto-submit, downloading a batch's
// results): a file created exclusively, which holds across windows and processes on one machine. A lock whose
// holder is gone — no process of its pid on this host (a CLI stopped with Ctrl+C or killed), or older than
// `staleMs` when that cannot be told — is taken over.
// (proper-lockfile does this with mtime-refresh timers and graceful-fs: more than a few short critical sections
// need, in a bundle that ships to every user.)
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

export interface HeldLock {
  /** Removes the lock file, unless it was taken over meanwhile (then it is the new holder's). */
  release(): Promise<void>;
}

const isCode = (error: unknown, code: string): boolean => (error as NodeJS.ErrnoException | undefined)?.code === code;

/** What a lock file holds: who took it, unique even when the file system reuses the file's inode. */
const readToken = (file: string): Promise<string | undefined> => fs.readFile(file, 'utf8').catch(() => undefined);

/** Takes the lock, or returns undefined when a live holder has it. Any failure other than "held" is thrown. */
export async function tryLock(file: string, staleMs: number): Promise<HeldLock | undefined> {
  // Its folder may not exist yet (a fresh workspace): without it every attempt failed and was retried forever.
  await fs.mkdir(path.dirname(file), { recursive: true });
  const token = `${process.pid} ${randomBytes(8).toString('hex')} ${hostname()}\n`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await fs.writeFile(file, token, { flag: 'wx' });
      return { release: async () => ((await readToken(file)) === token ? fs.rm(file, { force: true }) : undefined) };
    } catch (error) {
      if (!isCode(error, 'EEXIST')) throw error;
    }
    const held = await fs.stat(file).catch(() => undefined);
    const heldToken = await readToken(file);
    if (held && Date.now() - held.mtimeMs < staleMs && !holderIsGone(heldToken)) return undefined;
    if (held && !(await setAsideStale(file, heldToken))) return undefined;
  }
  return undefined; // another process took the stale lock first
}

/**
 * True when the token names a process on this host that no longer runs. A token from another host (a shared
 * folder), or from a version that did not write the host, cannot tell: only its age can.
 */
function holderIsGone(token: string | undefined): boolean {
  const [pid, , host] = token?.trim().split(' ') ?? [];
  if (!pid || host !== hostname() || !/^\d+$/.test(pid)) return false;
  try {
    process.kill(Number(pid), 0); // signal 0: only asks whether the process exists
    return false;
  } catch (error) {
    return isCode(error, 'ESRCH'); // EPERM: it exists, under another user
  }
}

/** Runs `work` holding the lock; false, without running it, when another holder has it. */
export async function withLock(file: string, staleMs: number, work: () => Promise<void>): Promise<boolean> {
  const lock = await tryLock(file, staleMs);
  if (!lock) return false;
  try {
    await work();
  } finally {
    await lock.release();
  }
  return true;
}

/**
 * Moves a stale lock out of the way by renaming it (atomic: of several processes taking it over, one renames
 * it). If what was renamed is not the stale lock seen (another process took over and locked again in between),
 * it is put back.
 */
async function setAsideStale(file: string, staleToken: string | undefined): Promise<boolean> {
  const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
  try {
    await fs.rename(file, aside);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return true; // released meanwhile: try to take it
    throw error;
  }
  if ((await readToken(aside)) !== staleToken) {
    await fs.link(aside, file).catch(() => undefined);
    await fs.rm(aside, { force: true });
    return false;
  }
  await fs.rm(aside, { force: true });
  return true;
}
