// The Batches API as the core's use cases need it: what BatchClient offers, and what a test or a logging
// wrapper implements. Kept apart from the service so that the submitter and the ingester depend on it alone.
import type { MessageBatch } from './batchClient';
import type { BatchRequest } from '../requests/requestBuilder';
import type { BatchBody } from '../submit/batchBody';
import type { ModelInfo } from '../models/modelInfo';

/** The part of BatchClient the service uses. */
export interface BatchApi {
  create(body: BatchBody): Promise<MessageBatch>;
  retrieve(batchId: string): Promise<MessageBatch>;
  listRecent(limit?: number): Promise<MessageBatch[]>;
  cancel(batchId: string): Promise<MessageBatch>;
  streamResults(batchId: string, onLine: (line: unknown) => Promise<void> | void): Promise<number>;
  countTokens(params: BatchRequest['params']): Promise<number>;
  /** The Models API: one model (404 when the key's workspace does not know it), and every available one. */
  retrieveModel(model: string): Promise<ModelInfo>;
  listModels(): Promise<ModelInfo[]>;
}
