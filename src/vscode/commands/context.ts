// What every command module is given, and the shared ways to resolve a command's target and report errors.
import * as vscode from 'vscode';
import { notify } from '../ui/notify';
import type { BatchService } from '../../core/batchService';
import { classifyError } from '../../core/api/batchClient';
import { taskState, type BatchRecord, type Task, type TaskState } from '../../core/model/records';
import type { ApiKeyStore } from '../apiKey';
import { isClaudeBatchError } from '../../core/errors';
import type { Poller } from '../background/poller';
import type { SubmissionRecovery } from '../background/recovery';
import type { Scheduler } from '../background/scheduler';
import type { Reviewer } from '../review/reviewer';
import type { Verifier } from '../review/verifier';
import type { Settings } from '../settings';
import { taskIdOf } from '../review/proposedContent';

export interface CommandContext {
  service: BatchService;
  poller: Poller;
  recovery: SubmissionRecovery;
  reviewer: Reviewer;
  verifier: Verifier;
  apiKeys: ApiKeyStore;
  settings: () => Settings;
  log: vscode.LogOutputChannel;
  /** The label filter the tree shows now, and how to change it (kept across reloads). */
  tree: { readonly filter: readonly string[] };
  setLabelFilter: (labels: readonly string[]) => Promise<void>;
  /** Shows a follow-up in its thread, opening the rows above it, when the view is visible. */
  showInThread: (taskId: string) => Promise<void>;
  scheduler: Scheduler;
}

/** Options that keybindings, agents and tests may pass to a command instead of answering its prompts. */
export interface CommandOptions {
  instruction?: string;
  allowDuplicate?: boolean;
  skipConfirmation?: boolean;
  /** The tasks' label when queueing or labelling. */
  label?: string;
  /** The batch's name when submitting. */
  name?: string;
  /** Submit Selected: the tasks to send. */
  taskIds?: string[];
  /** Queue files that look like secrets without asking (true), or refuse them without asking (false). */
  allowSecretFiles?: boolean;
  /** Submit even though the privacy guard found key-shaped strings: the user's explicit say. */
  sendKeysAnyway?: boolean;
  /** Send Files Matching…: the glob. */
  glob?: string;
  /** Apply Some Edits…: the indices of the result's edits to apply. */
  edits?: number[];
  /** Follow Up…: the file to work on (relative to the workspace folder). */
  file?: string;
}

export function optionsIn(args: readonly unknown[]): CommandOptions {
  const found = args.find(
    (a): a is CommandOptions =>
      // A tree node has a `label` too: it is the command's target, never its options.
      typeof a === 'object' &&
      a !== null &&
      !(a instanceof vscode.Uri) &&
      !Array.isArray(a) &&
      !('contextValue' in a) &&
      [
        'instruction',
        'allowDuplicate',
        'skipConfirmation',
        'label',
        'name',
        'taskIds',
        'allowSecretFiles',
        'sendKeysAnyway',
        'glob',
        'edits',
        'file',
      ].some((k) => k in a),
  );
  return found ?? {};
}

/** A tree node, a task id, a result URI, or (with none) the result in the active editor. */
export function taskFromArg(service: BatchService, arg: unknown): Task | undefined {
  let id: string | undefined;
  if (typeof arg === 'string') id = arg;
  else if (arg instanceof vscode.Uri) id = taskIdOf(arg);
  else if (typeof arg === 'object' && arg !== null && 'taskId' in arg) id = String((arg as { taskId: unknown }).taskId);
  if (!id) {
    const active = vscode.window.activeTextEditor?.document.uri;
    id = active ? taskIdOf(active) : undefined;
  }
  return id ? service.store.find(id) : undefined;
}

/** Task ids from a tree command's (clicked, selected) arguments, a list of ids, or a single id. */
export function taskIdsFromArgs(args: readonly unknown[]): string[] {
  const idOf = (a: unknown): string | undefined =>
    typeof a === 'string'
      ? a
      : typeof a === 'object' && a !== null && 'taskId' in a
        ? String((a as { taskId: unknown }).taskId)
        : undefined;
  const [clicked, selected] = args;
  const fromSelection = Array.isArray(selected) ? selected.map(idOf).filter((id): id is string => !!id) : [];
  if (fromSelection.length) return fromSelection;
  if (Array.isArray(clicked)) return clicked.map(idOf).filter((id): id is string => !!id);
  const one = idOf(clicked);
  return one ? [one] : [];
}

export function batchIdFromArg(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'object' && arg !== null && 'batchId' in arg) return String((arg as { batchId: unknown }).batchId);
  return undefined;
}

/** One item: taken as is. Several: the user picks. None: says so. */
async function pickOne<T>(
  items: readonly T[],
  toItem: (item: T) => vscode.QuickPickItem,
  placeHolder: string,
): Promise<T | undefined> {
  if (items.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Claude Batch: there is nothing to do that with.'));
    return undefined;
  }
  if (items.length === 1) return items[0];
  const picked = await vscode.window.showQuickPick(
    items.map((item) => ({ ...toItem(item), item })),
    { placeHolder },
  );
  return picked?.item;
}

/** Every task of this workspace: the queue, then each batch's. */
export function allTasks(service: BatchService): Task[] {
  return [...service.store.pending(), ...service.registry.list().flatMap((b) => service.store.tasksOf(b.id))];
}

/** Lets the user pick a task in the given states when a command was run from the palette. */
export function pickTask(service: BatchService, states: TaskState[], placeHolder: string): Promise<Task | undefined> {
  const tasks = allTasks(service).filter((t) => states.includes(taskState(t)));
  return pickOne(tasks, (t) => ({ label: t.relPath, description: t.instruction }), placeHolder);
}

export function pickBatch(batches: BatchRecord[], placeHolder: string): Promise<BatchRecord | undefined> {
  return pickOne(batches, (b) => ({ label: b.name, description: b.id }), placeHolder);
}

/**
 * Shows an error the way a user can act on it: a missing or refused key offers Set API Key. Does not wait for
 * the notification to be closed, so the command that failed ends at once.
 */
export function showError(ctx: CommandContext, what: string, error: unknown): void {
  const problem = isClaudeBatchError(error, 'noApiKey')
    ? { kind: 'auth' as const, message: error.message }
    : classifyError(error);
  ctx.log.error(`${what}: ${problem.message}`);
  const setKey = vscode.l10n.t('Set API Key');
  const actions = problem.kind === 'auth' ? [setKey] : [];
  void notify('error', `Claude Batch: ${what}: ${problem.message}`, actions).then((choice) => {
    if (choice === setKey) void vscode.commands.executeCommand('claudeBatch.setApiKey');
  });
}
