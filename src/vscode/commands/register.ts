// One table of every command id and its handler. The shell (src/extension.ts) registers each contributed
// command as a trampoline into this table, so the table is only loaded on first use.
import * as vscode from 'vscode';
import type { CommandContext } from './context';
import {
  clearQueue,
  editInstruction,
  moveTask,
  removeTask,
  revealTask,
  sendFile,
  sendSelection,
} from './queueCommands';
import { cancelBatch, refresh, submitQueue, submitSelected } from './batchCommands';
import { retryFailed, retryWithMoreRoom } from './retryCommands';
import { chooseModel } from './modelCommands';
import { cancelSchedule, submitAt } from './scheduleCommands';
import { openNeighbour } from './navigateCommands';
import { exportBatchResults, importTasks, validateTaskFile } from './fileCommands';
import { clearLabelFilter, filterByLabel, setLabel } from './labelCommands';
import { applyAll, applyResult, applySomeEdits, discardResult, openResult, resolveInEditor } from './reviewCommands';
import { showCostReport } from './reportCommands';
import { followUp } from './followUpCommands';
import { followUpOnVerify, verifyResult } from './verifyCommands';
import { addToContext, removeFromContext, sendFilesMatching, showRequest } from './contextCommands';

export type CommandTable = Record<string, (...args: unknown[]) => unknown>;

export function commandTable(ctx: CommandContext): CommandTable {
  return {
    'claudeBatch.sendSelection': (...a) => sendSelection(ctx, ...a),
    'claudeBatch.sendFile': (...a) => sendFile(ctx, ...a),
    'claudeBatch.submitQueue': (...a) => submitQueue(ctx, ...a),
    'claudeBatch.refresh': () => refresh(ctx),
    'claudeBatch.openResult': (a) => openResult(ctx, a),
    'claudeBatch.applyResult': (a, ...r) => applyResult(ctx, a, ...r),
    'claudeBatch.discardResult': (a) => discardResult(ctx, a),
    'claudeBatch.applyAll': (a, ...r) => applyAll(ctx, a, ...r),
    'claudeBatch.resolveInEditor': (a) => resolveInEditor(ctx, a),
    'claudeBatch.applySomeEdits': (a, ...r) => applySomeEdits(ctx, a, ...r),
    'claudeBatch.cancelBatch': (a, ...r) => cancelBatch(ctx, a, ...r),
    'claudeBatch.retryFailed': (a) => retryFailed(ctx, a),
    'claudeBatch.retryWithMoreRoom': (...a) => retryWithMoreRoom(ctx, ...a),
    'claudeBatch.chooseModel': (a) => chooseModel(ctx, a),
    'claudeBatch.removeTask': (a) => removeTask(ctx, a),
    'claudeBatch.clearQueue': (...a) => clearQueue(ctx, ...a),
    'claudeBatch.setApiKey': () => ctx.apiKeys.prompt(),
    'claudeBatch.editInstruction': (a, ...r) => editInstruction(ctx, a, ...r),
    'claudeBatch.moveTaskUp': (a) => moveTask(ctx, -1, a),
    'claudeBatch.moveTaskDown': (a) => moveTask(ctx, 1, a),
    'claudeBatch.revealTask': (a) => revealTask(ctx, a),
    'claudeBatch.costReport': () => showCostReport(),
    'claudeBatch.submitSelected': (...a) => submitSelected(ctx, ...a),
    'claudeBatch.setLabel': (...a) => setLabel(ctx, ...a),
    'claudeBatch.filterByLabel': (...a) => filterByLabel(ctx, ...a),
    'claudeBatch.clearLabelFilter': () => clearLabelFilter(ctx),
    'claudeBatch.submitAt': (...a) => submitAt(ctx, ...a),
    'claudeBatch.cancelSchedule': () => cancelSchedule(ctx),
    'claudeBatch.importTasks': (a, ...r) => importTasks(ctx, a, ...r),
    'claudeBatch.validateTaskFile': (a, ...r) => validateTaskFile(ctx, a, ...r),
    'claudeBatch.exportResults': (a, ...r) => exportBatchResults(ctx, a, ...r),
    'claudeBatch.getStarted': () =>
      vscode.commands.executeCommand(
        'workbench.action.openWalkthrough',
        'claude-batch.claude-batch#claudeBatch.gettingStarted',
        false,
      ),
    'claudeBatch.addToContext': (...a) => addToContext(ctx, ...a),
    'claudeBatch.removeFromContext': (a) => removeFromContext(ctx, a),
    'claudeBatch.showRequest': (a) => showRequest(ctx, a),
    'claudeBatch.sendFilesMatching': (...a) => sendFilesMatching(ctx, ...a),
    'claudeBatch.followUp': (a, ...r) => followUp(ctx, a, ...r),
    'claudeBatch.verifyResult': (a) => verifyResult(ctx, a),
    'claudeBatch.followUpOnVerify': (a) => followUpOnVerify(ctx, a),
    'claudeBatch.nextResult': () => openNeighbour(ctx, 1),
    'claudeBatch.previousResult': () => openNeighbour(ctx, -1),
  };
}
