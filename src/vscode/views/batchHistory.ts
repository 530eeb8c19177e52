// Which batches the tree shows at its root and which under "Older batches": the newest (a split submission
// counts once) and every batch still in flight at the root, the rest as history, whose rows are built only when
// that row is opened — so that the tree's first paint does not grow with the batches kept.
import { awaitsReview, isInFlight, type BatchRecord, type Task } from '../../core/model/records';
import { plural } from '../../core/model/words';
import { nodeId } from './treeIds';
import type { NodeView } from './treeModel';

/** How many batches (or split submissions) the root shows before the rest go under "Older batches". */
export const RECENT_BATCHES = 20;

export interface BatchHistory {
  recent: BatchRecord[];
  older: BatchRecord[];
}

/** A split submission's parts stay together: one entry, wherever its newest part falls. */
const entryOf = (record: BatchRecord): string => record.part?.submissionId ?? record.id;

/** Splits the batches (newest first, as the registry lists them), keeping their order on each side. */
export function splitHistory(batches: readonly BatchRecord[], recentCount = RECENT_BATCHES): BatchHistory {
  const entries = new Map<string, boolean>();
  for (const record of batches) {
    const entry = entryOf(record);
    const recent = entries.get(entry) ?? (entries.size < recentCount || isInFlight(record));
    entries.set(entry, recent || isInFlight(record));
  }
  const recent: BatchRecord[] = [];
  const older: BatchRecord[] = [];
  for (const record of batches) (entries.get(entryOf(record)) ? recent : older).push(record);
  return { recent, older };
}

/** The "Older batches" row: how many, and how many of their results still wait for review. */
export function olderNode(older: readonly BatchRecord[], tasksOf: (batchId: string) => readonly Task[]): NodeView {
  const entries = new Set(older.map(entryOf)).size;
  const waiting = older.reduce((sum, r) => sum + tasksOf(r.id).filter(awaitsReview).length, 0);
  const words = [plural(entries, 'batch', 'batches'), ...(waiting ? [`${plural(waiting, 'result')} to review`] : [])];
  return {
    id: nodeId.older,
    kind: 'older',
    label: 'Older batches',
    description: words.join(' · '),
    tooltip: `Batches that ended before the newest ${RECENT_BATCHES}: ${words.join(', ')}.`,
    contextValue: 'olderBatches',
    icon: 'history',
    collapsible: true,
    startCollapsed: true,
  };
}
