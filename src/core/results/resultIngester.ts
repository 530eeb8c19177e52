// Downloads a finished batch's results once, keeps the JSONL on disk (the API deletes results after 29 days)
// and records each task's outcome. Lines arrive in no particular order and are matched by custom_id.
import { createWriteStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { once } from 'node:events';
import { parseResultLine } from './resultParser';
import { ClaudeBatchError } from '../errors';
import { tryLock } from '../store/fileLock';
import { STALE_LOCK_MS } from '../store/storageLayout';
import type { BatchRecord, Outcome } from '../model/records';
import type { TaskStore } from '../store/taskStore';
import type { BatchApi } from '../api/batchApi';

export interface IngestSummary {
  batchId: string;
  ready: number;
  answers: number;
  /** Answers cut off at max_tokens: Retry with More Room sends them again. */
  cutOff: number;
  /** Answers the model declined, or stopped when its context window was full. */
  stopped: number;
  errored: number;
  expired: number;
  canceled: number;
  /** Lines that could not be read, with why; they are kept in the JSONL file. */
  problems: string[];
}

export class ResultIngester {
  constructor(
    private readonly resultsDir: string,
    private readonly store: TaskStore,
  ) {}

  resultsFile(batchId: string): string {
    return path.join(this.resultsDir, `${batchId}.jsonl`);
  }

  /**
   * Downloads and records the results of an ended batch exactly once across windows: a claim file guards the
   * download, and a batch whose results are already on disk and recorded is summarised without any API call.
   */
  async ingest(api: BatchApi, record: BatchRecord): Promise<IngestSummary> {
    await fs.mkdir(this.resultsDir, { recursive: true });
    const recorded = await this.alreadyRecorded(record);
    if (recorded) return recorded;
    const claim = await tryLock(`${this.resultsFile(record.id)}.claim`, STALE_LOCK_MS.resultsDownload);
    if (!claim)
      throw new ClaudeBatchError(
        'ingestInProgress',
        `the results of ${record.id} are being downloaded by another window`,
      );
    try {
      return (await this.alreadyRecorded(record)) ?? (await this.download(api, record));
    } finally {
      await claim.release();
    }
  }

  /** The summary of a batch whose results file exists and whose tasks all have outcomes, else undefined. */
  private async alreadyRecorded(record: BatchRecord): Promise<IngestSummary | undefined> {
    await this.store.refresh();
    const tasks = this.store.tasksOf(record.id);
    const exists = await fs.access(this.resultsFile(record.id)).then(
      () => true,
      () => false,
    );
    if (!exists || tasks.length === 0 || tasks.some((t) => !t.outcome)) return undefined;
    const summary = emptySummary(record.id, []);
    for (const { outcome } of tasks) if (outcome) count(summary, outcome);
    return summary;
  }

  private async download(api: BatchApi, record: BatchRecord): Promise<IngestSummary> {
    const finalFile = this.resultsFile(record.id);
    const partFile = `${finalFile}.part`;
    const out = createWriteStream(partFile, { encoding: 'utf8' });
    const outcomes = new Map<string, Outcome>();
    const problems: string[] = [];
    try {
      await api.streamResults(record.id, async (line) => {
        if (!out.write(`${JSON.stringify(line)}\n`)) await once(out, 'drain');
        const parsed = parseResultLine(line);
        if (parsed.ok) outcomes.set(parsed.customId, parsed.outcome);
        else problems.push(parsed.problem);
      });
    } finally {
      out.end();
      await once(out, 'close');
    }
    await fs.rename(partFile, finalFile);

    const summary = emptySummary(record.id, problems);
    await this.store.updateBatchTasks(record.id, (task) => {
      const outcome: Outcome = outcomes.get(task.id) ?? {
        type: 'errored',
        errorType: 'missing_result',
        message: 'The batch ended without a result for this task.',
      };
      count(summary, outcome);
      return { ...task, outcome };
    });
    return summary;
  }
}

function emptySummary(batchId: string, problems: string[]): IngestSummary {
  return { batchId, ready: 0, answers: 0, cutOff: 0, stopped: 0, errored: 0, expired: 0, canceled: 0, problems };
}

function count(summary: IngestSummary, outcome: Outcome): void {
  if (outcome.type === 'edits') summary.ready++;
  else if (outcome.type === 'answer') summary.answers++;
  else if (outcome.type === 'stopped') summary[outcome.stopReason === 'max_tokens' ? 'cutOff' : 'stopped']++;
  else summary[outcome.type]++;
}
