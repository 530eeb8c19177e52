// The import specifiers a source file names, read with patterns rather than a parser: context is a best effort
// that must never fail, and a commented-out import costs a few tokens at worst.

export type ImportLanguage = 'js' | 'python';

export interface ImportSpecifier {
  specifier: string;
  language: ImportLanguage;
  /** For Python `from .pkg import a, b`: the names imported, which may be modules of the package. */
  names?: string[];
}

const JS_EXTENSIONS = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|vue|svelte)$/i;

export function importLanguageOf(relPath: string): ImportLanguage | undefined {
  if (JS_EXTENSIONS.test(relPath)) return 'js';
  if (/\.pyi?$/i.test(relPath)) return 'python';
  return undefined;
}

const JS_PATTERNS = [
  // import x from 'a'; import { a,\n b } from 'a'; export * from 'a'; import type { T } from 'a'
  /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?[^'";]*?\sfrom\s*['"]([^'"\n]+)['"]/g,
  // import 'a' (for its side effects)
  /(?:^|[\s;])import\s*['"]([^'"\n]+)['"]/g,
  // require('a'), import('a')
  /\b(?:require|import)\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g,
];

const PY_FROM = /^[ \t]*from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+\(?([^#\n)]*)/gm;
const PY_IMPORT = /^[ \t]*import[ \t]+([\w., \t]+)/gm;

/** Imports in source order, each specifier once. */
export function scanImports(relPath: string, text: string): ImportSpecifier[] {
  const language = importLanguageOf(relPath);
  if (!language) return [];
  const found: Array<ImportSpecifier & { at: number }> = [];
  if (language === 'js') {
    for (const pattern of JS_PATTERNS)
      for (const match of text.matchAll(pattern)) found.push({ specifier: match[1]!, language, at: match.index ?? 0 });
  } else {
    for (const match of text.matchAll(PY_FROM)) {
      const names = match[2]!
        .split(',')
        .map((n) =>
          n
            .trim()
            .split(/\s+as\s+/)[0]!
            .trim(),
        )
        .filter((n) => /^\w+$/.test(n));
      found.push({ specifier: match[1]!, language, names, at: match.index ?? 0 });
    }
    for (const match of text.matchAll(PY_IMPORT))
      for (const part of match[1]!.split(',')) {
        const specifier = part
          .trim()
          .split(/\s+as\s+/)[0]!
          .trim();
        if (/^[\w.]+$/.test(specifier)) found.push({ specifier, language, at: match.index ?? 0 });
      }
  }
  const seen = new Set<string>();
  return found
    .sort((a, b) => a.at - b.at)
    .filter((i) => !seen.has(i.specifier) && seen.add(i.specifier))
    .map(({ at: _at, ...rest }) => rest);
}
