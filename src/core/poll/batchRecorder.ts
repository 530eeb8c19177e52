// What the API says of a batch, recorded: its status and counts on every check; once it has ended, its results
// downloaded and given to their tasks, exactly once — or, for a cache warm-up, its tasks sent as the main batch.
import type { BatchApi } from '../api/batchApi';
import type { MessageBatch } from '../api/batchClient';
import { ClaudeBatchError, isClaudeBatchError } from '../errors';
import type { IngestSummary } from '../results/resultIngester';
import type { PollResult, ServiceDeps } from '../serviceTypes';
import type { FollowOn, Sender } from '../submit/sender';

export class BatchRecorder {
  constructor(
    private readonly deps: Pick<ServiceDeps, 'api' | 'registry' | 'ingester'>,
    private readonly sender: Pick<Sender, 'followOn'>,
  ) {}

  async poll(batchId: string): Promise<PollResult> {
    const api = await this.deps.api();
    return this.record(api, await api.retrieve(batchId));
  }

  /**
   * Polls several batches with one API call (the list endpoint, newest first); a batch not on that page is
   * retrieved on its own. Each batch gets its own result or error, so one failure does not hide the others.
   */
  async pollMany(batchIds: readonly string[]): Promise<Map<string, PollResult | { error: unknown }>> {
    const results = new Map<string, PollResult | { error: unknown }>();
    if (batchIds.length === 0) return results;
    const api = await this.deps.api();
    const listed =
      batchIds.length > 1 ? new Map((await api.listRecent()).map((b) => [b.id, b])) : new Map<string, MessageBatch>();
    for (const id of batchIds) {
      try {
        results.set(id, await this.record(api, listed.get(id) ?? (await api.retrieve(id))));
      } catch (error) {
        results.set(id, { error });
      }
    }
    return results;
  }

  /** Stores what the API said of a batch; when it has ended, downloads and records its results once. */
  private async record(api: BatchApi, batch: MessageBatch): Promise<PollResult> {
    const record = await this.deps.registry.update(batch.id, (r) => ({
      ...r,
      status: batch.processing_status,
      counts: batch.request_counts,
      expiresAt: batch.expires_at,
      endedAt: batch.ended_at ?? null,
    }));
    if (!record) throw new ClaudeBatchError('unknownBatch', `Batch ${batch.id} is not known to this workspace.`);
    if (record.status !== 'ended' || record.resultsIngested) return { record, justEnded: undefined };
    if (record.warmup) {
      // Its tasks go first, and only then is the warm-up done: a crash in between polls it again, and the
      // follow-on, which sends only tasks still waiting, sends nothing twice.
      let followOn: FollowOn;
      try {
        followOn = await this.sender.followOn(record);
      } catch (error) {
        // Another window or door is submitting: the warm-up stays ended-not-done and is followed on next check.
        if (isClaudeBatchError(error, 'submitBusy')) return { record, justEnded: undefined };
        throw error;
      }
      const done = (await this.deps.registry.update(batch.id, (r) => ({ ...r, resultsIngested: true }))) ?? record;
      return { record: done, justEnded: undefined, ...(followOn ? { followOn } : {}) };
    }
    let summary: IngestSummary;
    try {
      summary = await this.deps.ingester.ingest(api, record);
    } catch (error) {
      // Another window is downloading these results: it records them; we see them on a later check.
      if (isClaudeBatchError(error, 'ingestInProgress')) return { record, justEnded: undefined };
      throw error;
    }
    const done = (await this.deps.registry.update(batch.id, (r) => ({ ...r, resultsIngested: true }))) ?? record;
    return { record: done, justEnded: summary };
  }
}
