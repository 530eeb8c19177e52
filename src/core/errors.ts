// Errors and problems as data. Every error the core throws on purpose is a ClaudeBatchError with a `kind` that
// callers switch on (never its message); a problem with some input (a task file, a setting, a persisted record)
// is a Problem naming where it is — the line, when it came from a file, and the field — beside what is wrong.
import type * as z from 'zod';
import type { BatchRecord } from './model/records';
import { KEY_WORDS, type KeyFinding } from './context/secrets';

export type ErrorKind =
  | 'emptyQueue'
  | 'snapshotMissing'
  | 'unknownBatch'
  | 'invalidId'
  | 'requestTooLarge'
  | 'partialSubmit'
  | 'dryRunRejected'
  | 'invalidResponse'
  | 'ingestInProgress'
  | 'noApiKey'
  | 'modelRefused'
  | 'keysFound'
  | 'noAnswer'
  | 'submitBusy';

export class ClaudeBatchError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ClaudeBatchError';
  }
}

/** True for an error of ours, and of `kind` when one is given. */
export function isClaudeBatchError(error: unknown, kind?: ErrorKind): error is ClaudeBatchError {
  return error instanceof ClaudeBatchError && (kind === undefined || error.kind === kind);
}

/** A request is over the API's per-batch byte limit on its own: it can never be sent. */
export class RequestTooLargeError extends ClaudeBatchError {
  constructor(
    readonly customId: string,
    bytes: number,
    limit: number,
  ) {
    super(
      'requestTooLarge',
      `The request for task ${customId} is ${(bytes / 1e6).toFixed(1)} MB on its own, over the API's ${(limit / 1e6).toFixed(0)} MB batch limit.`,
    );
  }
}

/** count_tokens refused a request: the batch would fail the same way, hours later. */
export class DryRunRejected extends ClaudeBatchError {
  constructor(
    readonly customId: string,
    message: string,
  ) {
    super('dryRunRejected', message);
  }
}

/** A split submission failed part-way: the batches made so far are recorded; the rest of the tasks stay queued. */
export class PartialSubmitError extends ClaudeBatchError {
  constructor(
    readonly submitted: BatchRecord[],
    readonly notSubmitted: number,
    cause: unknown,
  ) {
    super(
      'partialSubmit',
      `${submitted.length} of the submission's batches were created; ${notSubmitted} tasks were not sent`,
      { cause },
    );
  }
}

/**
 * The privacy guard found key-shaped strings in what a submit would send. Nothing was sent; the user may say to
 * send it anyway (SubmitSettings.sendKeysAnyway).
 */
export class KeysFound extends ClaudeBatchError {
  constructor(readonly findings: readonly KeyFinding[]) {
    const first = findings[0]!;
    const more = findings.length > 1 ? ` (and ${findings.length - 1} more)` : '';
    super(
      'keysFound',
      `${first.relPath}, line ${first.line}, holds ${KEY_WORDS[first.kind]}${more}; nothing was sent.`,
    );
  }
}

/** What is wrong with one piece of input, and where. */
export interface Problem {
  /** 1-based line of the file the input came from, when it came from a file. */
  line?: number | undefined;
  /** The field as a path ("range.endLine", "tasks[3].relPath"); empty for the value as a whole. */
  field: string;
  message: string;
}

/** One problem per zod issue, each naming its field. */
export function problemsOf(error: z.ZodError, line?: number): Problem[] {
  return error.issues.map((issue) => ({
    ...(line !== undefined ? { line } : {}),
    field: issue.path
      .map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`))
      .join(''),
    message: issue.message,
  }));
}

/** "line 3: range.endLine: must be …", leaving out what the problem does not say. */
export function formatProblem(problem: Problem): string {
  return [problem.line !== undefined ? `line ${problem.line}` : '', problem.field, problem.message]
    .filter(Boolean)
    .join(': ');
}

/** The first failing field of a zod error, e.g. `tasks[3].relPath: Required (and 2 more problem(s))`. */
export function describeZodError(error: z.ZodError): string {
  const [first, ...rest] = problemsOf(error);
  if (!first) return 'invalid value';
  const more = rest.length ? ` (and ${rest.length} more problem(s))` : '';
  return `${first.field || '(root)'}: ${first.message}${more}`;
}
