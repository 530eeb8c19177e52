// The tree's batch rows as the state is now: a batch, a split submission (its parts under it), and "Older
// batches" (batchHistory.ts decides which batches go there).
import { priceFor } from '../../core/cost/prices';
import type { BatchService } from '../../core/batchService';
import type { BatchRecord } from '../../core/model/records';
import type { Settings } from '../settings';
import { olderNode, splitHistory, type BatchHistory } from './batchHistory';
import { batchNode, submissionNode } from './batchNodes';
import type { NodeView } from './treeModel';

export class BatchRows {
  constructor(
    private readonly service: BatchService,
    private readonly settings: () => Settings,
  ) {}

  /** A batch's row, as it is now. */
  row(record: BatchRecord): NodeView {
    const { model, prices } = this.settings();
    return batchNode(record, this.service.store.tasksOf(record.id), priceFor(record.model ?? model, prices));
  }

  /** A split submission's batches, in part order. */
  partsOf(submissionId: string): BatchRecord[] {
    return this.service.registry
      .list()
      .filter((r) => r.part?.submissionId === submissionId)
      .sort((a, b) => a.part!.index - b.part!.index);
  }

  /** A row per batch, and one per split submission (its parts under it). */
  rows(records: readonly BatchRecord[]): NodeView[] {
    const rows: NodeView[] = [];
    const submissions = new Set<string>();
    for (const record of records) {
      if (!record.part) rows.push(this.row(record));
      else if (!submissions.has(record.part.submissionId)) {
        submissions.add(record.part.submissionId);
        const row = this.submissionRow(record.part.submissionId);
        if (row) rows.push(row);
      }
    }
    return rows;
  }

  /** The batches as the root shows them now: the recent ones, and those under "Older batches". */
  history(): BatchHistory {
    return splitHistory(this.service.registry.list());
  }

  /** Whether a batch's row sits under "Older batches" rather than at the root. */
  isOlder(batchId: string): boolean {
    return this.history().older.some((r) => r.id === batchId);
  }

  /** The "Older batches" row, while there are any. */
  olderRow(older = this.history().older): NodeView | undefined {
    return older.length ? olderNode(older, (id) => this.service.store.tasksOf(id)) : undefined;
  }

  /** A split submission's row, while any of its batches is known. */
  submissionRow(submissionId: string): NodeView | undefined {
    const parts = this.partsOf(submissionId);
    return parts.length
      ? submissionNode(parts.map((record) => ({ record, tasks: this.service.store.tasksOf(record.id) })))
      : undefined;
  }

  /** A batch's row by id, if the batch is known. */
  rowOf(batchId: string): NodeView | undefined {
    const record = this.service.registry.get(batchId);
    return record ? this.row(record) : undefined;
  }
}
