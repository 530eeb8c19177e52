// Runs a verify command in a shell, in the workspace folder: streams its output, keeps the end of it, and stops
// it (its whole process group) when it outlives its time or the caller gives up. Node only, no editor.
import { spawn } from 'node:child_process';
import type { VerifyOutcome } from './verify';

/** Output kept in memory: the end of it, which is what goes to the model. */
const KEEP_CHARS = 256 * 1024;

export interface VerifyRun {
  outcome: Promise<VerifyOutcome>;
  /** Stops the command (the user closed its terminal). */
  stop(): void;
}

export function runVerifyCommand(
  command: string,
  cwd: string,
  { timeoutSeconds, onOutput }: { timeoutSeconds: number; onOutput?: (chunk: string) => void },
): VerifyRun {
  let output = '';
  let timedOut = false;
  const child = spawn(command, {
    cwd,
    shell: true,
    // Its own process group, so that stopping it stops what it started (a test runner's workers).
    detached: process.platform !== 'win32',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0', CI: process.env['CI'] ?? '1' },
  });
  const stop = (): void => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    try {
      if (process.platform === 'win32') spawn('taskkill', ['/pid', String(child.pid), '/T', '/F']);
      else process.kill(-child.pid, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  };
  const take = (chunk: Buffer): void => {
    const text = chunk.toString('utf8');
    output = (output + text).slice(-KEEP_CHARS);
    onOutput?.(text);
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, timeoutSeconds * 1000);
  const outcome = new Promise<VerifyOutcome>((resolve) => {
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ kind: 'notStarted', command, message: error.message });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) resolve({ kind: 'timedOut', command, seconds: timeoutSeconds, output });
      else if (code === 0) resolve({ kind: 'passed', command, output });
      else resolve({ kind: 'failed', command, exitCode: code, ...(signal ? { signal } : {}), output });
    });
  });
  return { outcome, stop };
}
