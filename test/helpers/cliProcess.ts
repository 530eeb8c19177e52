// The CLI run as a process (the way a terminal or a CI job runs it), for the client and integration tests.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../tools/simulator/server';
import { tempDir } from './fakes';

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

/** A workspace for CLI process tests: its folder and files, a simulator, and the environment the CLI runs with. */
export interface CliProject {
  /** The temporary folder: the workspace (`project/`), the store home (`home/`), anything beside them. */
  dir: string;
  ws: string;
  env: NodeJS.ProcessEnv;
  sim: Simulator;
  close(): Promise<void>;
}

/** `files` are paths under the temporary folder (`project/src/a.js`, or `outside.js` beside the workspace). */
export async function cliProject(files: Record<string, string>, options: SimulatorOptions): Promise<CliProject> {
  const sim = await startSimulator(options);
  const tmp = tempDir();
  const ws = path.join(tmp.dir, 'project');
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(tmp.dir, file)), { recursive: true });
    writeFileSync(path.join(tmp.dir, file), text);
  }
  const env = {
    PATH: process.env['PATH'],
    CLAUDE_BATCH_HOME: path.join(tmp.dir, 'home'),
    ANTHROPIC_API_KEY: 'sk-test',
    ANTHROPIC_BASE_URL: sim.url,
  };
  return { dir: tmp.dir, ws, env, sim, close: async () => (await sim.close(), tmp.cleanup()) };
}
