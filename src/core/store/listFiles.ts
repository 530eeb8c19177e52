// The bookkeeping of the task store's list files (the queue, each batch): what was last read or written of each
// file — its version, to notice another window's write, and its change number and sizes, to append the next
// change or fold the log into the snapshot. The formats themselves are core/store/taskLog.ts's.
import { promises as fs } from 'node:fs';
import {
  appendChange,
  foldList,
  listVersion,
  loadList,
  logFileOf,
  shouldFold,
  type Change,
  type ChangeDraft,
  type ListState,
} from './taskLog';

export interface StoreProblem {
  file: string;
  problem: string;
  movedTo: string;
}

interface Sizes {
  seq: number;
  logBytes: number;
  snapshotBytes: number;
}

export class ListFiles {
  /** The version of each file as last read or written; another version on disk means another window wrote. */
  private readonly versions = new Map<string, string>();
  private readonly sizes = new Map<string, Sizes>();

  /** Reads a list; a damaged file or log line is set aside and reported in `problems`, never dropped silently. */
  async read(file: string, problems: StoreProblem[]): Promise<ListState> {
    const result = await loadList(file);
    this.versions.set(file, await listVersion(file));
    if (result.kind === 'setAside') problems.push({ file, problem: result.problem, movedTo: result.movedTo });
    if (result.kind !== 'ok') {
      this.sizes.delete(file);
      return { tasks: [] };
    }
    this.sizes.set(file, { seq: result.seq, logBytes: result.logBytes, snapshotBytes: result.snapshotBytes });
    if (result.skipped.length) {
      problems.push({ file: logFileOf(file), problem: result.skipped.join('; '), movedTo: result.copiedTo ?? '' });
      // Fold now, so the damaged log (kept as a copy) is set aside once, not copied again at every load.
      const snapshotBytes = await foldList(file, result.state, result.seq);
      this.sizes.set(file, { seq: result.seq, logBytes: 0, snapshotBytes });
      this.versions.set(file, await listVersion(file));
    }
    return result.state;
  }

  /** Whether the file on disk is not the one last read or written here. */
  async changedOnDisk(file: string): Promise<boolean> {
    return (await listVersion(file)) !== this.versions.get(file);
  }

  /** Deletes a list's files (its snapshot and log) and forgets them. */
  async remove(file: string): Promise<void> {
    await fs.rm(file, { force: true });
    await fs.rm(logFileOf(file), { force: true });
    this.sizes.delete(file);
    this.versions.delete(file);
  }

  /**
   * Appends the change to the list's log. A list with no snapshot yet, an outgrown log, or a change that rewrites
   * every task of the list (a batch's results coming in) is folded instead: the same bytes written, and the next
   * load reads each task once instead of once per change that carried it.
   */
  async persist(file: string, state: ListState, change: ChangeDraft): Promise<void> {
    const known = this.sizes.get(file) ?? { seq: 0, logBytes: 0, snapshotBytes: 0 };
    const seq = known.seq + 1;
    const wholeList = 'tasks' in change && change.tasks.length === state.tasks.length;
    if (known.snapshotBytes === 0 || wholeList || shouldFold(known.logBytes, known.snapshotBytes)) {
      this.sizes.set(file, { seq, logBytes: 0, snapshotBytes: await foldList(file, state, seq) });
    } else {
      const appended = await appendChange(file, { ...change, seq } as Change);
      this.sizes.set(file, { ...known, seq, logBytes: known.logBytes + appended });
    }
    this.versions.set(file, await listVersion(file));
  }
}
