// Builds the core services over VS Code's storage: task files in workspace storage, batch records in
// globalState, the key in SecretStorage. The API client is made on first use, never at activation.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { BatchClient } from '../core/batchClient';
import { BatchRegistry } from '../core/batchRegistry';
import { BatchService } from '../core/batchService';
import { ResultIngester } from '../core/resultIngester';
import { SnapshotStore } from '../core/snapshotStore';
import { SubmissionJournal } from '../core/submissionJournal';
import { TaskStore } from '../core/taskStore';
import { ApiKeyStore } from './apiKey';
import type { Settings } from './settings';

export interface Services {
  service: BatchService;
  apiKeys: ApiKeyStore;
  storagePath: string;
}

export function createServices(context: vscode.ExtensionContext, settings: () => Settings, log: vscode.LogOutputChannel): Services {
  // Without a folder open there is no workspace storage; global storage keeps such tasks apart.
  const storagePath = context.storageUri?.fsPath ?? path.join(context.globalStorageUri.fsPath, 'no-workspace');
  const workspaceKey = context.storageUri?.toString() ?? 'no-workspace';
  const store = new TaskStore(path.join(storagePath, 'tasks'));
  const apiKeys = new ApiKeyStore(context.secrets);
  const service = new BatchService({
    store,
    snapshots: new SnapshotStore(path.join(storagePath, 'snapshots')),
    registry: new BatchRegistry(context.globalState, workspaceKey),
    journal: new SubmissionJournal(context.globalState, workspaceKey),
    ingester: new ResultIngester(path.join(storagePath, 'results'), store),
    workspaceKey,
    api: async () => {
      const { apiBaseUrl } = settings();
      log.debug(`API client for ${apiBaseUrl || 'the default endpoint'}`);
      return new BatchClient({ apiKey: await apiKeys.require(), baseURL: apiBaseUrl || undefined });
    },
  });
  return { service, apiKeys, storagePath };
}
