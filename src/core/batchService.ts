// The use cases of the extension, free of VS Code: queue, submit, poll, ingest, cancel, retry, review.
// Adapters call these and only translate inputs and outputs.
import { newTaskId, fingerprint } from './model/ids';
import { costReport, pastOutputs, type CostReport } from './cost/costReport';
import { priceFor } from './cost/prices';
import type { PinnedStore } from './context/pinnedContext';
import { ModelChecker, type ModelVerdict } from './models/modelCheck';
import type { ModelInfo } from './models/modelInfo';
import { Retrier } from './queue/retrier';
import type { TokenCounter } from './cost/estimator';
import { estimateSubmission, type SubmissionEstimate } from './cost/submissionEstimate';
import { requestsFor, type SizedRequest } from './requests/requestStream';
import type { BatchBody } from './submit/batchBody';
import { ResultReview } from './review/resultReview';
import { awaitsReview, isInFlight, isRetryable, taskState, type BatchRecord, type Task } from './model/records';
import type { PollResult, RetryReport, ServiceDeps, SubmitSettings, Summary, TaskDraft } from './serviceTypes';
import { Submitter } from './submit/submitter';
import { Sender } from './submit/sender';
import { BatchRecorder } from './poll/batchRecorder';

import { partsStoredAs } from './context/contextSnapshot';
import { ClaudeBatchError } from './errors';
import { tryLock } from './store/fileLock';
import { STALE_LOCK_MS } from './store/storageLayout';
import { scanForKeys, type KeyFinding } from './context/keyScan';
import { contextSummary, type ContextSummary } from './context/contextSummary';
import { requestAmong, settingsSentWith } from './requests/requestPreview';
import type { BatchRequest } from './requests/requestBuilder';
import type { BatchRegistry } from './store/batchRegistry';
import type { TaskStore } from './store/taskStore';

export type { BatchApi } from './api/batchApi';
export type { PollResult, RetryReport, ServiceDeps, SubmitSettings, Summary, TaskDraft } from './serviceTypes';

export class BatchService {
  private readonly now: () => Date;
  /** Submitting and reconciling interrupted submissions. */
  readonly submitter: Submitter;
  /** The Models API's word on each model, asked once per session (never at activation). */
  private readonly models = new ModelChecker();
  private readonly retrier: Retrier;
  private readonly sender: Sender;
  private readonly recorder: BatchRecorder;
  /** Reviewing results: plans, reviews, commits, follow-ups. */
  readonly review: ResultReview;

  constructor(private readonly deps: ServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.submitter = new Submitter({ ...deps, now: this.now });
    this.sender = new Sender({
      ...deps,
      now: this.now,
      submitter: this.submitter,
      checkModel: (settings, tasks) => this.checkModel(settings, tasks),
    });
    // A warm-up's main batch is a submit too: under the same lock, with the queue and the warm-up's record re-read,
    // so that two doors that both saw the warm-up end send its main batch once.
    this.recorder = new BatchRecorder(deps, {
      followOn: (record) =>
        this.underSubmitLock(async () => this.sender.followOn(this.deps.registry.get(record.id) ?? record)),
    });
    this.retrier = new Retrier({ ...deps, now: this.now }, this.models);
    this.review = new ResultReview({ ...deps, now: this.now }, (taskId, settings) => this.requestOf(taskId, settings));
  }

  get store(): TaskStore {
    return this.deps.store;
  }

  get registry(): BatchRegistry {
    return this.deps.registry;
  }

  // ---- queueing ---------------------------------------------------------------------------------------------

  /** Tasks that are pending, or submitted and still waiting for their outcome. */
  private activeTasks(): Task[] {
    const inFlight = this.deps.registry
      .list()
      .filter(isInFlight)
      .flatMap((b) => this.deps.store.tasksOf(b.id));
    return [...this.deps.store.pending(), ...inFlight.filter((t) => !t.outcome)];
  }

  duplicatesOf(drafts: readonly TaskDraft[]): TaskDraft[] {
    const active = new Set(this.activeTasks().map((t) => t.fingerprint));
    return drafts.filter((d) => active.has(fingerprint(d.fileUri, d.range, d.instruction)));
  }

  /** Queues drafts at once, with no network call. Duplicates are skipped unless `allowDuplicates`. */
  async queue(
    drafts: readonly TaskDraft[],
    allowDuplicates = false,
  ): Promise<{ queued: Task[]; skipped: TaskDraft[] }> {
    const skipped = allowDuplicates ? [] : this.duplicatesOf(drafts);
    const taken = drafts.filter((d) => !skipped.includes(d));
    // Every text is stored before the queue names it, all with one flush (a crash after "queued" loses nothing):
    // each draft's file text, then its context parts' texts.
    const texts = taken.map((d) => [d.text, ...(d.context ?? []).map((p) => p.text)]);
    const hashes = await this.deps.snapshots.putAll(texts.flat());
    let at = 0;
    const queued = taken.map((draft, i): Task => {
      const [snapshotHash, ...partHashes] = hashes.slice(at, (at += texts[i]!.length));
      const context = partsStoredAs(draft.context ?? [], partHashes);
      return {
        id: newTaskId(),
        createdAt: this.now().toISOString(),
        instruction: draft.instruction.trim(),
        folderUri: draft.folderUri,
        relPath: draft.relPath,
        fileUri: draft.fileUri,
        ...(draft.range ? { range: draft.range } : {}),
        ...(draft.label ? { label: draft.label } : {}),
        snapshotHash: snapshotHash!,
        fingerprint: fingerprint(draft.fileUri, draft.range, draft.instruction),
        ...(context.length ? { context } : {}),
      };
    });
    if (queued.length) await this.deps.store.addPending(queued);
    return { queued, skipped };
  }

  // ---- submitting -------------------------------------------------------------------------------------------

  /** The tasks' requests, one at a time and in batch order, with their local size estimates. */
  requestsFor(tasks: readonly Task[], settings: SubmitSettings): AsyncGenerator<SizedRequest> {
    return requestsFor(this.withPinned(tasks), settings, this.deps.snapshots);
  }

  /** Files pinned as context for the next submission. */
  get pinned(): PinnedStore | undefined {
    return this.deps.pinned;
  }

  /** Queued tasks as they will be sent: with the pinned files in their context. Submitted ones as they were. */
  withPinned(tasks: readonly Task[]): Task[] {
    return this.sender.withPinned(tasks);
  }

  /** The create bodies for these tasks: one, or several when they exceed the API's per-batch limits. */
  encode(tasks: readonly Task[], settings: SubmitSettings): Promise<BatchBody[]> {
    return this.sender.encode(tasks, settings);
  }

  /**
   * What submitting these tasks costs, at batch and at synchronous price. With `countWithApi`, input tokens are
   * counted by the API for a sample (a dry run too: throws DryRunRejected for a request the API refuses);
   * otherwise, or when the API cannot be asked, a local estimate that says it is one.
   */
  async estimate(tasks: readonly Task[], settings: SubmitSettings, countWithApi = false): Promise<SubmissionEstimate> {
    let counter: TokenCounter | string = 'not asked';
    if (countWithApi) {
      try {
        const api = await this.deps.api();
        counter = (params) => api.countTokens(params);
      } catch (error) {
        counter = error instanceof Error ? error.message : String(error);
      }
    }
    return estimateSubmission(this.requestsFor(tasks, settings), tasks.length, settings, counter, () =>
      pastOutputs(this.batchesWithTasks(), settings.model, settings.effort),
    );
  }

  /**
   * Asks the Models API whether these tasks can be sent as set: the model exists for this key and runs in
   * batches, and takes their max_tokens and effort. Throws ModelRefused, naming the setting, when not.
   */
  async checkModel(settings: SubmitSettings, tasks: readonly Task[]): Promise<ModelVerdict> {
    const maxTokens = Math.max(settings.maxTokens, ...tasks.map((t) => t.maxTokens ?? 0));
    return this.models.check(await this.deps.api(), { model: settings.model, maxTokens, effort: settings.effort });
  }

  /** The exact request a task will be sent as (among the queue), or was sent as (among its batch). */
  async requestOf(taskId: string, current: SubmitSettings): Promise<BatchRequest | undefined> {
    const task = this.deps.store.find(taskId);
    if (!task) return undefined;
    const record = task.batchId ? this.deps.registry.get(task.batchId) : undefined;
    const peers = task.batchId ? this.deps.store.tasksOf(task.batchId) : this.submittable();
    const settings = settingsSentWith(current, record);
    return requestAmong(taskId, this.requestsFor(peers.some((t) => t.id === taskId) ? peers : [task], settings));
  }

  /** The context these tasks carry (pinned files included for queued ones), for the confirmation. */
  contextOf(tasks: readonly Task[]): ContextSummary {
    return contextSummary(this.withPinned(tasks));
  }

  /** The privacy guard's scan of what these tasks would send. */
  findKeys(tasks: readonly Task[]): Promise<KeyFinding[]> {
    return scanForKeys(this.withPinned(tasks), this.deps.snapshots);
  }

  /** Every model this key can use, for the model picker. */
  async listModels(): Promise<ModelInfo[]> {
    return (await this.deps.api()).listModels();
  }

  /** Pending tasks that may be submitted: not held by an unresolved earlier submission. */
  submittable(): Task[] {
    return this.submitter.submittable();
  }

  /**
   * Sends the given pending tasks (all of them by default) as one Message Batch, or as several batches of one
   * submission when they exceed the API's per-batch limits.
   */
  async submit(settings: SubmitSettings, name?: string, taskIds?: readonly string[]): Promise<BatchRecord[]> {
    return this.underSubmitLock(async () => {
      const wanted = taskIds ? new Set(taskIds) : undefined;
      const tasks = this.submittable().filter((t) => !wanted || wanted.has(t.id));
      if (tasks.length === 0) throw new ClaudeBatchError('emptyQueue', 'The queue is empty: nothing to submit.');
      return this.sender.send(tasks, settings, name);
    });
  }

  /**
   * One submit at a time across windows and doors (the CLI, the MCP server): each re-reads the queue under the
   * lock, so a task another one has just sent is never sent again.
   */
  private async underSubmitLock<T>(work: () => Promise<T>): Promise<T> {
    const lock = this.deps.submitLock ? await tryLock(this.deps.submitLock, STALE_LOCK_MS.submit) : undefined;
    if (this.deps.submitLock && !lock)
      throw new ClaudeBatchError(
        'submitBusy',
        "Another window (or the CLI) is submitting this workspace's queue; nothing was sent. Try again when it is done.",
      );
    try {
      await this.deps.store.refresh();
      return await work();
    } finally {
      await lock?.release();
    }
  }

  // ---- polling and results ----------------------------------------------------------------------------------

  /** Polls one batch; when it has ended, downloads and records its results (or sends its warm-up's tasks). */
  poll(batchId: string): Promise<PollResult> {
    return this.recorder.poll(batchId);
  }

  /** Polls several batches with one API call; each gets its own result or error. */
  pollMany(batchIds: readonly string[]): Promise<Map<string, PollResult | { error: unknown }>> {
    return this.recorder.pollMany(batchIds);
  }

  async markMissing(batchId: string): Promise<void> {
    await this.deps.registry.update(batchId, (r) => ({ ...r, missing: true }));
  }

  async cancel(batchId: string): Promise<BatchRecord | undefined> {
    const api = await this.deps.api();
    const batch = await api.cancel(batchId);
    return this.deps.registry.update(batchId, (r) => ({
      ...r,
      status: batch.processing_status,
      counts: batch.request_counts,
    }));
  }

  /**
   * Puts a batch's errored, expired and canceled tasks back into the queue as new tasks, and its cut-off ones
   * with more room (see retryWithMoreRoom). A cut-off task already at the model's limit is left as it is.
   */
  async retryFailed(batchId: string, settings: SubmitSettings): Promise<RetryReport> {
    return this.retrier.requeue(this.deps.store.tasksOf(batchId).filter(isRetryable), settings);
  }

  /** Puts cut-off tasks back into the queue with a larger max_tokens, up to the model's limit. */
  async retryWithMoreRoom(taskIds: readonly string[], settings: SubmitSettings): Promise<RetryReport> {
    const wanted = new Set(taskIds);
    const cutOff = this.deps.registry
      .list()
      .flatMap((b) => this.deps.store.tasksOf(b.id))
      .filter((t) => wanted.has(t.id) && taskState(t) === 'cutOff');
    return this.retrier.requeue(cutOff, settings);
  }

  summary(): Summary {
    const batches = this.deps.registry.list();
    return {
      queued: this.deps.store.pending().length,
      running: batches.filter((b) => !b.missing && b.status !== 'ended').length,
      // Only batches whose results are fully recorded: the status bar and the tree never disagree mid-download.
      ready: batches
        .filter((b) => b.resultsIngested)
        .flatMap((b) => this.deps.store.tasksOf(b.id))
        .filter(awaitsReview).length,
    };
  }

  /** What every batch with results cost, against the synchronous price. */
  costReport(settings: Pick<SubmitSettings, 'model' | 'prices'>): CostReport {
    return costReport(this.batchesWithTasks(), (model) => priceFor(model, settings.prices), settings.model);
  }

  private batchesWithTasks(): Array<{ record: BatchRecord; tasks: readonly Task[] }> {
    return this.deps.registry.list().map((record) => ({ record, tasks: this.deps.store.tasksOf(record.id) }));
  }
}
