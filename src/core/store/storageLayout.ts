// Every name the extension keeps something under: the keys of VS Code's mementos and secret storage, and the
// files of a workspace's shared storage folder. One place, so that no stray key is written, and so that the
// editor and a headless front end find the same things.
import * as path from 'node:path';

/** globalState (shared by every window): small records only. */
export const GLOBAL_KEYS = {
  /** BatchRecord[] of every workspace, each tagged with its workspace key. */
  batches: 'claudeBatch.batches.v1',
  /** Records that failed validation, kept rather than dropped. */
  batchesSetAside: 'claudeBatch.batches.setAside',
  /** Submission intents not yet settled (crash safety of submit). */
  submissions: 'claudeBatch.submissions.v1',
} as const;

/** workspaceState (this workspace, this machine). */
export const WORKSPACE_KEYS = {
  /** The tree's label filter: the labels shown, or absent for all. */
  labelFilter: 'claudeBatch.labelFilter',
} as const;

/** SecretStorage. */
export const SECRET_KEYS = {
  apiKey: 'claudeBatch.apiKey',
} as const;

/** A lock's holder is taken for dead once its lock file is this old. */
export const STALE_LOCK_MS = {
  autoSubmit: 2 * 60_000,
  /** A download of results can take minutes for a large batch. */
  resultsDownload: 10 * 60_000,
  /** So can the upload of a 250 MB batch body. */
  submit: 15 * 60_000,
} as const;

/** The files of one workspace's storage folder, shared by all its windows. */
export function workspaceFiles(root: string) {
  return {
    root,
    /** The queue and each batch's tasks (snapshot + log files). */
    tasks: path.join(root, 'tasks'),
    /** File text as queued, one file per content hash. */
    snapshots: path.join(root, 'snapshots'),
    /** Each batch's downloaded results, as JSONL. */
    results: path.join(root, 'results'),
    /** Which window polls. */
    pollLease: path.join(root, 'poll.lease'),
    /** "Submit Queue at…". */
    schedule: path.join(root, 'schedule.json'),
    autoSubmitLock: path.join(root, 'auto-submit.lock'),
    /** One submit at a time, whichever window or door. */
    submitLock: path.join(root, 'submit.lock'),
    /** Files pinned as context for the next submission. */
    pinned: path.join(root, 'pinned.json'),
  };
}
export type WorkspaceFiles = ReturnType<typeof workspaceFiles>;

/** Where a workspace's folder lives under the extension's global storage, by its workspace key. */
export function workspaceStorageRoot(globalStoragePath: string, workspaceKey: string): string {
  return path.join(globalStoragePath, 'workspaces', workspaceKey);
}
