// claude-batch export | cancel | retry: a batch's results written out (JSONL or Markdown), a running batch
// canceled, and a batch's failed tasks (errored, expired, canceled, cut off) put back into the queue.
import { promises as fs } from 'node:fs';
import { priceFor } from '../core/cost/prices';
import type { BatchRecord } from '../core/model/records';
import { exportResults, type ExportFormat } from '../core/results/resultExport';
import type { SubmitSettings } from '../core/serviceTypes';
import { CliError, EXIT } from './exitCodes';
import type { Output } from './output';
import type { CliWorkspace } from './workspace';

function batchNamed(ws: CliWorkspace, batchId: string | undefined, command: string): BatchRecord {
  if (!batchId) throw new CliError(EXIT.usage, `${command}: name the batch (--batch <id>).`);
  const record = ws.service.registry.get(batchId);
  if (!record)
    throw new CliError(EXIT.notFound, `No batch ${batchId} in this workspace.`, 'claude-batch status lists them.');
  return record;
}

export async function exportCommand(
  ws: CliWorkspace,
  { batchId, format, to }: { batchId?: string | undefined; format?: string | undefined; to?: string | undefined },
  out: Output,
): Promise<number> {
  const record = batchNamed(ws, batchId, 'export');
  if (format !== undefined && format !== 'jsonl' && format !== 'markdown')
    throw new CliError(EXIT.usage, `--format ${format}: expected jsonl or markdown.`);
  if (!record.resultsIngested)
    throw new CliError(EXIT.badInput, `Batch ${record.id} has no results yet.`, 'Run claude-batch collect first.');
  const text = exportResults(
    record,
    ws.service.store.tasksOf(record.id),
    (format ?? 'jsonl') as ExportFormat,
    record.model ? priceFor(record.model) : undefined,
  );
  if (!to) {
    // The export itself is the result: written as it is, JSON lines or Markdown, whatever --json says.
    process.stdout.write(text);
    return EXIT.ok;
  }
  await fs.writeFile(to, text, 'utf8');
  out.result(
    { batch: record.id, file: to, bytes: Buffer.byteLength(text) },
    `wrote the results of ${record.id} to ${to}`,
  );
  return EXIT.ok;
}

export async function cancelCommand(ws: CliWorkspace, batchId: string | undefined, out: Output): Promise<number> {
  const record = batchNamed(ws, batchId, 'cancel');
  if (record.status === 'ended') throw new CliError(EXIT.badInput, `Batch ${record.id} has already ended.`);
  const canceled = await ws.service.cancel(record.id);
  out.result(
    { batch: record.id, status: canceled?.status },
    `asked the API to cancel ${record.id}; it is ${canceled?.status ?? 'canceling'} (finished requests keep their results; collect gets them).`,
  );
  return EXIT.ok;
}

export async function retryCommand(
  ws: CliWorkspace,
  batchId: string | undefined,
  settings: SubmitSettings,
  out: Output,
): Promise<number> {
  const record = batchNamed(ws, batchId, 'retry');
  const report = await ws.service.retryFailed(record.id, settings);
  out.result(
    { batch: record.id, retried: report.retried, moreRoom: report.moreRoom, atLimit: report.atLimit.map((t) => t.id) },
    `put ${report.retried} task(s) back into the queue${report.moreRoom ? ` (${report.moreRoom} with more room)` : ''}${report.atLimit.length ? `; ${report.atLimit.length} cut off at the model's limit stay as they are` : ''}. Submit to send them.`,
  );
  return EXIT.ok;
}
