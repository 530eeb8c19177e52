// Submits the queue by itself: at the time set with "Submit at…", and whenever the queue reaches
// claudeBatch.autoSubmit.queueSize tasks. Both go through the Submit Queue command (trust, errors, tracking),
// without the confirmation the user already gave by setting them.
import * as vscode from 'vscode';
import { defaultBatchName } from '../../core/model/words';
import { withLock } from '../../core/store/fileLock';
import { STALE_LOCK_MS, type WorkspaceFiles } from '../../core/store/storageLayout';
import { MAX_TIMER_MS, reachesThreshold, ScheduleFile, type Schedule } from '../../core/submit/schedule';
import type { BatchService } from '../../core/batchService';
import { notify } from '../ui/notify';

export class Scheduler implements vscode.Disposable {
  private readonly file: ScheduleFile;
  private readonly autoLock: string;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private current: Schedule | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    files: WorkspaceFiles,
    private readonly service: BatchService,
    private readonly threshold: () => number,
    private readonly log: vscode.LogOutputChannel,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.file = new ScheduleFile(files.schedule);
    this.autoLock = files.autoSubmitLock;
  }

  /** When the queue will be submitted, if a time is set. */
  get scheduledAt(): Date | undefined {
    return this.current ? new Date(this.current.at) : undefined;
  }

  /** Picks up the schedule saved before a reload; a time that passed while VS Code was closed fires now. */
  async restore(): Promise<void> {
    const { schedule, problem } = await this.file.read();
    if (problem)
      void notify(
        'warning',
        vscode.l10n.t('Claude Batch: the saved submit time could not be read and was set aside ({0}).', problem),
      );
    this.current = schedule;
    this.arm();
    this.changed.fire();
  }

  async set(at: Date): Promise<void> {
    this.current = { at: at.toISOString(), setAt: this.now().toISOString() };
    await this.file.write(this.current);
    this.log.info(`queue scheduled for submission at ${this.current.at}`);
    this.arm();
    this.changed.fire();
  }

  async cancel(): Promise<boolean> {
    const had = !!this.current;
    this.current = undefined;
    this.disarm();
    await this.file.clear();
    if (had) this.log.info('scheduled submission canceled');
    this.changed.fire();
    return had;
  }

  /** Called on every queue change: submits once the queue holds the configured number of tasks. */
  async checkThreshold(): Promise<void> {
    const threshold = this.threshold();
    const count = this.service.submittable().length;
    if (!reachesThreshold(count, threshold) || !vscode.workspace.isTrusted) return;
    await withLock(this.autoLock, STALE_LOCK_MS.autoSubmit, async () => {
      // Another window may have just sent them: read the shared files again and count inside the lock.
      await this.service.store.refresh();
      const tasks = this.service.submittable();
      if (!reachesThreshold(tasks.length, threshold)) return;
      this.log.info(
        `the queue reached ${tasks.length} tasks (claudeBatch.autoSubmit.queueSize is ${threshold}): submitting`,
      );
      await vscode.commands.executeCommand('claudeBatch.submitQueue', {
        skipConfirmation: true,
        name: `Auto-submitted at ${threshold} · ${defaultBatchName(tasks, this.now())}`,
      });
    });
  }

  private arm(): void {
    this.disarm();
    if (!this.current) return;
    const delay = Math.max(0, new Date(this.current.at).getTime() - this.now().getTime());
    this.timer = setTimeout(() => void this.fire(), Math.min(delay, MAX_TIMER_MS));
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async fire(): Promise<void> {
    const due = this.current;
    if (!due) return;
    if (new Date(due.at).getTime() > this.now().getTime()) return this.arm(); // a long wait, in steps
    this.current = undefined;
    this.changed.fire();
    // Another window on this workspace may fire the same schedule: only the one that claims it submits.
    if (!(await this.file.claim())) return;
    await this.service.store.refresh();
    const tasks = this.service.submittable();
    if (tasks.length === 0) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Claude Batch: the submit time came, but the queue is empty.'),
      );
      return;
    }
    const late = this.now().getTime() - new Date(due.at).getTime() > 60_000;
    this.log.info(`submitting the queue scheduled for ${due.at}${late ? ' (VS Code was closed at that time)' : ''}`);
    await vscode.commands.executeCommand('claudeBatch.submitQueue', {
      skipConfirmation: true,
      name: `Scheduled · ${defaultBatchName(tasks, this.now())}`,
    });
  }

  dispose(): void {
    this.disarm();
    this.changed.dispose();
  }
}
