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

/** The part of BatchClient the service uses. */
export interface BatchApi {
  create(requests: readonly BatchRequest[]): Promise<MessageBatch>;
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
  /** The file's text now; it is stored as the task's snapshot. */
  text: string;
}

export interface SubmitSettings {
  model: string;
  maxTokens: number;
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
}


export interface CheckResult {
  record: BatchRecord;
  justEnded: IngestSummary | undefined;
}
