// Resolves an import specifier to a file of the workspace folder, the way the language would: TypeScript and
// JavaScript relative imports (with the extension left off, `.js` naming a `.ts` source, `index` files) and
// tsconfig `paths` aliases; Python relative and package imports. Packages from outside (npm, pip) resolve to
// nothing and are no concern of ours; a relative import that names no file is.
import { aliasCandidates, dirOf, joinPath, type PathAliases } from './tsconfigPaths';
import type { ImportSpecifier } from './importScanner';

const JS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.d.ts', '.js', '.jsx', '.mjs', '.cjs'];
/** An ESM TypeScript source imports `./a.js` for `./a.ts`. */
const JS_TO_TS: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};
/** Where Python packages of a project usually live, relative to the folder root. */
const PYTHON_ROOTS = ['', 'src', 'lib'];

export type Resolution = { file: string } | { problem: 'unresolved' | 'outsideFolder' } | undefined;

export interface ResolverInput {
  files: ReadonlySet<string>;
  /** The `paths` aliases in force for a file (its nearest tsconfig/jsconfig), if any. */
  aliasesFor(relPath: string): PathAliases | undefined;
}

export function resolveImport(from: string, spec: ImportSpecifier, input: ResolverInput): Resolution[] {
  return spec.language === 'js' ? [resolveJs(from, spec.specifier, input)] : resolvePython(from, spec, input.files);
}

function resolveJs(from: string, specifier: string, input: ResolverInput): Resolution {
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    if (specifier.startsWith('/')) return { problem: 'outsideFolder' };
    const target = joinPath(dirOf(from), specifier);
    if (target.startsWith('..')) return { problem: 'outsideFolder' };
    return jsFile(target, input.files) ?? { problem: 'unresolved' };
  }
  const aliases = input.aliasesFor(from);
  if (!aliases) return undefined;
  const candidates = aliasCandidates(aliases, specifier);
  for (const candidate of candidates) {
    const found = jsFile(candidate, input.files);
    if (found) return found;
  }
  // An alias that matched but named no file is ours to report; a package name matching no alias is npm's.
  return candidates.length ? { problem: 'unresolved' } : undefined;
}

function jsFile(target: string, files: ReadonlySet<string>): { file: string } | undefined {
  const ext = /\.[^./]+$/.exec(target)?.[0] ?? '';
  const stem = target.slice(0, target.length - ext.length);
  const candidates = [
    target,
    ...(JS_TO_TS[ext] ?? []).map((e) => stem + e),
    ...JS_EXTENSIONS.map((e) => target + e),
    ...JS_EXTENSIONS.map((e) => `${target}/index${e}`),
  ];
  const file = candidates.find((c) => files.has(c));
  return file ? { file } : undefined;
}

function pythonModule(base: string, files: ReadonlySet<string>): string | undefined {
  return [`${base}.py`, `${base}/__init__.py`, `${base}.pyi`].find((c) => files.has(c));
}

function resolvePython(from: string, spec: ImportSpecifier, files: ReadonlySet<string>): Resolution[] {
  const dots = /^\.*/.exec(spec.specifier)![0].length;
  const modulePath = spec.specifier.slice(dots).split('.').filter(Boolean).join('/');
  if (dots > 0) {
    let dir = dirOf(from);
    for (let i = 1; i < dots; i++) {
      if (!dir) return [{ problem: 'outsideFolder' }];
      dir = dirOf(dir);
    }
    const base = joinPath(dir, modulePath);
    const init = joinPath(base, '__init__.py');
    const module = modulePath ? pythonModule(base, files) : files.has(init) ? init : undefined;
    return withSubmodules(base, module, spec, files, true);
  }
  for (const root of PYTHON_ROOTS) {
    const base = joinPath(root, modulePath);
    const found = pythonModule(base, files);
    if (found) return withSubmodules(base, found, spec, files, false);
  }
  return [undefined];
}

/**
 * `from pkg import a, b` names a package's modules as often as its members: each name that is a module file
 * of the package is resolved too. Only a relative import that finds nothing at all is a problem.
 */
function withSubmodules(
  base: string,
  module: string | undefined,
  spec: ImportSpecifier,
  files: ReadonlySet<string>,
  relative: boolean,
): Resolution[] {
  const submodules = (spec.names ?? [])
    .map((name) => pythonModule(joinPath(base, name), files))
    .filter((file): file is string => file !== undefined)
    .map((file) => ({ file }));
  const own = module && !(module.endsWith('__init__.py') && submodules.length) ? [{ file: module }] : [];
  const all = [...own, ...submodules];
  if (all.length) return all;
  return [relative ? { problem: 'unresolved' } : undefined];
}
