// The requests of a submission, built one at a time from the tasks and the file text they were queued with, each
// with its local size estimate: callers keep what they need (a sample, a serialised body), so the requests of a
// large queue never all exist at once.
import { ClaudeBatchError } from '../errors';
import { estimateTokens } from '../cost/prices';
import type { RequestSize } from '../cost/requestCost';
import type { Task } from '../model/records';
import type { SubmitSettings } from '../serviceTypes';
import type { SnapshotStore } from '../store/snapshotStore';
import {
  buildRequest,
  layoutForCache,
  MIN_CACHEABLE_TOKENS,
  sliceRange,
  SYSTEM_PROMPT,
  type BatchRequest,
} from './requestBuilder';

export interface SizedRequest {
  request: BatchRequest;
  size: RequestSize;
}

async function snapshotOf(task: Task, snapshots: SnapshotStore): Promise<string> {
  const text = await snapshots.get(task.snapshotHash);
  if (text === undefined)
    throw new ClaudeBatchError('snapshotMissing', `The saved copy of ${task.relPath} for task ${task.id} is missing.`);
  return text;
}

/**
 * The tasks' requests, one at a time and in batch order, with their local size estimates: callers keep what
 * they need (a sample, a serialised body), so the requests never all exist at once.
 */
export async function* requestsFor(
  tasks: readonly Task[],
  settings: Pick<SubmitSettings, 'model' | 'maxTokens' | 'effort'>,
  snapshots: SnapshotStore,
): AsyncGenerator<SizedRequest> {
  // Tasks on one file go side by side, and their shared prefix is marked for the cache when long enough.
  for (const { task, shared } of layoutForCache(tasks)) {
    const text = await snapshotOf(task, snapshots);
    const cacheFile = shared && estimateTokens(SYSTEM_PROMPT) + estimateTokens(text) >= MIN_CACHEABLE_TOKENS;
    const request = buildRequest(task, text, settings, cacheFile);
    const promptText =
      request.params.system.map((s) => s.text).join('') +
      request.params.messages.flatMap((m) => m.content.map((c) => c.text)).join('');
    const cached = cacheFile ? estimateTokens(SYSTEM_PROMPT + request.params.messages[0]!.content[0]!.text) : 0;
    const size: RequestSize = {
      inputTokens: estimateTokens(promptText),
      ...(cached ? { cacheWriteTokens: cached } : {}),
      regionTokens: estimateTokens(task.range ? sliceRange(text, task.range) : text),
      maxTokens: request.params.max_tokens,
    };
    yield { request, size };
  }
}
