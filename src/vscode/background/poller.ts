// Owns the polling timer. What to poll and when is decided by core/pollPolicy (pure); this class only keeps a
// chained setTimeout (never setInterval), and does nothing at all when no batch is in flight.
import type { BatchService, PollResult } from '../../core/batchService';
import { classifyError, type ApiProblem } from '../../core/api/batchClient';
import type { IngestSummary } from '../../core/results/resultIngester';
import type { BatchRecord } from '../../core/model/records';
import { Emitter } from '../../core/events';
import {
  afterCheck,
  afterFailure,
  afterResume,
  afterSubmit,
  isDue,
  nextDelay,
  type PollSettings,
  type PollState,
} from '../../core/poll/pollPolicy';

export interface BatchEnded {
  record: BatchRecord;
  summary: IngestSummary;
}

export interface WarmedUp {
  record: BatchRecord;
  followOn: NonNullable<PollResult['followOn']>;
}

export class Poller {
  private readonly states = new Map<string, PollState>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Ticks run one after another: a Refresh during a tick waits for it and then runs its own. */
  private chain: Promise<void> = Promise.resolve();
  private disposed = false;
  private readonly ended = new Emitter<BatchEnded>();
  private readonly problemChanged = new Emitter<ApiProblem | undefined>();
  private readonly warmedUp = new Emitter<WarmedUp>();
  readonly onDidEndBatch = this.ended.event;
  /** A warm-up batch ended and its main batch was submitted (or could not be). */
  readonly onDidWarmUp = this.warmedUp.event;
  readonly onDidChangeProblem = this.problemChanged.event;
  private currentProblem: ApiProblem | undefined;

  constructor(
    private readonly service: BatchService,
    private readonly settings: () => PollSettings,
    private readonly log: (line: string) => void,
    private readonly now: () => number = Date.now,
    /** Only the window holding the lease polls; without one, this window always does. */
    private readonly lease?: { tryAcquire(): Promise<boolean>; release(): Promise<void> },
    /** Shows that the API is being asked (and results downloaded) while `work` runs: a spinner in the status bar. */
    private readonly showBusy: <T>(work: () => Promise<T>) => Promise<T> = (work) => work(),
  ) {}

  get problem(): ApiProblem | undefined {
    return this.currentProblem;
  }

  tracked(): string[] {
    return [...this.states.keys()];
  }

  /** A batch just submitted: first check after the initial interval. */
  track(batchId: string): void {
    this.states.set(batchId, afterSubmit(this.now(), this.settings()));
    this.schedule();
  }

  /**
   * Picks up every in-flight batch from globalState (after a reload, or another window's submit) and forgets
   * those that are no longer in flight (another window finished them).
   */
  resume(): void {
    const inFlight = this.service.registry.inFlight();
    const ids = new Set(inFlight.map((r) => r.id));
    for (const id of this.states.keys()) if (!ids.has(id)) this.states.delete(id);
    for (const record of inFlight) {
      if (!this.states.has(record.id)) this.states.set(record.id, afterResume(this.now()));
    }
    this.schedule();
  }

  /** Checks every in-flight batch now (the Refresh command), and resolves when done. */
  async pollNow(): Promise<void> {
    this.resume();
    for (const [id, state] of this.states) this.states.set(id, { ...state, dueAt: this.now() });
    await this.tick();
  }

  private schedule(): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const delay = nextDelay(this.states.values(), this.now());
    if (delay === undefined) return;
    this.timer = setTimeout(() => void this.tick(), delay);
  }

  private tick(): Promise<void> {
    const run = this.chain.then(() => this.checkDue());
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async checkDue(): Promise<void> {
    const now = this.now();
    const settings = this.settings();
    const due = [...this.states].filter(([, state]) => isDue(state, now)).map(([id]) => id);
    if (due.length && this.lease && !(await this.lease.tryAcquire().catch(() => true))) {
      // Another window on this workspace polls; this one only follows what it records.
      this.resume();
      for (const id of due) {
        const state = this.states.get(id);
        if (state) this.states.set(id, afterCheck(state, this.now(), settings));
      }
      this.schedule();
      return;
    }
    let results: Map<string, PollResult | { error: unknown }>;
    try {
      // One API call per tick however many batches are due (plus a results download for each that ended).
      results = await this.showBusy(() => this.service.pollMany(due));
    } catch (error) {
      results = new Map(due.map((id) => [id, { error }]));
    }
    for (const [batchId, result] of results) {
      if (this.disposed) return;
      const state = this.states.get(batchId);
      if (!state) continue;
      if ('error' in result) {
        const problem = classifyError(result.error);
        this.log(`checking batch ${batchId} failed: ${problem.message}`);
        if (problem.kind === 'notFound') {
          // Deleted, or made with a key of another workspace: mark it and stop polling it.
          await this.service.markMissing(batchId);
          this.states.delete(batchId);
        } else {
          this.states.set(batchId, afterFailure(state, this.now(), settings));
          this.setProblem(problem);
        }
        continue;
      }
      this.setProblem(undefined);
      const { record, justEnded, followOn } = result;
      if (record.status === 'ended' && record.resultsIngested) {
        this.states.delete(batchId);
        this.log(`batch ${batchId} ended; ${record.warmup ? 'cache warmed' : 'results downloaded'}`);
        if (justEnded) this.ended.fire({ record, summary: justEnded });
        if (followOn) {
          if ('records' in followOn) for (const made of followOn.records) this.track(made.id);
          this.warmedUp.fire({ record, followOn });
        }
      } else {
        this.states.set(batchId, afterCheck(state, this.now(), settings));
      }
    }
    // Nothing left to poll: let go of the lease, so that the CLI or another window may poll what it submits next
    // without waiting for this one's lease to run out.
    if (this.states.size === 0) await this.lease?.release().catch(() => undefined);
    this.schedule();
  }

  private setProblem(problem: ApiProblem | undefined): void {
    if (this.currentProblem?.message === problem?.message) return;
    this.currentProblem = problem;
    this.problemChanged.fire(problem);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    void this.lease?.release().catch(() => undefined);
    this.ended.dispose();
    this.warmedUp.dispose();
    this.problemChanged.dispose();
  }
}
