// Context is snapshotted at queue time like the file: what is sent is what the user saw when queueing, even if
// the imported files change before the batch is submitted. Texts are stored once per content.
import type { SnapshotStore } from '../store/snapshotStore';
import { ClaudeBatchError } from '../errors';
import type { ContextPart, ResolvedPart } from './contextParts';

export async function snapshotParts(parts: readonly ResolvedPart[], snapshots: SnapshotStore): Promise<ContextPart[]> {
  return partsStoredAs(parts, await snapshots.putAll(parts.map((p) => p.text)));
}

/** The parts as a task keeps them: each text replaced by the hash it was stored under (`hashes`, in order). */
export function partsStoredAs(parts: readonly ResolvedPart[], hashes: readonly string[]): ContextPart[] {
  return parts.map(({ text: _text, ...part }, i) => ({ ...part, hash: hashes[i]! }));
}

/** The texts of context parts, read back from the snapshot store; a small cache, as tasks share their parts. */
export class ContextTexts {
  private readonly texts = new Map<string, string>();

  constructor(
    private readonly snapshots: SnapshotStore,
    private readonly capacity = 256,
  ) {}

  of(part: ContextPart): Promise<string> {
    return this.byHash(part.hash, `${part.relPath} (context)`);
  }

  /** A stored text by its hash; `what` names it when it is missing. */
  async byHash(hash: string, what: string): Promise<string> {
    const known = this.texts.get(hash);
    if (known !== undefined) return known;
    const text = await this.snapshots.get(hash);
    if (text === undefined) throw new ClaudeBatchError('snapshotMissing', `The saved copy of ${what} is missing.`);
    if (this.texts.size >= this.capacity) this.texts.clear();
    this.texts.set(hash, text);
    return text;
  }
}
