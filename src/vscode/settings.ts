// Reads the `claudeBatch.*` settings through zod: a bad value is reported by name and its default is used.
import * as vscode from 'vscode';
import * as z from 'zod';
import { problemsOf, type Problem } from '../core/errors';
import { DEFAULT_MAX_FILE_BYTES } from '../core/queue/queueRules';
import { API_LIMITS } from '../core/submit/batchBody';
import { EFFORTS, type Effort } from '../core/models/modelInfo';
import { DEFAULT_VERIFY_ROUNDS } from '../core/review/verify';

/**
 * Context per task: about five source files of 400 lines; on Sonnet 5.5 at batch price at most $0.02 a request,
 * and a tenth of that where the cache holds it. Well inside every model's 200K-token window.
 */
export const DEFAULT_CONTEXT_TOKENS = 20_000;
/** Leaves room in the smallest context window (200K) for the file, the answer and its thinking. */
export const MAX_CONTEXT_TOKENS = 100_000;

/** Room for thinking and answer on every current model (the 4.5 models' limit); see config.maxTokens. */
export const DEFAULT_MAX_TOKENS = 64_000;

const PriceSchema = z.object({
  input: z.number().min(0),
  output: z.number().min(0),
  cacheReadFactor: z.number().min(0).optional(),
  longPrompt: z
    .object({ above: z.number().int().min(1), input: z.number().min(0), output: z.number().min(0) })
    .optional(),
});

const SettingsSchema = z.object({
  model: z.string().min(1).catch('claude-sonnet-5-5'),
  maxTokens: z.number().int().min(1).max(300_000).catch(DEFAULT_MAX_TOKENS),
  effort: z.enum(['default', ...EFFORTS]).catch('medium'),
  apiBaseUrl: z.union([z.literal(''), z.string().url()]).catch(''),
  pollInitialSeconds: z.number().min(1).catch(30),
  pollMaxSeconds: z.number().min(1).catch(300),
  instructionTemplates: z.array(z.string().min(1)).catch([]),
  maxFileBytes: z.number().int().min(1).catch(DEFAULT_MAX_FILE_BYTES),
  prices: z.record(z.string(), PriceSchema).catch({}),
  requestTimeoutSeconds: z.number().min(1).max(600).catch(60),
  maxRequestsPerBatch: z.number().int().min(1).max(API_LIMITS.maxRequests).catch(API_LIMITS.maxRequests),
  autoSubmitQueueSize: z.number().int().min(0).max(API_LIMITS.maxRequests).catch(0),
  contextMaxTokens: z.number().int().min(0).max(MAX_CONTEXT_TOKENS).catch(DEFAULT_CONTEXT_TOKENS),
  cachePriming: z.enum(['auto', 'always', 'never']).catch('auto'),
  verifyCommand: z.string().catch(''),
  verifyMaxRounds: z.number().int().min(1).max(10).catch(DEFAULT_VERIFY_ROUNDS),
  verifyTimeoutSeconds: z.number().int().min(5).max(7200).catch(600),
  gitCommitPerTask: z.boolean().catch(false),
  gitCommitTo: z.enum(['newBranch', 'currentBranch']).catch('newBranch'),
});
/** The settings as the core takes them: effort "default" is no effort sent at all. */
export type Settings = Omit<z.infer<typeof SettingsSchema>, 'effort'> & { effort: Effort | undefined };

const KEYS: Record<keyof z.infer<typeof SettingsSchema>, string> = {
  model: 'model',
  maxTokens: 'maxTokens',
  effort: 'effort',
  apiBaseUrl: 'apiBaseUrl',
  pollInitialSeconds: 'poll.initialSeconds',
  pollMaxSeconds: 'poll.maxSeconds',
  instructionTemplates: 'instructionTemplates',
  maxFileBytes: 'maxFileBytes',
  prices: 'prices',
  requestTimeoutSeconds: 'requestTimeoutSeconds',
  maxRequestsPerBatch: 'maxRequestsPerBatch',
  autoSubmitQueueSize: 'autoSubmit.queueSize',
  contextMaxTokens: 'context.maxTokens',
  cachePriming: 'cachePriming',
  verifyCommand: 'verify.command',
  verifyMaxRounds: 'verify.maxRounds',
  verifyTimeoutSeconds: 'verify.timeoutSeconds',
  gitCommitPerTask: 'git.commitPerTask',
  gitCommitTo: 'git.commitTo',
};

/** Reads the settings; `problems` names each setting whose value was invalid and replaced by its default. */
export function readSettings(): { settings: Settings; problems: Problem[] } {
  const config = vscode.workspace.getConfiguration('claudeBatch');
  const raw = Object.fromEntries(Object.entries(KEYS).map(([field, key]) => [field, config.get(key)]));
  const problems: Problem[] = [];
  for (const [field, key] of Object.entries(KEYS) as Array<[keyof typeof KEYS, string]>) {
    const strict = SettingsSchema.shape[field].removeCatch().safeParse(raw[field]);
    if (strict.success) continue;
    // The setting is the field; a path inside it (a price's "input") follows its name.
    for (const problem of problemsOf(strict.error)) {
      problems.push({
        field: [`claudeBatch.${key}`, problem.field].filter(Boolean).join('.'),
        message: problem.message,
      });
    }
  }
  const parsed = SettingsSchema.parse(raw);
  return { settings: { ...parsed, effort: parsed.effort === 'default' ? undefined : parsed.effort }, problems };
}
