// One poller at a time per workspace: windows on the same workspace share its storage folder, and the window
// holding this lease file polls; the others only watch. The holder renews the lease on every tick; a lease
// whose holder vanished without releasing it expires.
import { promises as fs } from 'node:fs';
import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { writeJsonAtomic } from '../store/atomicFile';

const LeaseSchema = z.lazy(() => z.object({ owner: z.string(), expiresAt: z.number() }));

export class PollLease {
  readonly owner = randomBytes(8).toString('hex');

  constructor(
    private readonly file: string,
    private readonly ttlMs: () => number,
    private readonly now: () => number = Date.now,
  ) {}

  private async current(): Promise<z.infer<typeof LeaseSchema> | undefined> {
    try {
      const parsed = LeaseSchema.safeParse(JSON.parse(await fs.readFile(this.file, 'utf8')));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined; // absent or unreadable: nobody holds it
    }
  }

  /** Takes or renews the lease unless another live window holds it. */
  async tryAcquire(): Promise<boolean> {
    const held = await this.current();
    if (held && held.owner !== this.owner && held.expiresAt > this.now()) return false;
    await writeJsonAtomic(this.file, { owner: this.owner, expiresAt: this.now() + this.ttlMs() });
    // Two windows may have written at once; the last rename wins, and both read back who that was.
    return (await this.current())?.owner === this.owner;
  }

  async release(): Promise<void> {
    if ((await this.current())?.owner === this.owner) await fs.rm(this.file, { force: true });
  }
}
