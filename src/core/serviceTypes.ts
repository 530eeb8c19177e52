// The shapes the service is built from and answers with, apart from the service itself.
import type { ModelPrice } from './cost';
import type { BatchRecord, Range } from './model';
import type { BatchRegistry } from './batchRegistry';
import type { SnapshotStore } from './snapshotStore';
import type { TaskStore } from './taskStore';
import type { MessageBatch } from './batchClient';
import type { SubmissionJournal } from './submissionJournal';
import type { ResultIngester, IngestSummary } from './resultIngester';
import type { BatchRequest } from './requestBuilder';
import type { BatchBody, BatchLimits } from './batchBody';

/** The part of BatchClient the service uses. */
export interface BatchApi {
  create(body: BatchBody): Promise<MessageBatch>;
  retrieve(batchId: string): Promise<MessageBatch>;
  listRecent(limit?: number): Promise<MessageBatch[]>;
  cancel(batchId: string): Promise<MessageBatch>;
  streamResults(batchId: string, onLine: (line: unknown) => Promise<void> | void): Promise<number>;
  countTokens(params: BatchRequest['params']): Promise<number>;
}

export interface TaskDraft {
  instruction: string;
  folderUri: string;
  relPath: string;
  fileUri: string;
  range?: Range | undefined;
  label?: string | undefined;
  /** The file's text now; it is stored as the task's snapshot. */
  text: string;
}

export interface SubmitSettings {
  model: string;
  maxTokens: number;
  /** Split a submission into batches of at most this many requests (never more than the API allows). */
  maxRequestsPerBatch?: number;
  prices?: Record<string, ModelPrice>;
}

export interface Summary {
  queued: number;
  running: number;
  ready: number;
}

export interface ServiceDeps {
  store: TaskStore;
  snapshots: SnapshotStore;
  registry: BatchRegistry;
  journal: SubmissionJournal;
  ingester: ResultIngester;
  workspaceKey: string;
  api: () => Promise<BatchApi>;
  now?: () => Date;
  /** The API's per-batch limits; smaller in tests, to see a queue split without building 256 MB. */
  limits?: BatchLimits;
}


export interface CheckResult {
  record: BatchRecord;
  justEnded: IngestSummary | undefined;
}
