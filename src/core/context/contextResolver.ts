// Chooses what a task's request carries beside its file, in order of value, within a token budget: the
// project's instructions, the files the task's file imports, for a test task the test setup and the nearest
// existing test, then what those imports import. Never throws for the workspace's sake: whatever it cannot use
// becomes a note.
import { estimateTokens } from '../cost/prices';
import type { ContextNote, ContextRole, ResolvedPart } from './contextParts';
import type { ContextSource } from './contextSource';
import { resolveImport } from './importResolver';
import { importLanguageOf, scanImports } from './importScanner';
import { instructionCandidates } from './projectInstructions';
import { looksLikeSecretFile } from './secrets';
import { isTestTask, nearestManifest, nearestTest, testSetupExcerpt } from './testContext';
import { dirOf, parsePathAliases, type PathAliases } from './tsconfigPaths';

export interface ContextRequest {
  /** The task's file, relative to its workspace folder. */
  relPath: string;
  /** Its text as queued. */
  text: string;
  instruction: string;
  /** Tokens the context may take (project instructions included); 0 turns context off. */
  budget: number;
}

/** Optional help from an editor's language features, for languages whose imports we do not read ourselves. */
export interface ContextHelper {
  /** Workspace files (folder-relative) that the file's code refers to, in order of first use. */
  relatedFiles(relPath: string, text: string): Promise<string[]>;
}

export interface ResolvedContext {
  parts: ResolvedPart[];
  notes: ContextNote[];
}

/** A part is cut only when at least this many tokens of it fit: less is noise, not context. */
const MIN_CUT_TOKENS = 256;
/** Imports of imports are followed this deep (1 = only the task file's own imports). */
const IMPORT_DEPTH = 2;
const CUT_MARK = '\n[… cut here to fit the context budget]';

interface Candidate {
  role: ContextRole;
  relPath: string;
  why: string;
  /** The text to send, made from the file's (a manifest's excerpt), or why it cannot be. */
  excerpt?: (text: string) => string | { error: string };
}

type Loaded = { text: string } | { problem: 'binary' | 'notUtf8' | 'unreadable' };

/**
 * One resolver per queueing (a folder and its listing): the listing, configs and file reads are shared by the
 * tasks queued together, so 40 files queued at once list the workspace once.
 */
export class ContextResolver {
  private readonly loads = new Map<string, Promise<Loaded>>();
  private readonly settled = new Map<string, Loaded>();
  private readonly aliases = new Map<string, PathAliases | undefined>();
  private filesPromise: Promise<{ list: readonly string[]; set: ReadonlySet<string> }> | undefined;

  constructor(
    private readonly source: ContextSource,
    private readonly helper?: ContextHelper,
  ) {}

  async resolve(request: ContextRequest): Promise<ResolvedContext> {
    if (request.budget <= 0) return { parts: [], notes: [] };
    const notes: ContextNote[] = [];
    const candidates = await this.candidates(request, notes);
    return this.fill(candidates, request.budget, notes);
  }

  private files(): Promise<{ list: readonly string[]; set: ReadonlySet<string> }> {
    this.filesPromise ??= this.source.list().then((list) => ({ list, set: new Set(list) }));
    return this.filesPromise;
  }

  private async candidates(request: ContextRequest, notes: ContextNote[]): Promise<Candidate[]> {
    const { list, set } = await this.files();
    const out: Candidate[] = [];
    const taken = new Set<string>([request.relPath]);
    const take = (candidate: Candidate): void => {
      if (taken.has(candidate.relPath)) return;
      taken.add(candidate.relPath);
      if (looksLikeSecretFile(candidate.relPath)) notes.push({ kind: 'secret', path: candidate.relPath });
      else out.push(candidate);
    };
    for (const file of instructionCandidates(request.relPath))
      if (set.has(file)) take({ role: 'instructions', relPath: file, why: 'project instructions' });

    const firstLevel = await this.importsOf(request.relPath, request.text, notes);
    for (const file of firstLevel) take({ role: 'related', relPath: file, why: `imported by ${request.relPath}` });

    if (isTestTask(request.instruction)) {
      const manifest = nearestManifest(request.relPath, set);
      if (manifest)
        take({
          role: 'testSetup',
          relPath: manifest,
          why: 'how the project runs its tests',
          excerpt: (text) => testSetupExcerpt(manifest, text),
        });
      const example = nearestTest(request.relPath, list);
      if (example) take({ role: 'testExample', relPath: example, why: 'an existing test to follow' });
    }

    let level = firstLevel;
    for (let depth = 2; depth <= IMPORT_DEPTH; depth++) {
      const next: string[] = [];
      for (const file of level) {
        const loaded = await this.load(file);
        if (!('text' in loaded)) continue;
        for (const imported of await this.importsOf(file, loaded.text, notes)) {
          if (imported === request.relPath || level.includes(imported)) {
            notes.push({ kind: 'cycle', path: imported, from: file });
            continue;
          }
          if (!taken.has(imported)) next.push(imported);
          take({ role: 'related', relPath: imported, why: `imported by ${file}` });
        }
      }
      level = next;
    }
    return out;
  }

  /** Workspace files a file imports, in source order; notes for imports that should resolve and do not. */
  private async importsOf(relPath: string, text: string, notes: ContextNote[]): Promise<string[]> {
    const { set } = await this.files();
    if (!importLanguageOf(relPath)) {
      if (!this.helper) return [];
      try {
        return (await this.helper.relatedFiles(relPath, text)).filter((f) => f !== relPath && set.has(f));
      } catch {
        return [];
      }
    }
    const aliasesFor = (file: string): PathAliases | undefined => this.aliasesOf(file, set, notes);
    await this.loadAliases(relPath, set);
    const out: string[] = [];
    for (const spec of scanImports(relPath, text)) {
      for (const resolution of resolveImport(relPath, spec, { files: set, aliasesFor })) {
        if (!resolution) continue;
        if ('file' in resolution) {
          if (resolution.file !== relPath && !out.includes(resolution.file)) out.push(resolution.file);
        } else notes.push({ kind: resolution.problem, path: spec.specifier, from: relPath });
      }
    }
    return out;
  }

  /** The nearest tsconfig.json or jsconfig.json above a file, read once per folder. */
  private configFor(relPath: string, set: ReadonlySet<string>): string | undefined {
    let dir = dirOf(relPath);
    for (;;) {
      for (const name of ['tsconfig.json', 'jsconfig.json']) {
        const file = dir ? `${dir}/${name}` : name;
        if (set.has(file)) return file;
      }
      if (!dir) return undefined;
      dir = dirOf(dir);
    }
  }

  private async loadAliases(relPath: string, set: ReadonlySet<string>): Promise<void> {
    const config = this.configFor(relPath, set);
    if (config) await this.load(config);
  }

  private aliasesOf(relPath: string, set: ReadonlySet<string>, notes: ContextNote[]): PathAliases | undefined {
    const config = this.configFor(relPath, set);
    if (!config) return undefined;
    if (this.aliases.has(config)) return this.aliases.get(config);
    const loaded = this.loaded(config);
    let aliases: PathAliases | undefined;
    if ('text' in loaded) {
      const parsed = parsePathAliases(dirOf(config), loaded.text);
      if ('error' in parsed) notes.push({ kind: 'badManifest', path: config, detail: parsed.error });
      else aliases = parsed;
    }
    this.aliases.set(config, aliases);
    return aliases;
  }

  private load(relPath: string): Promise<Loaded> {
    let loading = this.loads.get(relPath);
    if (!loading) {
      loading = this.source
        .read(relPath)
        .then(decode, (): Loaded => ({ problem: 'unreadable' }))
        .then((value) => {
          this.settled.set(relPath, value);
          return value;
        });
      this.loads.set(relPath, loading);
    }
    return loading;
  }

  /** A file already loaded (a config is loaded before its aliases are read). */
  private loaded(relPath: string): Loaded {
    return this.settled.get(relPath) ?? { problem: 'unreadable' };
  }

  /** Takes candidates in order while the budget lasts; the first that does not fit is cut, when enough fits. */
  private async fill(candidates: Candidate[], budget: number, notes: ContextNote[]): Promise<ResolvedContext> {
    const parts: ResolvedPart[] = [];
    let left = budget;
    for (const candidate of candidates) {
      const loaded = await this.load(candidate.relPath);
      let text: string;
      if (!('text' in loaded)) {
        notes.push({ kind: loaded.problem, path: candidate.relPath });
        continue;
      }
      if (candidate.excerpt) {
        const excerpt = candidate.excerpt(loaded.text);
        if (typeof excerpt !== 'string') {
          notes.push({ kind: 'badManifest', path: candidate.relPath, detail: excerpt.error });
          continue;
        }
        if (!excerpt) continue;
        text = excerpt;
      } else text = loaded.text;
      const tokens = estimateTokens(text);
      const base = { role: candidate.role, relPath: candidate.relPath, why: candidate.why };
      if (tokens <= left) {
        parts.push({ ...base, text, tokens });
        left -= tokens;
      } else if (left >= MIN_CUT_TOKENS) {
        const cut = cutToTokens(text, left - estimateTokens(CUT_MARK)) + CUT_MARK;
        parts.push({ ...base, text: cut, tokens: estimateTokens(cut), cut: true });
        notes.push({ kind: 'cut', path: candidate.relPath, detail: `${estimateTokens(cut)} of ${tokens} tokens` });
        left = 0;
      } else {
        notes.push({ kind: 'overBudget', path: candidate.relPath, detail: `${tokens} tokens` });
      }
    }
    return { parts, notes };
  }
}

/** The text's first whole lines within `tokens` (a single over-long first line is cut mid-line). */
function cutToTokens(text: string, tokens: number): string {
  const chars = tokens * 4;
  const head = text.slice(0, chars);
  const lastNewline = head.lastIndexOf('\n');
  return lastNewline > 0 ? head.slice(0, lastNewline) : head;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decode(bytes: Uint8Array | undefined): Loaded {
  if (!bytes) return { problem: 'unreadable' };
  if (bytes.subarray(0, 8000).includes(0)) return { problem: 'binary' };
  try {
    return { text: utf8.decode(bytes).replace(/^\uFEFF/, '') };
  } catch {
    return { problem: 'notUtf8' };
  }
}
