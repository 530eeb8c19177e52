// The CLI's view of a workspace: the same store folder the editor uses for that folder (core/store/storeHome.ts),
// its batch records in a file beside it instead of VS Code's globalState, and the API from the environment.
import * as path from 'node:path';
import { BatchClient } from '../core/api/batchClient';
import type { BatchService } from '../core/batchService';
import { ClaudeBatchError } from '../core/errors';
import { FileKeyValueStore } from '../core/store/fileKeyValue';
import { workspaceFiles, type WorkspaceFiles } from '../core/store/storageLayout';
import { describeStore, storeHome, workspaceStore } from '../core/store/storeHome';
import { createWorkspaceService } from '../core/workspaceService';

export interface CliWorkspace {
  folder: string;
  root: string;
  files: WorkspaceFiles;
  service: BatchService;
  /** What could not be read and was set aside, one line each. */
  problems: string[];
}

export async function openWorkspace(folderArg: string, env: NodeJS.ProcessEnv = process.env): Promise<CliWorkspace> {
  const folder = path.resolve(folderArg);
  const identity = { folders: [folder] };
  const root = workspaceStore(storeHome(env), identity);
  await describeStore(root, identity);
  const state = await FileKeyValueStore.open(path.join(root, 'cli-state.json'));
  const files = workspaceFiles(root);
  const service = createWorkspaceService({
    files,
    state,
    workspaceKey: 'cli',
    api: async () => {
      const apiKey = env['ANTHROPIC_API_KEY']?.trim();
      if (!apiKey) throw new ClaudeBatchError('noApiKey', 'No API key: set ANTHROPIC_API_KEY.');
      return new BatchClient({ apiKey, baseURL: env['ANTHROPIC_BASE_URL'] || undefined, maxRetries: 2 });
    },
  });
  const problems = (await service.store.load()).map((p) => `${p.file}: ${p.problem}`);
  if (state.problem) problems.push(state.problem);
  problems.push(...(await service.registry.validate()));
  return { folder, root, files, service, problems };
}
