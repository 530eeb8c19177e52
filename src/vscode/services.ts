// Builds the core services over VS Code's storage: task files in workspace storage, batch records in
// globalState, the key in SecretStorage. The API client is made on first use, never at activation.
import * as vscode from 'vscode';
import { createHash } from 'node:crypto';
import { BatchClient, classifyError } from '../core/api/batchClient';
import type { BatchService, BatchApi } from '../core/batchService';
import { createWorkspaceService } from '../core/workspaceService';
import { workspaceFiles, workspaceStorageRoot, type WorkspaceFiles } from '../core/store/storageLayout';
import { ApiKeyStore } from './apiKey';
import type { Settings } from './settings';

export interface Services {
  service: BatchService;
  apiKeys: ApiKeyStore;
  /** The workspace's shared storage folder and the files in it. */
  files: WorkspaceFiles;
}

/** Logs every API call with its outcome and duration: never the key, never file contents. */
function logged(client: BatchClient, log: vscode.LogOutputChannel): BatchApi {
  const call = async <T>(what: string, run: () => Promise<T>, describe: (value: T) => string): Promise<T> => {
    const started = Date.now();
    try {
      const value = await run();
      log.info(`API ${what} → ${describe(value)} (${Date.now() - started} ms)`);
      return value;
    } catch (error) {
      log.warn(`API ${what} failed: ${classifyError(error).message} (${Date.now() - started} ms)`);
      throw error;
    }
  };
  return {
    create: (body) =>
      call(
        `create (${body.customIds.length} requests, ${(body.bytes / 1e6).toFixed(1)} MB)`,
        () => client.create(body),
        (b) => b.id,
      ),
    retrieve: (id) =>
      call(
        `retrieve ${id}`,
        () => client.retrieve(id),
        (b) => b.processing_status,
      ),
    listRecent: (limit) =>
      call(
        'list',
        () => client.listRecent(limit),
        (list) => `${list.length} batches`,
      ),
    cancel: (id) =>
      call(
        `cancel ${id}`,
        () => client.cancel(id),
        (b) => b.processing_status,
      ),
    countTokens: (params) =>
      call(
        `count_tokens (${params.model})`,
        () => client.countTokens(params),
        (n) => `${n} tokens`,
      ),
    streamResults: (id, onLine) =>
      call(
        `results ${id}`,
        () => client.streamResults(id, onLine),
        (n) => `${n} lines`,
      ),
    retrieveModel: (model) =>
      call(
        `model ${model}`,
        () => client.retrieveModel(model),
        (m) => `${m.lifecycle ?? 'listed'}, max_tokens ${m.max_tokens ?? '?'}`,
      ),
    listModels: () =>
      call(
        'models',
        () => client.listModels(),
        (list) => `${list.length} models`,
      ),
  };
}

/** A stable id for the open workspace: the workspace file, or else its folders. */
export function workspaceIdentity(): string {
  const identity =
    vscode.workspace.workspaceFile?.toString() ??
    (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString()).join('\n');
  return identity ? createHash('sha256').update(identity).digest('hex').slice(0, 24) : 'no-workspace';
}

export function createServices(
  context: vscode.ExtensionContext,
  settings: () => Settings,
  log: vscode.LogOutputChannel,
): Services {
  const workspaceKey = workspaceIdentity();
  // Not context.storageUri: a second window on the same workspace may be given a separate copy of it (code-server
  // does, with a "-1" suffix), and a queue kept there could be orphaned. Global storage is shared by every
  // window, so all of them see one queue, and the store, lease and claim files keep them from colliding.
  const files = workspaceFiles(workspaceStorageRoot(context.globalStorageUri.fsPath, workspaceKey));
  const apiKeys = new ApiKeyStore(context.secrets);
  const service = createWorkspaceService({
    files,
    state: context.globalState,
    workspaceKey,
    api: async () => {
      const { apiBaseUrl, requestTimeoutSeconds } = settings();
      log.debug(`API client for ${apiBaseUrl || 'the default endpoint'}`);
      const client = new BatchClient({
        apiKey: await apiKeys.require(),
        baseURL: apiBaseUrl || undefined,
        timeoutMs: requestTimeoutSeconds * 1000,
      });
      return logged(client, log);
    },
  });
  return { service, apiKeys, files };
}
