// Verify: after Apply, the user's command (say `npm test -- ${file}`) checks the result; when it fails, its
// output goes back to the model as a follow-up. What the command is, what a failure says, and when to stop.
import { followUpFiles } from './followUp';
import type { Task } from '../model/records';

/** What became of one run of the verify command. */
export type VerifyOutcome =
  | { kind: 'passed'; command: string; output: string }
  | { kind: 'failed'; command: string; exitCode: number | null; signal?: string; output: string }
  | { kind: 'timedOut'; command: string; seconds: number; output: string }
  | { kind: 'notStarted'; command: string; message: string };

/** Rounds of verify-and-follow-up a thread gets unless the setting says otherwise. */
export const DEFAULT_VERIFY_ROUNDS = 3;
/** How much of a failed command's output goes to the model: its end, where test runners sum up. */
export const MAX_OUTPUT_CHARS = 12_000;

/** Quotes a path for a POSIX shell or cmd.exe, so that spaces and quotes in file names stay one argument. */
export function quoteArg(value: string, platform: NodeJS.Platform = process.platform): string {
  if (/^[\w@%+=:,./-]+$/.test(value)) return value;
  if (platform === 'win32') return `"${value.replace(/"/g, '""')}"`;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command to run for a task's result: `${file}` is the file the result is most about (its own file, or the
 * test it created), `${files}` every file it wrote, `${workspaceFolder}` the folder; paths are relative to it
 * (the command runs there) and quoted.
 */
export function verifyCommandFor(
  template: string,
  task: Task,
  folderPath: string,
  platform: NodeJS.Platform = process.platform,
): string {
  const files = followUpFiles(task);
  const values: Record<string, string> = {
    file: quoteArg(files[0]!, platform),
    files: files.map((f) => quoteArg(f, platform)).join(' '),
    workspaceFolder: quoteArg(folderPath, platform),
  };
  return template.replace(/\$\{(file|files|workspaceFolder)\}/g, (_, name: string) => values[name]!);
}

/** The end of a command's output, at most `max` characters, cut at a line. */
export function outputTail(output: string, max = MAX_OUTPUT_CHARS): string {
  if (output.length <= max) return output;
  const tail = output.slice(-max);
  const newline = tail.indexOf('\n');
  return `[… ${output.length - max + newline + 1} earlier characters left out]\n${tail.slice(newline + 1)}`;
}

/** How a failed run reads in a sentence. */
export function describeFailure(outcome: Exclude<VerifyOutcome, { kind: 'passed' }>): string {
  switch (outcome.kind) {
    case 'failed':
      return outcome.signal ? `was stopped by ${outcome.signal}` : `failed with exit code ${outcome.exitCode}`;
    case 'timedOut':
      return `did not finish within ${outcome.seconds} s and was stopped`;
    case 'notStarted':
      return `could not start: ${outcome.message}`;
  }
}

/** The feedback a failed verify sends back: what ran, how it failed, and the end of its output. */
export function verifyFeedback(outcome: Exclude<VerifyOutcome, { kind: 'passed' }>): string {
  const output = outcome.kind === 'notStarted' ? outcome.message : outcomeOutput(outcome.output);
  return [
    `After your edits were applied, the verify command \`${outcome.command}\` ${describeFailure(outcome)}.`,
    'Its output:',
    '```',
    output,
    '```',
    'Fix what makes it fail. Change the tests only where they are wrong, never to hide a real failure.',
  ].join('\n');
}

function outcomeOutput(output: string): string {
  const trimmed = outputTail(output.trimEnd());
  return trimmed || '(no output)';
}

/** Whether a failed verify of `task` may still be followed up, `maxRounds` rounds to a thread. */
export function mayFollowUpAgain(task: Task, maxRounds: number): boolean {
  return (task.followUp?.verifyRound ?? 0) < maxRounds;
}
