// Settles submissions interrupted between "batch created" and "batch id saved" (a crash, a closed window, a
// dropped connection): asks the API what exists, adopts the batch it finds, and asks the user when several
// batches could be the one. Never resubmits on its own.
import * as vscode from 'vscode';
import { SETTLE_MS } from '../../core/submit/submissionJournal';
import { classifyError } from '../../core/api/batchClient';
import type { BatchService } from '../../core/batchService';
import type { Poller } from './poller';

export class SubmissionRecovery implements vscode.Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Ambiguous submissions already put to the user in this window: asked once, not at every re-check. */
  private readonly asked = new Set<string>();

  constructor(
    private readonly service: BatchService,
    private readonly poller: Poller,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Runs a reconciliation after `delayMs` if any submission is unresolved; no API call otherwise. */
  schedule(delayMs = 1500): void {
    if (this.service.submitter.openIntents().length === 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), delayMs);
  }

  async run(): Promise<void> {
    this.timer = undefined;
    let report;
    try {
      report = await this.service.submitter.reconcile();
    } catch (error) {
      this.log.warn(`could not check interrupted submissions: ${classifyError(error).message}`);
      this.schedule(SETTLE_MS);
      return;
    }
    for (const { intent, outcome, batchId } of report) {
      this.log.info(`interrupted submission "${intent.name}": ${outcome}${batchId ? ` (${batchId})` : ''}`);
      if (outcome === 'adopted') {
        void vscode.window.showInformationMessage(
          vscode.l10n.t(
            'Claude Batch: found batch “{0}” in the API (its submission was interrupted); it is tracked now.',
            intent.name,
          ),
        );
      } else if (outcome === 'notCreated') {
        void vscode.window.showInformationMessage(
          vscode.l10n.t('Claude Batch: “{0}” never reached the API; its tasks are still in the queue.', intent.name),
        );
      } else if (outcome === 'pending') {
        this.schedule(SETTLE_MS);
      } else if (outcome === 'ambiguous') {
        // Once the look-alike batches end, their results' custom_ids settle it without the user.
        this.schedule(5 * SETTLE_MS);
      }
    }
    this.poller.resume();
    for (const intent of this.service.submitter.openIntents().filter((i) => i.ambiguous && !this.asked.has(i.id))) {
      this.asked.add(intent.id);
      await this.ask(intent.id);
    }
  }

  private async ask(intentId: string): Promise<void> {
    const intent = this.service.submitter.openIntents().find((i) => i.id === intentId);
    if (!intent?.ambiguous) return;
    const choose = vscode.l10n.t('Choose…');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t(
        'Claude Batch: cannot tell which batch holds “{0}” ({1} tasks): {2} batches match.',
        intent.name,
        intent.taskIds.length,
        intent.ambiguous.length,
      ),
      choose,
    );
    if (answer !== choose) return;
    const none = {
      label: vscode.l10n.t('None of these: keep the tasks queued'),
      batchId: undefined as string | undefined,
    };
    const picked = await vscode.window.showQuickPick(
      [...intent.ambiguous.map((id) => ({ label: id, batchId: id as string | undefined })), none],
      { placeHolder: vscode.l10n.t('Which batch holds these tasks?') },
    );
    if (!picked) return;
    await this.service.submitter.resolve(intent.id, picked.batchId);
    this.poller.resume();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}
