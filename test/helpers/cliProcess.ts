// The CLI run as a process (the way a terminal or a CI job runs it), for the client and integration tests.
import { spawn } from 'node:child_process';
import * as path from 'node:path';

/** The compiled CLI's entry point (out/src/cli/main.js). */
export const CLI = path.resolve(__dirname, '../../src/cli/main.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `claude-batch args…`; `interruptWhen` is asked every 50 ms and sends Ctrl+C (SIGINT) once it holds;
 * `onStderr` hears what it has written to stderr so far, as it comes.
 */
export function runCli(
  args: readonly string[],
  {
    cwd,
    env,
    interruptWhen,
    onStderr,
  }: {
    cwd: string;
    env: NodeJS.ProcessEnv;
    interruptWhen?: () => Promise<boolean>;
    onStderr?: (soFar: string) => void;
  },
): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env });
    let stdout = '';
    let stderr = '';
    let ended = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      onStderr?.(stderr);
    });
    child.on('close', (code) => {
      ended = true;
      resolve({ code, stdout, stderr });
    });
    const watch = async (): Promise<void> => {
      while (interruptWhen && !ended) {
        if (await interruptWhen()) return void child.kill('SIGINT');
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    void watch();
  });
}
