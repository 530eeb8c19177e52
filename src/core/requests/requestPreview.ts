// Show Request: the exact request a task will be (or was) sent as. Cache marks depend on the other tasks of the
// submission, so the request is built among them: its batch's tasks, or the queue as Submit Queue sends it.
import type { SubmitSettings } from '../serviceTypes';
import type { BatchRequest } from './requestBuilder';
import type { SizedRequest } from './requestStream';

export async function requestAmong(
  taskId: string,
  requests: AsyncIterable<SizedRequest>,
): Promise<BatchRequest | undefined> {
  for await (const { request } of requests) if (request.custom_id === taskId) return request;
  return undefined;
}

/** The settings a submitted task's request was sent with (from its batch record), else the current ones. */
export function settingsSentWith(
  current: SubmitSettings,
  record: { model?: string | undefined; maxTokens?: number | undefined; effort?: string | undefined } | undefined,
): SubmitSettings {
  if (!record) return current;
  return {
    ...current,
    ...(record.model ? { model: record.model } : {}),
    ...(record.maxTokens ? { maxTokens: record.maxTokens } : {}),
    effort: (record.effort as SubmitSettings['effort']) ?? undefined,
  };
}
