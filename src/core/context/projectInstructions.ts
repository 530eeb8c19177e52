// The project's own instructions for coding agents. Every agent users compare us with reads them first; a batch
// request that ignores them writes code the project does not want.
import { dirOf, joinPath } from './tsconfigPaths';

/** Instruction files looked for in the folder root and in every folder on the way down to the task's file. */
const PER_FOLDER = ['CLAUDE.md', 'AGENTS.md'];
/** Only at the folder root. */
const AT_ROOT = ['.github/copilot-instructions.md'];

/** Candidate instruction files for a file: the folder root's first, the nearest folder's last. */
export function instructionCandidates(relPath: string): string[] {
  const parts = dirOf(relPath).split('/').filter(Boolean);
  const dirs = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  return [...PER_FOLDER, ...AT_ROOT, ...dirs.flatMap((dir) => PER_FOLDER.map((name) => joinPath(dir, name)))];
}
