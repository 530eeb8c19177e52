// claude-batch apply: writes ready results to the files on disk, as Apply does in the editor — re-anchored or
// merged three ways with changes made since queueing, new files only inside the workspace folder and never over
// an existing one — and records each as applied. What cannot be applied is listed with why, and left ready.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { taskState, type Task } from '../core/model/records';
import { checkNewFiles } from '../core/review/newFiles';
import { CliError, EXIT } from './exitCodes';
import { pathOfFileUri } from './fileUris';
import type { Output } from './output';
import type { CliWorkspace } from './workspace';

interface Applied {
  taskId: string;
  relPath: string;
  applied: boolean;
  reason?: string;
  created?: string[];
}

const read = (file: string): Promise<string | undefined> => fs.readFile(file, 'utf8').catch(() => undefined);

async function applyOne(ws: CliWorkspace, task: Task): Promise<Applied> {
  const base = { taskId: task.id, relPath: task.relPath };
  const file = pathOfFileUri(task.fileUri);
  const folder = pathOfFileUri(task.folderUri);
  const text = await read(file);
  if (text === undefined)
    return { ...base, applied: false, reason: `${task.relPath} no longer exists (deleted or renamed since queueing)` };
  const plan = await ws.service.review.plan(task, text);
  if (!plan.ok) {
    if (plan.kind === 'alreadyApplied') await ws.service.review.markReviewed(task, 'applied');
    return { ...base, applied: plan.kind === 'alreadyApplied', reason: plan.reason };
  }
  const toCreate = await checkNewFiles(task, folder, plan.created, read);
  if (!toCreate.ok) return { ...base, applied: false, reason: toCreate.reason };
  const created = toCreate.files;
  // In place, as an editor saves: the file keeps its mode and links.
  if (plan.text !== text) await fs.writeFile(file, plan.text, 'utf8');
  for (const c of created) {
    await fs.mkdir(path.dirname(c.target), { recursive: true });
    await fs.writeFile(c.target, c.text, { encoding: 'utf8', flag: 'wx' });
  }
  await ws.service.review.markReviewed(task, 'applied');
  return { ...base, applied: true, ...(created.length ? { created: created.map((c) => c.relPath) } : {}) };
}

export async function applyCommand(
  ws: CliWorkspace,
  { batchId, all }: { batchId?: string | undefined; all: boolean },
  out: Output,
): Promise<number> {
  if (!batchId && !all) throw new CliError(EXIT.usage, 'apply: name a batch (--batch <id>) or --all.');
  if (batchId && !ws.service.registry.get(batchId))
    throw new CliError(EXIT.notFound, `No batch ${batchId} in this workspace.`, 'claude-batch status lists them.');
  const batches = ws.service.registry.list().filter((r) => !batchId || r.id === batchId);
  const ready = batches.flatMap((r) => ws.service.store.tasksOf(r.id)).filter((t) => taskState(t) === 'ready');
  const outcomes: Applied[] = [];
  for (const task of ready) {
    out.progress(`applying ${outcomes.length + 1} of ${ready.length}…`);
    outcomes.push(await applyOne(ws, task));
  }
  const failed = outcomes.filter((o) => !o.applied);
  out.result(
    { applied: outcomes.filter((o) => o.applied), notApplied: failed },
    [
      `applied ${outcomes.length - failed.length} of ${outcomes.length} result${outcomes.length === 1 ? '' : 's'}`,
      ...failed.map((o) => `  not applied: ${o.relPath}: ${o.reason}`),
    ].join('\n'),
  );
  return failed.length ? EXIT.notApplied : EXIT.ok;
}
