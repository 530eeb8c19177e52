// What goes into a request beside the task's own file: the parts of its context, as snapshotted at queue time,
// and the notes the resolver leaves about what it could not or would not add. Both are data the confirmation,
// Show Request and the log read; none is a sentence to be parsed again.
import * as z from 'zod';

/**
 * Why a part is in a request. `instructions` and `pinned` are shared by every task of a folder (they lead the
 * request, under one cache breakpoint); the others belong to one task's file.
 */
export const CONTEXT_ROLES = ['instructions', 'pinned', 'related', 'testSetup', 'testExample'] as const;
export type ContextRole = (typeof CONTEXT_ROLES)[number];

/** The shared roles come first in a request; the rest go with the task's file. */
export function isShared(role: ContextRole): boolean {
  return role === 'instructions' || role === 'pinned';
}

/** A part of a task's context as stored with the task: its text lives in the snapshot store under `hash`. */
export const ContextPartSchema = z.lazy(() =>
  z.object({
    role: z.enum(CONTEXT_ROLES),
    /** Path relative to the workspace folder, forward slashes. */
    relPath: z.string().min(1),
    hash: z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256'),
    /** Local estimate of its tokens, as sent (after any cut). */
    tokens: z.number().int().min(0),
    /** True when the text was cut to fit the context budget. */
    cut: z.boolean().optional(),
    /** Why it was chosen ("imported by src/app.ts"), for the model and for the user. */
    why: z.string().optional(),
  }),
);
export type ContextPart = z.infer<typeof ContextPartSchema>;

/** A part before it is snapshotted: its text in hand. */
export interface ResolvedPart extends Omit<ContextPart, 'hash'> {
  text: string;
}

export type ContextNoteKind =
  | 'unresolved'
  | 'outsideFolder'
  | 'cycle'
  | 'binary'
  | 'notUtf8'
  | 'unreadable'
  | 'secret'
  | 'cut'
  | 'overBudget'
  | 'badManifest';

/** Something the resolver left out or changed, and where: shown in the confirmation and the log. */
export interface ContextNote {
  kind: ContextNoteKind;
  /** The file the note is about (or the import specifier, for one that did not resolve). */
  path: string;
  /** The file that led to it (the importer), when there is one. */
  from?: string;
  detail?: string;
}

const NOTE_WORDS: Record<ContextNoteKind, string> = {
  unresolved: 'import not found in the workspace',
  outsideFolder: 'outside the workspace folder',
  cycle: 'import cycle (already included)',
  binary: 'binary file, left out',
  notUtf8: 'not UTF-8 text, left out',
  unreadable: 'could not be read, left out',
  secret: 'looks like a secret, never sent as context',
  cut: 'cut to fit the context budget',
  overBudget: 'left out: the context budget was spent',
  badManifest: 'manifest could not be read',
};

/** One line for the log or the confirmation. */
export function describeNote(note: ContextNote): string {
  const from = note.from ? ` (from ${note.from})` : '';
  const detail = note.detail ? `: ${note.detail}` : '';
  return `${note.path}${from} — ${NOTE_WORDS[note.kind]}${detail}`;
}
