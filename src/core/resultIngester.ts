// Downloads a finished batch's results once, keeps the JSONL on disk (the API deletes results after 29 days)
// and records each task's outcome. Lines arrive in no particular order and are matched by custom_id.
import { createWriteStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { once } from 'node:events';
import { parseResultLine } from './resultParser';
import type { BatchRecord, Outcome } from './model';
import type { TaskStore } from './taskStore';
import type { BatchApi } from './batchService';

export interface IngestSummary {
  batchId: string;
  ready: number;
  answers: number;
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

  async ingest(api: BatchApi, record: BatchRecord): Promise<IngestSummary> {
    await fs.mkdir(this.resultsDir, { recursive: true });
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

    const summary: IngestSummary = { batchId: record.id, ready: 0, answers: 0, errored: 0, expired: 0, canceled: 0, problems };
    await this.store.updateBatchTasks(record.id, (task) => {
      const outcome: Outcome = outcomes.get(task.id) ?? {
        type: 'errored',
        errorType: 'missing_result',
        message: 'The batch ended without a result for this task.',
      };
      if (outcome.type === 'edits') summary.ready++;
      else if (outcome.type === 'answer') summary.answers++;
      else summary[outcome.type]++;
      return { ...task, outcome };
    });
    return summary;
  }
}
