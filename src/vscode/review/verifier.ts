// Runs `claudeBatch.verify.command` for an applied result as a VS Code task (its output in a terminal the user
// can watch or close), and remembers the last failure of each task so that Follow Up with Verify Output can
// send it back. Never in an untrusted workspace: the command comes from settings a repository may carry.
import * as vscode from 'vscode';
import type { Task } from '../../core/model/records';
import { verifyCommandFor, type VerifyOutcome } from '../../core/review/verify';
import { runVerifyCommand } from '../../core/review/verifyRun';
import type { Settings } from '../settings';

export type FailedVerify = Exclude<VerifyOutcome, { kind: 'passed' }>;

export const VERIFY_TASK_TYPE = 'claudeBatchVerify';

/** A pseudoterminal that runs the command when opened and stops it when closed. */
function verifyTerminal(
  command: string,
  cwd: string,
  timeoutSeconds: number,
  done: (outcome: VerifyOutcome) => void,
): vscode.Pseudoterminal {
  const write = new vscode.EventEmitter<string>();
  const close = new vscode.EventEmitter<number>();
  let stop: (() => void) | undefined;
  const crlf = (text: string): string => text.replace(/\r?\n/g, '\r\n');
  return {
    onDidWrite: write.event,
    onDidClose: close.event,
    open: () => {
      write.fire(crlf(`> ${command}\n\n`));
      const run = runVerifyCommand(command, cwd, { timeoutSeconds, onOutput: (chunk) => write.fire(crlf(chunk)) });
      stop = run.stop;
      void run.outcome.then((outcome) => {
        const words =
          outcome.kind === 'passed'
            ? 'Verify passed.'
            : outcome.kind === 'timedOut'
              ? `Verify stopped after ${timeoutSeconds} s.`
              : outcome.kind === 'notStarted'
                ? `Verify could not start: ${outcome.message}`
                : `Verify failed (exit code ${outcome.exitCode ?? outcome.signal}).`;
        write.fire(crlf(`\n${words}\n`));
        done(outcome);
        close.fire(outcome.kind === 'passed' ? 0 : 1);
      });
    },
    close: () => stop?.(),
  };
}

export class Verifier {
  private readonly failures = new Map<string, FailedVerify>();

  constructor(private readonly settings: () => Settings) {}

  /** Whether Apply is followed by a verify run here. */
  get enabled(): boolean {
    return this.settings().verifyCommand.trim() !== '' && vscode.workspace.isTrusted;
  }

  /** The last failed run of a task's verify, if its latest run failed. */
  failureOf(taskId: string): FailedVerify | undefined {
    return this.failures.get(taskId);
  }

  /** Runs the verify command for a task's applied result; undefined when there is none to run (or no trust). */
  async verify(task: Task): Promise<VerifyOutcome | undefined> {
    if (!this.enabled) return undefined;
    const { verifyCommand, verifyTimeoutSeconds } = this.settings();
    const folderUri = vscode.Uri.parse(task.folderUri);
    const folder = vscode.workspace.getWorkspaceFolder(folderUri);
    const command = verifyCommandFor(verifyCommand.trim(), task, folderUri.fsPath);
    const outcome = await new Promise<VerifyOutcome>((resolve) => {
      const execution = new vscode.CustomExecution(async () =>
        verifyTerminal(command, folderUri.fsPath, verifyTimeoutSeconds, resolve),
      );
      const verifyTask = new vscode.Task(
        { type: VERIFY_TASK_TYPE, taskId: task.id },
        folder ?? vscode.TaskScope.Workspace,
        vscode.l10n.t('Verify {0}', task.relPath),
        'Claude Batch',
        execution,
      );
      verifyTask.presentationOptions = { reveal: vscode.TaskRevealKind.Silent, clear: true };
      vscode.tasks
        .executeTask(verifyTask)
        .then(undefined, (error: unknown) =>
          resolve({ kind: 'notStarted', command, message: error instanceof Error ? error.message : String(error) }),
        );
    });
    if (outcome.kind === 'passed') this.failures.delete(task.id);
    else this.failures.set(task.id, outcome);
    return outcome;
  }
}
