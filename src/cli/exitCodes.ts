// What the CLI's exit code says, for scripts: one number per kind of failure (documented in the README).
import { classifyError } from '../core/api/batchClient';
import { isClaudeBatchError } from '../core/errors';

export const EXIT = {
  ok: 0,
  /** Something unexpected: a bug, or a disk that refuses to be written. */
  failure: 1,
  /** The command line is wrong: an unknown command or option, a missing argument. */
  usage: 2,
  /** No API key, or the API refused it. */
  auth: 3,
  /** An input is wrong: a file that does not exist or lies outside the workspace, a task file, a setting. */
  badInput: 4,
  /** The API could not be reached, or answered with an error. */
  api: 5,
  /** A batch or task id that this workspace (or the API) does not know. */
  notFound: 6,
  /** apply: some results could not be applied (they conflict, or their file is gone); they stay ready. */
  notApplied: 7,
  /** Another window or door is submitting this workspace's queue: run again in a moment. */
  busy: 8,
  /** Stopped by Ctrl+C (SIGINT); nothing is lost, an interrupted submit is reconciled on the next run. */
  interrupted: 130,
} as const;

export class CliError extends Error {
  constructor(
    readonly exit: number,
    message: string,
    /** What to do about it, said after the message. */
    readonly fix?: string,
  ) {
    super(message);
  }
}

/** A thrown error as the line the CLI prints and the code it exits with. */
export function describeFailure(error: unknown): { exit: number; message: string } {
  if (error instanceof CliError)
    return { exit: error.exit, message: error.fix ? `${error.message} ${error.fix}` : error.message };
  if (isClaudeBatchError(error, 'noApiKey'))
    return { exit: EXIT.auth, message: 'No API key: set ANTHROPIC_API_KEY (an Anthropic API key) and run again.' };
  if (isClaudeBatchError(error, 'emptyQueue'))
    return { exit: EXIT.badInput, message: `${error.message} Queue tasks first (claude-batch queue).` };
  if (isClaudeBatchError(error, 'submitBusy')) return { exit: EXIT.busy, message: error.message };
  if (isClaudeBatchError(error)) return { exit: EXIT.badInput, message: error.message };
  const problem = classifyError(error);
  switch (problem.kind) {
    case 'auth':
    case 'permission':
      return { exit: EXIT.auth, message: `${problem.message}. Check ANTHROPIC_API_KEY.` };
    case 'notFound':
      return { exit: EXIT.notFound, message: problem.message };
    case 'network':
      return { exit: EXIT.api, message: `${problem.message} Check the network (or ANTHROPIC_BASE_URL) and run again.` };
    case 'other':
      return { exit: EXIT.failure, message: problem.message };
    default:
      return { exit: EXIT.api, message: problem.message };
  }
}
