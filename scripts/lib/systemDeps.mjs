// The Debian packages README's two commands need, installed by those commands themselves: `npm test` and
// `npm run demo` call ensureSystemDeps() first. As root (or with sudo that needs no password) the missing ones
// are installed with apt-get; otherwise the command stops at once and prints the exact line to run.
//
//   ripgrep      code-server's install looks for rg instead of downloading it (scripts/install-code-server.sh)
//   libkrb5-dev  code-server's native modules build against it
//   chromium     the browser that drives code-server in the tests (the demo uses yours)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const PACKAGES = {
  ripgrep: () => onPath('rg'),
  'libkrb5-dev': () => existsSync('/usr/include/krb5.h') || existsSync('/usr/include/krb5/krb5.h'),
  chromium: () => onPath('chromium'),
};

/** What each entry point needs. */
export const NEEDS = {
  demo: ['ripgrep', 'libkrb5-dev'],
  test: ['ripgrep', 'libkrb5-dev', 'chromium'],
};

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** The packages of `names` that are not installed. */
export function missingPackages(names) {
  return names.filter((name) => !PACKAGES[name]());
}

/** How this process may install packages: as root, through sudo without a password, or not at all. */
function installer() {
  if (!onPath('apt-get')) return undefined;
  if (process.getuid?.() === 0) return [];
  if (onPath('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0) return ['sudo', '-n'];
  return undefined;
}

/**
 * Installs what `entry` needs and is missing, or returns the reason it cannot (with the command to run).
 * Nothing is printed when everything is there.
 */
export function ensureSystemDeps(entry, log = (line) => console.error(line)) {
  const missing = missingPackages(NEEDS[entry]);
  if (missing.length === 0) return { ok: true, installed: [] };
  const prefix = installer();
  const command = `sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`;
  if (!prefix) {
    return {
      ok: false,
      message:
        `Missing Debian packages: ${missing.join(', ')}, and this user cannot install them (not root, no sudo ` +
        `without a password). Run:\n\n  ${command}\n\nthen run \`npm ${entry === 'test' ? 'test' : 'run demo'}\` again.`,
    };
  }
  log(`installing missing Debian packages: ${missing.join(' ')}`);
  const run = (args) => {
    const [command, ...rest] = [...prefix, ...args];
    execFileSync(command, rest, {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  };
  try {
    run(['apt-get', 'update', '-q']);
    run(['apt-get', 'install', '-y', '-q', ...missing]);
  } catch (error) {
    return { ok: false, message: `Installing ${missing.join(', ')} failed (${error.message}). Run:\n\n  ${command}\n` };
  }
  const still = missingPackages(missing);
  if (still.length)
    return { ok: false, message: `apt-get ran, but ${still.join(', ')} is still missing. Run:\n\n  ${command}\n` };
  return { ok: true, installed: missing };
}

/** For entry-point scripts: ensures the packages or exits at once with the message. */
export function requireSystemDeps(entry) {
  const result = ensureSystemDeps(entry);
  if (!result.ok) {
    console.error(`\n${result.message}`);
    process.exit(2);
  }
}

// `node scripts/lib/systemDeps.mjs test|demo`: the same, from a shell (scripts/install-system-deps.sh).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) requireSystemDeps(process.argv[2] ?? 'test');
