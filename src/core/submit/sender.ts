// Sending tasks as a batch, with everything a send must do first, whoever starts it (a command, auto-submit,
// a schedule, the follow-on of a warm-up): pinned files become part of the tasks, the model is checked, the
// privacy guard scans what would leave, and — when it pays — a warm-up batch primes the cache first.
import { defaultBatchName } from '../model/words';
import { priceFor } from '../cost/prices';
import { withPinned } from '../context/pinnedContext';
import { scanForKeys } from '../context/keyScan';
import { KeysFound, PartialSubmitError } from '../errors';
import { requestsFor } from '../requests/requestStream';
import { API_LIMITS, encodeBatches, type BatchBody, type BatchLimits } from './batchBody';
import { choosePriming, PrefixCollector } from './priming';
import type { BatchRecord, Task, Usage } from '../model/records';
import { parseResultLine } from '../results/resultParser';
import type { ServiceDeps, SubmitSettings } from '../serviceTypes';
import type { Submitter } from './submitter';
import type { BatchRequest } from '../requests/requestBuilder';
import { settingsSentWith } from '../requests/requestPreview';

export interface SenderDeps extends Omit<ServiceDeps, 'now'> {
  now: () => Date;
  submitter: Submitter;
  /** The model check (ModelRefused when the API would refuse). */
  checkModel(settings: SubmitSettings, tasks: readonly Task[]): Promise<unknown>;
}

/** What became of a warm-up's main batch, once the warm-up ended. */
export type FollowOn = { records: BatchRecord[] } | { problem: string } | undefined;

export class Sender {
  constructor(private readonly deps: SenderDeps) {}

  /** Queued tasks as they will be sent: with the pinned files in their context. Submitted ones as they were. */
  withPinned(tasks: readonly Task[]): Task[] {
    const pinned = this.deps.pinned?.list() ?? [];
    return tasks.map((task) => (task.batchId ? task : withPinned(task, pinned)));
  }

  private limits(settings: SubmitSettings): BatchLimits {
    const limits = this.deps.limits ?? API_LIMITS;
    return { ...limits, maxRequests: Math.min(limits.maxRequests, settings.maxRequestsPerBatch ?? limits.maxRequests) };
  }

  /** The create bodies for these tasks: one, or several when they exceed the API's per-batch limits. */
  encode(tasks: readonly Task[], settings: SubmitSettings): Promise<BatchBody[]> {
    const sized = requestsFor(this.withPinned(tasks), settings, this.deps.snapshots);
    return encodeBatches(
      (async function* () {
        for await (const { request } of sized) yield request;
      })(),
      this.limits(settings),
    );
  }

  /**
   * Sends the tasks as one batch (or several parts), or — when priming is chosen — as a warm-up batch whose
   * end submits them (see followOn). Returns the batches made.
   */
  async send(tasks: readonly Task[], settings: SubmitSettings, name?: string, mayPrime = true): Promise<BatchRecord[]> {
    const pinned = [...(this.deps.pinned?.list() ?? [])];
    let sending = [...tasks];
    if (pinned.length) {
      // The pinned files become part of each task's record, so that what was sent can be shown later.
      const ids = new Set(tasks.map((t) => t.id));
      await this.deps.store.updatePending(ids, (task) => withPinned(task, pinned));
      sending = this.deps.store.pending().filter((t) => ids.has(t.id));
    }
    // Every send is checked first: the Batches API would only refuse when the batch ends.
    await this.deps.checkModel(settings, sending);
    // Batch inputs stay with the API for 29 days: a key found in them stops the send, unless the user said so.
    if (!settings.sendKeysAnyway) {
      const findings = await scanForKeys(sending, this.deps.snapshots);
      if (findings.length) throw new KeysFound(findings);
    }
    const batchName = name?.trim() || defaultBatchName(sending, this.deps.now());
    const sent = { model: settings.model, maxTokens: settings.maxTokens, effort: settings.effort };
    const warmups = mayPrime ? await this.warmupsFor(sending, settings) : undefined;
    const records = warmups
      ? await this.deps.submitter.submit(
          await encodeBatches(warmups, this.limits(settings)),
          `${batchName} · cache warm-up`,
          {
            ...sent,
            warmup: {
              taskIds: sending.map((t) => t.id),
              name: batchName,
              ...(settings.maxRequestsPerBatch ? { maxRequestsPerBatch: settings.maxRequestsPerBatch } : {}),
              ...(settings.sendKeysAnyway ? { sendKeysAnyway: true } : {}),
            },
          },
        )
      : await this.deps.submitter.submit(await this.encode(sending, settings), batchName, sent);
    if (pinned.length) await this.deps.pinned?.release(pinned);
    return records;
  }

  /** The warm-up requests, when the setting and the saving call for them. */
  private async warmupsFor(tasks: readonly Task[], settings: SubmitSettings): Promise<BatchRequest[] | undefined> {
    if (!settings.cachePriming || settings.cachePriming === 'never') return undefined;
    const price = priceFor(settings.model, settings.prices);
    const collector = new PrefixCollector();
    for await (const sized of requestsFor(tasks, settings, this.deps.snapshots)) collector.offer(sized);
    // Without a price, 'auto' cannot judge the saving; 'always' still primes.
    const plan = price ? collector.plan(price, settings.effort) : { warmups: collector.sharedPrefixes(), clear: false };
    return choosePriming(settings.cachePriming, plan) ? collector.warmupRequests() : undefined;
  }

  /** What a warm-up's few requests were billed for: a small download, so the Cost Report can count it. */
  private async warmupUsage(record: BatchRecord): Promise<{ usage?: Usage[] }> {
    const usage: Usage[] = [];
    try {
      const api = await this.deps.api();
      await api.streamResults(record.id, (line) => {
        const parsed = parseResultLine(line);
        if (parsed.ok && 'usage' in parsed.outcome && parsed.outcome.usage) usage.push(parsed.outcome.usage);
      });
    } catch {
      // Its cost goes unrecorded; the main batch matters more than the bill of its warm-up.
      return {};
    }
    return { usage };
  }

  /**
   * A warm-up batch ended (whatever its outcome): its tasks still waiting are sent now, as the main batch. Runs
   * once: the record says what followed, or why nothing could.
   */
  async followOn(record: BatchRecord): Promise<FollowOn> {
    if (!record.warmup || record.warmup.followedBy || record.warmup.problem !== undefined) return undefined;
    const warmup = { ...record.warmup, ...(await this.warmupUsage(record)) };
    const held = new Set(warmup.taskIds);
    const locked = this.deps.journal.lockedTaskIds();
    const tasks = this.deps.store.pending().filter((t) => held.has(t.id) && !locked.has(t.id));
    // A warm-up's record carries the settings it was sent with: the main batch must match them to read its cache.
    const settings: SubmitSettings = {
      ...settingsSentWith({ model: '', maxTokens: 1 }, record),
      ...(warmup.maxRequestsPerBatch ? { maxRequestsPerBatch: warmup.maxRequestsPerBatch } : {}),
      sendKeysAnyway: warmup.sendKeysAnyway === true,
    };
    let outcome: FollowOn;
    try {
      outcome = { records: tasks.length ? await this.send(tasks, settings, warmup.name, false) : [] };
    } catch (error) {
      // Part of a split main batch was made: those tasks are sent; the rest are back in the queue.
      outcome =
        error instanceof PartialSubmitError
          ? { records: error.submitted }
          : { problem: error instanceof Error ? error.message : String(error) };
    }
    await this.deps.registry.update(record.id, (r) => ({
      ...r,
      warmup: {
        ...warmup,
        ...('records' in outcome ? { followedBy: outcome.records.map((b) => b.id) } : { problem: outcome.problem }),
      },
    }));
    return outcome;
  }
}
