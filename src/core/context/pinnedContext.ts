// Pinned context: files the user chose (Add to Batch Context) to go with every task of the next submission — a
// style guide, a schema, the module everything calls. Snapshotted when pinned (what is sent is what the user
// saw), listed with their tokens, removable; the submission that carries them releases them.
import * as path from 'node:path';
import * as z from 'zod';
import { readJsonFile, writeJsonAtomic } from '../store/atomicFile';
import type { SnapshotStore } from '../store/snapshotStore';
import { Emitter } from '../events';
import { estimateTokens } from '../cost/prices';
import type { Task } from '../model/records';
import { isShared, type ContextPart } from './contextParts';

export const PinnedFileSchema = z.lazy(() =>
  z.object({
    folderUri: z.string(),
    relPath: z.string().min(1),
    fileUri: z.string(),
    hash: z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256'),
    tokens: z.number().int().min(0),
    pinnedAt: z.string(),
  }),
);
export type PinnedFile = z.infer<typeof PinnedFileSchema>;

const PinnedFileListSchema = z.lazy(() => z.object({ version: z.literal(1), files: z.array(PinnedFileSchema) }));

export interface PinDraft {
  folderUri: string;
  relPath: string;
  fileUri: string;
  text: string;
}

export class PinnedStore {
  private files: PinnedFile[] = [];
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly file: string,
    private readonly snapshots: SnapshotStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  static fileIn(root: string): string {
    return path.join(root, 'pinned.json');
  }

  /** Reads the pinned list; a damaged file is set aside and named in the returned problem. */
  async load(): Promise<{ problem: string; movedTo: string } | undefined> {
    const read = await readJsonFile(this.file, PinnedFileListSchema);
    const before = JSON.stringify(this.files);
    this.files = read.kind === 'ok' ? read.value.files : [];
    if (JSON.stringify(this.files) !== before) this.changed.fire();
    return read.kind === 'setAside' ? { problem: read.problem, movedTo: read.movedTo } : undefined;
  }

  list(): readonly PinnedFile[] {
    return this.files;
  }

  /** Pins files (a file pinned again is snapshotted again); returns those pinned. */
  async pin(drafts: readonly PinDraft[]): Promise<PinnedFile[]> {
    await this.load();
    const pinned: PinnedFile[] = [];
    for (const draft of drafts) {
      pinned.push({
        folderUri: draft.folderUri,
        relPath: draft.relPath,
        fileUri: draft.fileUri,
        hash: await this.snapshots.put(draft.text),
        tokens: estimateTokens(draft.text),
        pinnedAt: this.now().toISOString(),
      });
    }
    const uris = new Set(pinned.map((p) => p.fileUri));
    await this.save([...this.files.filter((f) => !uris.has(f.fileUri)), ...pinned]);
    return pinned;
  }

  async unpin(fileUris: Iterable<string>): Promise<number> {
    await this.load();
    const gone = new Set(fileUris);
    const kept = this.files.filter((f) => !gone.has(f.fileUri));
    const removed = this.files.length - kept.length;
    if (removed) await this.save(kept);
    return removed;
  }

  /** Releases the pins a submission carried (those pinned since stay). */
  async release(carried: readonly PinnedFile[]): Promise<void> {
    await this.load();
    const done = new Set(carried.map((f) => `${f.fileUri}\n${f.hash}`));
    await this.save(this.files.filter((f) => !done.has(`${f.fileUri}\n${f.hash}`)));
  }

  private async save(files: PinnedFile[]): Promise<void> {
    await writeJsonAtomic(this.file, { version: 1, files });
    this.files = files;
    this.changed.fire();
  }
}

/**
 * The task with pinned files in its context: after the project instructions (they are shared by every task),
 * before its own related files. A pinned file that is the task's own file is left out; pins already carried
 * (a submit tried before) are replaced, not doubled.
 */
export function withPinned(task: Task, pinned: readonly PinnedFile[]): Task {
  if (!pinned.length) return task;
  const context = task.context ?? [];
  const parts: ContextPart[] = pinned
    .filter((p) => p.fileUri !== task.fileUri)
    .map((p) => ({ role: 'pinned', relPath: p.relPath, hash: p.hash, tokens: p.tokens, why: 'pinned by the user' }));
  const instructions = context.filter((p) => p.role === 'instructions');
  const own = context.filter((p) => !isShared(p.role));
  return { ...task, context: [...instructions, ...parts, ...own] };
}
