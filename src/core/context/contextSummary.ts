// What a submission's context is, for the confirmation and the extension's API: each file once, with its tokens,
// how many requests carry it, and its share of the submission's input.
import type { Task } from '../model/records';
import type { ContextRole } from './contextParts';

export interface ContextFileSummary {
  relPath: string;
  role: ContextRole;
  /** Tokens of one copy (as sent: after any cut). */
  tokens: number;
  /** How many requests carry it. */
  requests: number;
  cut: boolean;
}

export interface ContextSummary {
  /** Files in order of the tokens they add to the submission, most first. */
  files: ContextFileSummary[];
  /** Context tokens summed over every request (before any cache discount). */
  tokens: number;
}

export function contextSummary(tasks: readonly Task[]): ContextSummary {
  const files = new Map<string, ContextFileSummary>();
  let tokens = 0;
  for (const task of tasks) {
    for (const part of task.context ?? []) {
      tokens += part.tokens;
      const key = `${part.role}\n${part.relPath}\n${part.hash}`;
      const known = files.get(key);
      if (known) known.requests++;
      else
        files.set(key, { relPath: part.relPath, role: part.role, tokens: part.tokens, requests: 1, cut: !!part.cut });
    }
  }
  return {
    files: [...files.values()].sort((a, b) => b.tokens * b.requests - a.tokens * a.requests),
    tokens,
  };
}
