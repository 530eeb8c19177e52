// Reads the `claudeBatch.*` settings through zod: a bad value is reported by name and its default is used.
import * as vscode from 'vscode';
import { z } from 'zod';
import { problemsOf, type Problem } from '../core/errors';
import { DEFAULT_MAX_FILE_BYTES } from '../core/queue/queueRules';
import { API_LIMITS } from '../core/submit/batchBody';

const PriceSchema = z.object({
  input: z.number().min(0),
  output: z.number().min(0),
  cacheReadFactor: z.number().min(0).optional(),
});

const SettingsSchema = z.object({
  model: z.string().min(1).catch('claude-sonnet-5-5'),
  maxTokens: z.number().int().min(1).max(128_000).catch(4096),
  apiBaseUrl: z.union([z.literal(''), z.string().url()]).catch(''),
  pollInitialSeconds: z.number().min(1).catch(30),
  pollMaxSeconds: z.number().min(1).catch(300),
  instructionTemplates: z.array(z.string().min(1)).catch([]),
  maxFileBytes: z.number().int().min(1).catch(DEFAULT_MAX_FILE_BYTES),
  prices: z.record(z.string(), PriceSchema).catch({}),
  requestTimeoutSeconds: z.number().min(1).max(600).catch(60),
  maxRequestsPerBatch: z.number().int().min(1).max(API_LIMITS.maxRequests).catch(API_LIMITS.maxRequests),
  autoSubmitQueueSize: z.number().int().min(0).max(API_LIMITS.maxRequests).catch(0),
});
export type Settings = z.infer<typeof SettingsSchema>;

const KEYS: Record<keyof Settings, string> = {
  model: 'model',
  maxTokens: 'maxTokens',
  apiBaseUrl: 'apiBaseUrl',
  pollInitialSeconds: 'poll.initialSeconds',
  pollMaxSeconds: 'poll.maxSeconds',
  instructionTemplates: 'instructionTemplates',
  maxFileBytes: 'maxFileBytes',
  prices: 'prices',
  requestTimeoutSeconds: 'requestTimeoutSeconds',
  maxRequestsPerBatch: 'maxRequestsPerBatch',
  autoSubmitQueueSize: 'autoSubmit.queueSize',
};

/** Reads the settings; `problems` names each setting whose value was invalid and replaced by its default. */
export function readSettings(): { settings: Settings; problems: Problem[] } {
  const config = vscode.workspace.getConfiguration('claudeBatch');
  const raw = Object.fromEntries(Object.entries(KEYS).map(([field, key]) => [field, config.get(key)]));
  const problems: Problem[] = [];
  for (const [field, key] of Object.entries(KEYS) as Array<[keyof Settings, string]>) {
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
  return { settings: SettingsSchema.parse(raw), problems };
}
