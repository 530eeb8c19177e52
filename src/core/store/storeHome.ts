// Where a workspace's store lives, found the same way by every front door (the editor, the CLI, the MCP server):
// one folder per workspace under the user's data directory, named by a hash of the workspace's paths. Before 0.7
// the editor kept it under its own global storage; carryOver moves such a store here without losing anything.
import { createHash, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Overrides the data directory (tests, CI, a shared disk). */
export const STORE_HOME_ENV = 'CLAUDE_BATCH_HOME';

/** The data directory: $CLAUDE_BATCH_HOME, else the platform's place for application data. */
export function storeHome(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  const override = env[STORE_HOME_ENV]?.trim();
  if (override) return path.resolve(override);
  if (platform === 'win32')
    return path.join(env['LOCALAPPDATA'] || path.join(home, 'AppData', 'Local'), 'claude-batch');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'claude-batch');
  return path.join(env['XDG_DATA_HOME'] || path.join(home, '.local', 'share'), 'claude-batch');
}

/** What a workspace is: its workspace file (a multi-root workspace), or its folders. Paths on disk. */
export interface WorkspaceIdentity {
  file?: string | undefined;
  folders: readonly string[];
}

function normalise(p: string, platform: NodeJS.Platform): string {
  const resolved = path.resolve(p).replace(/[\\/]+$/, '');
  // Windows paths are case-insensitive: the editor and a shell may spell a drive or folder differently.
  return platform === 'win32' ? resolved.toLowerCase() : resolved;
}

/** The name of a workspace's store folder: the same for the editor and the CLI opened on the same paths. */
export function storeKey(identity: WorkspaceIdentity, platform: NodeJS.Platform = process.platform): string {
  const what = identity.file
    ? `file:${normalise(identity.file, platform)}`
    : identity.folders.map((f) => `folder:${normalise(f, platform)}`).join('\n');
  return createHash('sha256').update(what).digest('hex').slice(0, 24);
}

export function workspaceStore(home: string, identity: WorkspaceIdentity): string {
  return path.join(home, 'workspaces', storeKey(identity));
}

const exists = (p: string): Promise<boolean> =>
  fs.access(p).then(
    () => true,
    () => false,
  );

/**
 * Moves a store kept elsewhere (the editor's global storage before 0.7) to `to`, once: copied whole to a
 * temporary sibling, renamed into place (a second window doing the same at once loses the rename and drops its
 * copy), and the old folder renamed aside, never deleted.
 */
export async function carryOver(from: string, to: string): Promise<'carried' | 'nothing' | 'already'> {
  if (await exists(to)) return 'already';
  if (!(await exists(from))) return 'nothing';
  const temporary = `${to}.incoming-${process.pid}-${randomUUID().slice(0, 8)}`;
  await fs.mkdir(path.dirname(to), { recursive: true });
  try {
    await fs.cp(from, temporary, { recursive: true, errorOnExist: false });
    await fs.rename(temporary, to);
  } catch (error) {
    // Another window carried it over meanwhile (and may have set the old folder aside under our copy).
    await fs.rm(temporary, { recursive: true, force: true });
    if (await exists(to)) return 'already';
    throw error;
  }
  await fs.rename(from, `${from}.carried-over`).catch(() => undefined);
  return 'carried';
}

/** Writes down which workspace a store belongs to, for people and for `claude-batch status` across workspaces. */
export async function describeStore(root: string, identity: WorkspaceIdentity): Promise<void> {
  await fs.mkdir(root, { recursive: true });
  const file = path.join(root, 'workspace.json');
  const text = `${JSON.stringify({ file: identity.file, folders: identity.folders }, null, 2)}\n`;
  const known = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (known !== text) await fs.writeFile(file, text);
}
