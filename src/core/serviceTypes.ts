// The shapes the service is built from and answers with, apart from the service itself.
import type { ModelPrice } from './cost/prices';
import type { ResolvedPart } from './context/contextParts';
import type { Effort } from './models/modelInfo';
import type { BatchRecord, Range, Task } from './model/records';
import type { BatchRegistry } from './store/batchRegistry';
import type { SnapshotStore } from './store/snapshotStore';
import type { PinnedStore } from './context/pinnedContext';
import type { TaskStore } from './store/taskStore';
import type { SubmissionJournal } from './submit/submissionJournal';
import type { ResultIngester, IngestSummary } from './results/resultIngester';
import type { BatchLimits } from './submit/batchBody';
import type { BatchApi } from './api/batchApi';

export interface TaskDraft {
  instruction: string;
  folderUri: string;
  relPath: string;
  fileUri: string;
  range?: Range | undefined;
  label?: string | undefined;
  /** The file's text now; it is stored as the task's snapshot. */
  text: string;
  /** What the request will carry beside the file (see core/context); snapshotted with the file. */
  context?: ResolvedPart[] | undefined;
}

/** Cache priming: a warm-up batch first when it pays, whenever there is a shared prefix, or never. */
export type CachePriming = 'auto' | 'always' | 'never';

export interface SubmitSettings {
  model: string;
  maxTokens: number;
  /** output_config.effort; undefined leaves it to the model. */
  effort?: Effort | undefined;
  /** Split a submission into batches of at most this many requests (never more than the API allows). */
  maxRequestsPerBatch?: number;
  prices?: Record<string, ModelPrice>;
  /**
   * The user's explicit say to send requests in which the privacy guard found key-shaped strings. Without it
   * a submit with any stops with SecretsFound, naming file and line.
   */
  sendKeysAnyway?: boolean;
  /** A warm-up batch first when it pays ('auto'), whenever there is a shared prefix, or never (the default). */
  cachePriming?: CachePriming;
}

export interface Summary {
  queued: number;
  running: number;
  ready: number;
}

export interface ServiceDeps {
  store: TaskStore;
  snapshots: SnapshotStore;
  /** Files pinned as context for the next submission (none when absent). */
  pinned?: PinnedStore;
  registry: BatchRegistry;
  journal: SubmissionJournal;
  ingester: ResultIngester;
  workspaceKey: string;
  api: () => Promise<BatchApi>;
  now?: () => Date;
  /** The lock file that keeps two windows or doors from submitting at once (none: no cross-process guard). */
  submitLock?: string;
  /** The API's per-batch limits; smaller in tests, to see a queue split without building 256 MB. */
  limits?: BatchLimits;
}

export interface PollResult {
  record: BatchRecord;
  justEnded: IngestSummary | undefined;
  /** A warm-up batch ended: the main batch it submitted, or why it could not. */
  followOn?: { records: BatchRecord[] } | { problem: string };
}

/** What a retry put back into the queue: how many, how many of them with more room, and which could get none. */
export interface RetryReport {
  retried: number;
  moreRoom: number;
  /** Cut-off tasks already sent with the model's largest max_tokens: more room cannot help them. */
  atLimit: Task[];
}
