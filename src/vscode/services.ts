// Builds the core services over VS Code's storage: task files in workspace storage, batch records in
// globalState, the key in SecretStorage. The API client is made on first use, never at activation.
import * as vscode from 'vscode';
import { createHash } from 'node:crypto';
import { BatchClient, classifyError } from '../core/api/batchClient';
import type { BatchService, BatchApi } from '../core/batchService';
import { createWorkspaceService } from '../core/workspaceService';
import { workspaceFiles, workspaceStorageRoot, type WorkspaceFiles } from '../core/store/storageLayout';
import { carryOver, describeStore, storeHome, workspaceStore } from '../core/store/storeHome';
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

/**
 * The workspace's store folder, in the data directory every front door finds (core/store/storeHome.ts): not
 * context.storageUri, which a second window may get a copy of (code-server adds "-1"), nor global storage, which
 * the CLI cannot find. A store kept in global storage before 0.7 is carried over first.
 */
export async function openStore(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Promise<string> {
  const fileOf = (uri: vscode.Uri | undefined) => (uri?.scheme === 'file' ? uri.fsPath : undefined);
  const identity = {
    file: fileOf(vscode.workspace.workspaceFile),
    folders: (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
  };
  const root = workspaceStore(storeHome(), identity);
  const before = workspaceStorageRoot(context.globalStorageUri.fsPath, workspaceIdentity());
  try {
    if ((await carryOver(before, root)) === 'carried') log.info(`store carried over from ${before} to ${root}`);
    await describeStore(root, identity);
  } catch (error) {
    log.error(`store: could not carry over ${before} to ${root}: ${(error as Error).message}`);
  }
  return root;
}

export function createServices(
  context: vscode.ExtensionContext,
  storeRoot: string,
  settings: () => Settings,
  log: vscode.LogOutputChannel,
): Services {
  // Tags this workspace's batch records in globalState (as before 0.7); the store itself is shared by every window
  // and door, and its lock, lease and claim files keep them from colliding.
  const workspaceKey = workspaceIdentity();
  const files = workspaceFiles(storeRoot);
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
