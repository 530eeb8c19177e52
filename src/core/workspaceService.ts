// The one way to build a workspace's BatchService over its storage folder and a key-value store: the editor
// (src/vscode/services.ts), the tests and the benchmark all use it, and so will a headless front end.
import * as path from 'node:path';
import { BatchService } from './batchService';
import { PinnedStore } from './context/pinnedContext';
import type { ServiceDeps } from './serviceTypes';
import { BatchRegistry, type KeyValueStore } from './store/batchRegistry';
import { ResultIngester } from './results/resultIngester';
import { SnapshotStore } from './store/snapshotStore';
import { SubmissionJournal } from './submit/submissionJournal';
import { TaskStore } from './store/taskStore';
import type { WorkspaceFiles } from './store/storageLayout';

export interface WorkspaceServiceOptions extends Pick<ServiceDeps, 'workspaceKey' | 'api' | 'now' | 'limits'> {
  files: Pick<WorkspaceFiles, 'tasks' | 'snapshots' | 'results'> &
    Partial<Pick<WorkspaceFiles, 'pinned' | 'submitLock'>>;
  /** Where batch records and submission intents live (VS Code's globalState). */
  state: KeyValueStore;
}

export function createWorkspaceService({ files, state, ...deps }: WorkspaceServiceOptions): BatchService {
  const store = new TaskStore(files.tasks);
  const snapshots = new SnapshotStore(files.snapshots);
  return new BatchService({
    ...deps,
    ...(files.submitLock ? { submitLock: files.submitLock } : {}),
    store,
    snapshots,
    pinned: new PinnedStore(files.pinned ?? PinnedStore.fileIn(path.dirname(files.tasks)), snapshots, deps.now),
    registry: new BatchRegistry(state, deps.workspaceKey, store),
    journal: new SubmissionJournal(state, deps.workspaceKey),
    ingester: new ResultIngester(files.results, store),
  });
}
