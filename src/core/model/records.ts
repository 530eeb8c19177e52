// The task model: what the user queued, and what became of it. Every shape that is persisted or read back from
// disk is a zod schema, so an old or damaged file fails with a message naming the field.
//
// Schemas across the core are built on first use (`z.lazy`), not when the bundle loads: zod builds each part of
// a schema as an object of its own, and building all ~500 of them made up a third of every start — most of
// them are not needed by a start at all (imports, results, the Models API, an empty store).
import * as z from 'zod';
import { TaskLabelSchema } from './taskLabels';
import { ContextPartSchema } from '../context/contextParts';

/** custom_id rule of the Batches API; our task ids are used as custom_ids verbatim. */
export const CUSTOM_ID_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

export const RangeSchema = z.lazy(() =>
  z.object({
    startLine: z.number().int().min(0),
    startCharacter: z.number().int().min(0),
    endLine: z.number().int().min(0),
    endCharacter: z.number().int().min(0),
  }),
);
export type Range = z.infer<typeof RangeSchema>;

export const EditSchema = z.lazy(() =>
  z.object({
    path: z.string().optional(),
    old_text: z.string(),
    new_text: z.string(),
  }),
);
export type Edit = z.infer<typeof EditSchema>;

export const UsageSchema = z.lazy(() =>
  z.object({
    input_tokens: z.number().int().min(0),
    output_tokens: z.number().int().min(0),
    cache_creation_input_tokens: z.number().int().min(0).nullish(),
    cache_read_input_tokens: z.number().int().min(0).nullish(),
    /** How many of output_tokens the model spent thinking (absent in results from before 0.5). */
    output_tokens_details: z.object({ thinking_tokens: z.number().int().min(0) }).nullish(),
  }),
);
export type Usage = z.infer<typeof UsageSchema>;

/** What the API gave back for one task, once its batch ended. */
export const OutcomeSchema = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('edits'), summary: z.string(), edits: z.array(EditSchema).min(1), usage: UsageSchema }),
    // An answer is a review or explanation, or output we could not read as edits (then `reason` says why).
    z.object({
      type: z.literal('answer'),
      text: z.string(),
      reason: z.string().optional(),
      usage: UsageSchema.optional(),
    }),
    // The model stopped before its answer was whole: cut off at max_tokens, declined, or out of context window.
    // Billed, never applied; what arrived is kept so that it can still be read.
    z.object({
      type: z.literal('stopped'),
      stopReason: z.enum(['max_tokens', 'refusal', 'model_context_window_exceeded']),
      text: z.string(),
      usage: UsageSchema,
    }),
    z.object({ type: z.literal('errored'), errorType: z.string(), message: z.string() }),
    z.object({ type: z.literal('expired') }),
    z.object({ type: z.literal('canceled') }),
  ]),
);
export type Outcome = z.infer<typeof OutcomeSchema>;

/** What the user did with a result. */
export const ReviewSchema = z.lazy(() =>
  z.object({
    // 'retried': the task went back into the queue as a new task (Retry Failed).
    state: z.enum(['applied', 'discarded', 'retried']),
    at: z.string(),
    /** Applied in part: the indices of the result's edits the user rejected. */
    rejected: z.array(z.number().int().min(0)).optional(),
    /** With commits per task on: the commit the applied result was recorded in. */
    commit: z.object({ hash: z.string(), branch: z.string() }).optional(),
    /** With commits per task on: why this applied result was not committed (a kind, and the sentence shown). */
    notCommitted: z.object({ kind: z.string(), message: z.string() }).optional(),
  }),
);
export type Review = z.infer<typeof ReviewSchema>;

/** One turn of a conversation a follow-up continues; its texts live in the snapshot store, by hash. */
export const TurnSchema = z.lazy(() =>
  z.object({
    role: z.enum(['user', 'assistant']),
    blocks: z.array(z.string()).min(1),
  }),
);
export type Turn = z.infer<typeof TurnSchema>;

/**
 * A task that continues an earlier one's conversation (Follow Up…, or a failed Verify): the earlier requests and
 * the model's answers are sent again before the feedback, so the model knows what it did and what was said.
 */
export const FollowUpSchema = z.lazy(() =>
  z.object({
    /** The task it continues. */
    of: z.string(),
    /** The conversation so far, oldest first, ending with the model's answer. */
    conversation: z.array(TurnSchema).min(2),
    /** Whether the answer it continues was applied (the model is told, as its edits anchor to the file now). */
    applied: z.boolean(),
    /** Queued by a failed Verify: which round (1 for the first). */
    verifyRound: z.number().int().min(1).optional(),
  }),
);
export type FollowUp = z.infer<typeof FollowUpSchema>;

export const TaskSchema = z.lazy(() =>
  z.object({
    id: z.string().regex(CUSTOM_ID_PATTERN, 'must be a valid custom_id'),
    createdAt: z.string(),
    instruction: z.string().min(1),
    /** URI (string form) of the workspace folder the file belongs to. */
    folderUri: z.string(),
    /** Path of the file relative to its workspace folder, with forward slashes. */
    relPath: z.string().min(1),
    /** URI (string form) of the file: where edits are written, never "the active editor". */
    fileUri: z.string(),
    range: RangeSchema.optional(),
    /** sha256 of the file text at queue time; the text itself lives in the snapshot store. */
    snapshotHash: z.string(),
    fingerprint: z.string(),
    /** A word the user groups tasks by ("docs", "tests"): shown in the tree, filterable, chosen at submit. */
    label: TaskLabelSchema.optional(),
    /**
     * What the request carries beside the file, snapshotted at queue time like the file (absent before 0.6, and
     * when context is off): project instructions, pinned files, related files, test setup and example.
     */
    context: z.array(ContextPartSchema).optional(),
    /** Set on a follow-up: the conversation it continues (absent before 0.7 and on first tasks). */
    followUp: FollowUpSchema.optional(),
    /** max_tokens for this task's request when not the setting's: a retry with more room. */
    maxTokens: z.number().int().min(1).optional(),
    batchId: z.string().optional(),
    outcome: OutcomeSchema.optional(),
    review: ReviewSchema.optional(),
  }),
);
export type Task = z.infer<typeof TaskSchema>;

export type TaskState =
  | 'queued'
  | 'submitted'
  | 'ready'
  | 'answer'
  | 'cutOff'
  | 'refused'
  | 'contextFull'
  | 'errored'
  | 'expired'
  | 'canceled'
  | 'applied'
  | 'discarded'
  | 'retried';

export function taskState(task: Task): TaskState {
  if (!task.batchId) return 'queued';
  if (task.review) return task.review.state;
  if (!task.outcome) return 'submitted';
  switch (task.outcome.type) {
    case 'edits':
      return 'ready';
    case 'stopped':
      return STOPPED_STATE[task.outcome.stopReason];
    default:
      return task.outcome.type;
  }
}

const STOPPED_STATE = {
  max_tokens: 'cutOff',
  refusal: 'refused',
  model_context_window_exceeded: 'contextFull',
} as const;

/** Results the user has yet to look at: ready edits, answers, and answers the model did not finish. */
export function awaitsReview(task: Task): boolean {
  const state = taskState(task);
  return (
    state === 'ready' || state === 'answer' || state === 'cutOff' || state === 'refused' || state === 'contextFull'
  );
}

/** What Retry Failed sends again: requests that failed, and answers cut off at max_tokens (with more room). */
export function isRetryable(task: Task): boolean {
  const state = taskState(task);
  return state === 'errored' || state === 'expired' || state === 'canceled' || state === 'cutOff';
}

export const RequestCountsSchema = z.lazy(() =>
  z.object({
    processing: z.number().int().min(0),
    succeeded: z.number().int().min(0),
    errored: z.number().int().min(0),
    canceled: z.number().int().min(0),
    expired: z.number().int().min(0),
  }),
);
export type RequestCounts = z.infer<typeof RequestCountsSchema>;

/** The small record kept in globalState for each submitted batch: enough to resume polling after a restart. */
/** One of several batches made from one submission (a queue over the API's per-batch limits). */
export const PartSchema = z.lazy(() =>
  z.object({
    submissionId: z.string(),
    index: z.number().int().min(1),
    of: z.number().int().min(2),
  }),
);
export type Part = z.infer<typeof PartSchema>;

/**
 * Reads `from` as `to`: records written before 0.4 called a batch's name `label`, a word that now means a task's
 * tag only. Nothing persisted is lost to the rename.
 */
export function renamedField<T extends z.ZodType>(from: string, to: string, schema: T) {
  return z.preprocess((value) => {
    if (typeof value !== 'object' || value === null || !(from in value) || to in value) return value;
    const { [from]: old, ...rest } = value as Record<string, unknown>;
    return { ...rest, [to]: old };
  }, schema);
}

/**
 * A warm-up batch (cache priming): a few requests that write the submission's shared prefixes to the prompt
 * cache, so that the main batch, submitted when it ends, reads them. The tasks wait in the queue meanwhile.
 */
export const WarmupSchema = z.lazy(() =>
  z.object({
    /** The tasks the main batch will carry. */
    taskIds: z.array(z.string()),
    /** The main batch's name. */
    name: z.string(),
    maxRequestsPerBatch: z.number().int().min(1).optional(),
    /** The user had said to send key-shaped strings the privacy guard found: the main batch keeps that say. */
    sendKeysAnyway: z.boolean().optional(),
    /** The main batch(es), once submitted. */
    followedBy: z.array(z.string()).optional(),
    /** Why the main batch could not be submitted: the tasks are back in the queue. */
    problem: z.string().optional(),
    /** What the warm-up's requests were billed for (its answers are thrown away; its cost is not). */
    usage: z.array(UsageSchema).optional(),
  }),
);
export type Warmup = z.infer<typeof WarmupSchema>;

export const BatchRecordSchema = z.lazy(() =>
  renamedField(
    'label',
    'name',
    z.object({
      id: z.string().min(1),
      workspaceKey: z.string(),
      /** What the user named the batch at submit ("docs · 3 tasks · 2026-11-23 14:05"). */
      name: z.string(),
      createdAt: z.string(),
      expiresAt: z.string(),
      status: z.enum(['in_progress', 'canceling', 'ended']),
      counts: RequestCountsSchema,
      taskIds: z.array(z.string()),
      /** True once results are downloaded and every task has its outcome. */
      resultsIngested: z.boolean(),
      /** Set when the API no longer knows the batch (404), so it is not polled forever. */
      missing: z.boolean().optional(),
      endedAt: z.string().nullish(),
      /** The model its requests named (absent in records from before 0.2: the current setting is assumed). */
      model: z.string().optional(),
      /** max_tokens and effort its requests were sent with (absent before 0.5), for retries and estimates. */
      maxTokens: z.number().int().min(1).optional(),
      effort: z.string().optional(),
      part: PartSchema.optional(),
      warmup: WarmupSchema.optional(),
    }),
  ),
);
export type BatchRecord = z.infer<typeof BatchRecordSchema>;

export function isInFlight(batch: BatchRecord): boolean {
  return !batch.missing && (batch.status !== 'ended' || !batch.resultsIngested);
}
