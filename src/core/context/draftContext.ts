// Gives queued drafts their context: one resolver per workspace folder, shared by the drafts queued together.
import type { TaskDraft } from '../serviceTypes';
import { estimateTokens } from '../cost/prices';
import { ContextResolver, type ContextHelper } from './contextResolver';
import type { ContextNote } from './contextParts';
import type { ContextSource } from './contextSource';

export interface DraftContextOptions {
  /** The ContextSource of a workspace folder (by its URI string). */
  sourceFor(folderUri: string): ContextSource;
  helperFor?(folderUri: string): ContextHelper | undefined;
  /** claudeBatch.context.maxTokens; 0 turns context off. */
  budget: number;
}

export interface DraftContextResult {
  drafts: TaskDraft[];
  /** What the resolver left out or cut, per task file. */
  notes: Array<ContextNote & { task: string }>;
}

/**
 * The smallest context window of a current model (200K tokens) less room for the answer: context never takes a
 * request past it. A file that alone is larger gets no context (and the API says what it says of the file).
 */
export const PROMPT_CEILING_TOKENS = 150_000;

export async function addContext(
  drafts: readonly TaskDraft[],
  options: DraftContextOptions,
): Promise<DraftContextResult> {
  if (options.budget <= 0) return { drafts: [...drafts], notes: [] };
  const resolvers = new Map<string, ContextResolver>();
  const notes: DraftContextResult['notes'] = [];
  const out: TaskDraft[] = [];
  for (const draft of drafts) {
    let resolver = resolvers.get(draft.folderUri);
    if (!resolver) {
      resolver = new ContextResolver(options.sourceFor(draft.folderUri), options.helperFor?.(draft.folderUri));
      resolvers.set(draft.folderUri, resolver);
    }
    const context = await resolver.resolve({
      relPath: draft.relPath,
      text: draft.text,
      instruction: draft.instruction,
      budget: Math.min(options.budget, Math.max(0, PROMPT_CEILING_TOKENS - estimateTokens(draft.text))),
    });
    notes.push(...context.notes.map((note) => ({ ...note, task: draft.relPath })));
    out.push({ ...draft, context: context.parts });
  }
  return { drafts: out, notes };
}
