// What a model needs to write tests that run: an existing test of the project to follow, and how the project
// runs its tests (the manifest's test script and test dependencies).
import { dirOf } from './tsconfigPaths';

/** A test-writing task, or one whose instruction mentions tests. */
export function isTestTask(instruction: string): boolean {
  return /\b(unit[ -]?)?tests?\b|\btesting\b|\bspecs?\b|\btest (suite|case)s?\b/i.test(instruction);
}

const TEST_FILE =
  /(^|\/)(__tests__|tests?|spec)\/.+\.\w+$|\.(test|spec)\.[cm]?[jt]sx?$|(^|\/)test_[^/]+\.py$|_test\.(py|go)$|Tests?\.(java|kt|cs)$/;

export function isTestFile(relPath: string): boolean {
  return TEST_FILE.test(relPath) && !/\.(json|snap|md|txt|ya?ml|lock)$/.test(relPath);
}

function family(relPath: string): string {
  const ext = /\.([^./]+)$/.exec(relPath)?.[1] ?? '';
  if (/^[cm]?[jt]sx?$/.test(ext)) return 'js';
  if (/^pyi?$/.test(ext)) return 'python';
  return ext;
}

function commonDepth(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return i;
}

/**
 * The existing test file nearest to `relPath` in the same language: the one sharing the most folders with it,
 * then the one named after it, then the shortest path. Undefined when the project has no test in that language.
 */
export function nearestTest(relPath: string, files: readonly string[]): string | undefined {
  const lang = family(relPath);
  const stem = (relPath.split('/').pop() ?? '').replace(/\.[^.]+$/, '');
  const score = (f: string): [number, number, number] => [
    commonDepth(dirOf(relPath), dirOf(f)),
    f.includes(stem) ? 1 : 0,
    -f.length,
  ];
  let best: string | undefined;
  let bestScore: [number, number, number] | undefined;
  for (const file of files) {
    if (file === relPath || !isTestFile(file) || family(file) !== lang) continue;
    const s = score(file);
    if (
      !bestScore ||
      s[0] > bestScore[0] ||
      (s[0] === bestScore[0] && (s[1] > bestScore[1] || (s[1] === bestScore[1] && s[2] > bestScore[2])))
    ) {
      best = file;
      bestScore = s;
    }
  }
  return best;
}

/** The nearest manifest above the file (package.json for JavaScript, pyproject.toml for Python). */
export function nearestManifest(relPath: string, files: ReadonlySet<string>): string | undefined {
  const name = family(relPath) === 'python' ? 'pyproject.toml' : family(relPath) === 'js' ? 'package.json' : undefined;
  if (!name) return undefined;
  let dir = dirOf(relPath);
  for (;;) {
    const candidate = dir ? `${dir}/${name}` : name;
    if (files.has(candidate)) return candidate;
    if (!dir) return undefined;
    dir = dirOf(dir);
  }
}

const TEST_TOOL =
  /jest|mocha|chai|vitest|jasmine|karma|^ava$|^tap$|playwright|cypress|sinon|testing-library|supertest|^ts-node$|^tsx$|^c8$|^nyc$|@types\/(mocha|jest|chai|node)|pytest|hypothesis|coverage|tox|nose/i;

/**
 * The test setup a manifest declares, as a small excerpt: package.json's module type, test scripts and test
 * dependencies; pyproject.toml's pytest and test-dependency sections. An error message when it cannot be read.
 */
export function testSetupExcerpt(manifest: string, text: string): string | { error: string } {
  if (manifest.endsWith('package.json')) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      return { error: (error as Error).message };
    }
    if (typeof json !== 'object' || json === null) return { error: 'not a JSON object' };
    const pkg = json as Record<string, unknown>;
    const pick = (value: unknown, keep: (key: string) => boolean): Record<string, unknown> | undefined => {
      if (typeof value !== 'object' || value === null) return undefined;
      const kept = Object.entries(value).filter(([key]) => keep(key));
      return kept.length ? Object.fromEntries(kept) : undefined;
    };
    const excerpt = {
      ...(typeof pkg['type'] === 'string' ? { type: pkg['type'] } : {}),
      scripts: pick(pkg['scripts'], (k) => /test|spec|jest|mocha|vitest/i.test(k)),
      dependencies: pick(pkg['dependencies'], (k) => TEST_TOOL.test(k)),
      devDependencies: pick(pkg['devDependencies'], (k) => TEST_TOOL.test(k)),
      ...(pkg['jest'] ? { jest: pkg['jest'] } : {}),
      ...(pkg['mocha'] ? { mocha: pkg['mocha'] } : {}),
    };
    return JSON.stringify(excerpt, null, 2);
  }
  // pyproject.toml: the sections about tests, whole.
  const sections = text.split(/^(?=\[)/m);
  const kept = sections.filter((s) =>
    /^\[(tool\.pytest[^\]]*|project\.optional-dependencies|dependency-groups|tool\.poetry\.group\.[^\]]*|tool\.coverage[^\]]*)\]/.test(
      s,
    ),
  );
  const project = sections.find((s) => /^\[project\]/.test(s));
  const python = project ? /^requires-python.*$/m.exec(project)?.[0] : undefined;
  return [python, ...kept].filter(Boolean).join('\n').trim();
}
