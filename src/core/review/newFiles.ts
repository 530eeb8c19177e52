// Which of the files a result asks to create may be written: inside the task's workspace folder once symlinks
// are resolved, and not there yet (the same content already there counts as written by an earlier apply whose
// review was not recorded). Shared by the editor's Apply and the CLI's `apply`; reading is the caller's.
import * as path from 'node:path';
import type { Task } from '../model/records';
import { newPathStaysInside } from '../queue/queueRules';
import type { NewFile } from './editApplier';

export type NewFilesCheck = { ok: true; files: Array<NewFile & { target: string }> } | { ok: false; reason: string };

export async function checkNewFiles(
  task: Task,
  folderPath: string,
  created: readonly NewFile[],
  readText: (target: string) => Promise<string | undefined>,
): Promise<NewFilesCheck> {
  const files: Array<NewFile & { target: string }> = [];
  for (const file of created) {
    const target = path.join(folderPath, file.relPath);
    if (!(await newPathStaysInside(target, folderPath)))
      return {
        ok: false,
        reason: `${file.relPath} would be written outside the workspace folder (through a symlink); refused`,
      };
    const existing = await readText(target);
    if (existing === undefined) files.push({ ...file, target });
    else if (existing !== file.text)
      return {
        ok: false,
        reason: `${file.relPath} already exists; a result may create new files but only change ${task.relPath}`,
      };
  }
  return { ok: true, files };
}
