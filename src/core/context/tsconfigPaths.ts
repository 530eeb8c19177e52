// tsconfig/jsconfig `paths` aliases ("@/*" → "src/*"), read from the nearest config above a file. The file is
// JSON with comments and trailing commas; a config that cannot be read gives no aliases and a note.
import * as z from 'zod';

const ConfigSchema = z.lazy(() =>
  z.object({
    compilerOptions: z
      .object({
        baseUrl: z.string().optional(),
        paths: z.record(z.string(), z.array(z.string())).optional(),
      })
      .optional(),
  }),
);

export interface PathAliases {
  /** Directory of the config, relative to the folder ('' at its root). */
  dir: string;
  baseUrl: string;
  paths: Record<string, string[]>;
}

/** JSONC → JSON: comments and trailing commas removed, strings left alone. */
export function stripJsonComments(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      out += text.slice(start, i + 1);
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2);
      if (i < 0) break;
      i++;
    } else {
      out += c;
    }
  }
  return out.replace(/,(\s*[}\]])/g, '$1');
}

/** The aliases a config declares, or an error message naming the field that is wrong. */
export function parsePathAliases(dir: string, text: string): PathAliases | { error: string } {
  let json: unknown;
  try {
    json = JSON.parse(stripJsonComments(text));
  } catch (error) {
    return { error: (error as Error).message };
  }
  const parsed = ConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { error: `${issue.path.join('.')}: ${issue.message}` };
  }
  const options = parsed.data.compilerOptions ?? {};
  return { dir, baseUrl: options.baseUrl ?? '.', paths: options.paths ?? {} };
}

/** Folder-relative path candidates an aliased specifier may name, in the config's order. */
export function aliasCandidates(aliases: PathAliases, specifier: string): string[] {
  const out: string[] = [];
  for (const [pattern, targets] of Object.entries(aliases.paths)) {
    const star = pattern.indexOf('*');
    let rest: string | undefined;
    if (star < 0) rest = pattern === specifier ? '' : undefined;
    else {
      const head = pattern.slice(0, star);
      const tail = pattern.slice(star + 1);
      if (specifier.startsWith(head) && specifier.endsWith(tail) && specifier.length >= head.length + tail.length)
        rest = specifier.slice(head.length, specifier.length - tail.length);
    }
    if (rest === undefined) continue;
    for (const target of targets) out.push(joinPath(joinPath(aliases.dir, aliases.baseUrl), target.replace('*', rest)));
  }
  return out;
}

/** Joins and normalises folder-relative paths; '..' above the folder root is kept, to be refused by the caller. */
export function joinPath(...parts: string[]): string {
  const out: string[] = [];
  for (const segment of parts.join('/').split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..' && out.length && out[out.length - 1] !== '..') out.pop();
    else out.push(segment);
  }
  return out.join('/');
}

export function dirOf(relPath: string): string {
  const slash = relPath.lastIndexOf('/');
  return slash < 0 ? '' : relPath.slice(0, slash);
}
