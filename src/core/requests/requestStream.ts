// The requests of a submission, built one at a time from the tasks and the texts they were queued with (file and
// context), each with its local size estimate: callers keep what they need (a sample, a serialised body), so the
// requests of a large queue never all exist at once.
import { ClaudeBatchError } from '../errors';
import { estimateTokens } from '../cost/prices';
import type { RequestSize } from '../cost/requestCost';
import type { Task } from '../model/records';
import type { SubmitSettings } from '../serviceTypes';
import type { SnapshotStore } from '../store/snapshotStore';
import { ContextTexts } from '../context/contextSnapshot';
import { minCacheableTokens } from '../models/cacheMinimum';
import {
  buildRequest,
  fileBlockText,
  fileKey,
  sharedKey,
  sharedBlockText,
  layoutForCache,
  sliceRange,
  SYSTEM_PROMPT,
  type BatchRequest,
  type ContextText,
  type ConversationTurn,
} from './requestBuilder';

export interface SizedRequest {
  request: BatchRequest;
  size: RequestSize;
  /** The longest prefix it marks for the cache, as a key shared by the requests with the same prefix. */
  prefixKey?: string;
}

export async function snapshotOf(task: Task, snapshots: SnapshotStore): Promise<string> {
  const text = await snapshots.get(task.snapshotHash);
  if (text === undefined)
    throw new ClaudeBatchError('snapshotMissing', `The saved copy of ${task.relPath} for task ${task.id} is missing.`);
  return text;
}

/** The earlier turns a follow-up continues, read back from the snapshot store. */
async function conversationOf(task: Task, texts: ContextTexts): Promise<ConversationTurn[]> {
  const turns: ConversationTurn[] = [];
  for (const turn of task.followUp?.conversation ?? []) {
    const read: string[] = [];
    for (const hash of turn.blocks) read.push(await texts.byHash(hash, `the conversation task ${task.id} continues`));
    turns.push({ role: turn.role, texts: read });
  }
  return turns;
}

/** A request's prompt blocks' texts, in the order the model reads them. */
function promptTexts(request: BatchRequest): string[] {
  return [
    ...request.params.system.map((s) => s.text),
    ...request.params.messages.flatMap((m) => m.content.map((c) => c.text)),
  ];
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
  const texts = new ContextTexts(snapshots);
  const minimum = minCacheableTokens(settings.model);
  const systemTokens = estimateTokens(SYSTEM_PROMPT);
  // Tasks sharing a prefix go side by side; a shared prefix is marked for the cache when it reaches the model's
  // minimum (below it the API caches nothing, and says nothing).
  for (const { task, sharesContext, sharesFile } of layoutForCache(tasks)) {
    const text = await snapshotOf(task, snapshots);
    const context: ContextText[] = [];
    for (const part of task.context ?? []) context.push({ part, text: await texts.of(part) });
    const shared = sharedBlockText(context);
    const sharedPrefix = systemTokens + (shared ? estimateTokens(shared) : 0);
    const filePrefix = sharedPrefix + estimateTokens(fileBlockText(task, text, context));
    // A follow-up's prefix is its own conversation: nothing another request shares.
    const marks = {
      shared: !task.followUp && shared !== '' && sharesContext && sharedPrefix >= minimum,
      file: !task.followUp && sharesFile && filePrefix >= minimum,
    };
    const conversation = task.followUp ? await conversationOf(task, texts) : undefined;
    const request = buildRequest(task, text, settings, { context, marks, ...(conversation ? { conversation } : {}) });
    const cached = marks.file ? filePrefix : marks.shared ? sharedPrefix : 0;
    const size: RequestSize = {
      inputTokens: estimateTokens(promptTexts(request).join('')),
      ...(cached ? { cacheWriteTokens: cached } : {}),
      regionTokens: estimateTokens(task.range ? sliceRange(text, task.range) : text),
      maxTokens: request.params.max_tokens,
    };
    const prefixKey = marks.file ? fileKey(task) : marks.shared ? sharedKey(task) : undefined;
    yield { request, size, ...(prefixKey !== undefined ? { prefixKey: `${settings.model}\n${prefixKey}` } : {}) };
  }
}
