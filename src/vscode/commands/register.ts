// One table of every command id and its handler. The shell (src/extension.ts) registers each contributed
// command as a trampoline into this table, so the table is only loaded on first use.
import type { CommandContext } from './context';
import { clearQueue, editInstruction, moveTask, removeTask, revealTask, sendFile, sendSelection } from './queueCommands';
import { cancelBatch, refresh, retryFailed, submitQueue } from './batchCommands';
import { applyAll, applyResult, discardResult, openResult } from './reviewCommands';
import { showCostReport } from './reportCommands';

export type CommandTable = Record<string, (...args: unknown[]) => unknown>;

export function commandTable(ctx: CommandContext): CommandTable {
  return {
    'claudeBatch.sendSelection': (...a) => sendSelection(ctx, ...a),
    'claudeBatch.sendFile': (...a) => sendFile(ctx, ...a),
    'claudeBatch.submitQueue': (...a) => submitQueue(ctx, ...a),
    'claudeBatch.refresh': () => refresh(ctx),
    'claudeBatch.openResult': (a) => openResult(ctx, a),
    'claudeBatch.applyResult': (a) => applyResult(ctx, a),
    'claudeBatch.discardResult': (a) => discardResult(ctx, a),
    'claudeBatch.applyAll': (a) => applyAll(ctx, a),
    'claudeBatch.cancelBatch': (a, ...r) => cancelBatch(ctx, a, ...r),
    'claudeBatch.retryFailed': (a) => retryFailed(ctx, a),
    'claudeBatch.removeTask': (a) => removeTask(ctx, a),
    'claudeBatch.clearQueue': (...a) => clearQueue(ctx, ...a),
    'claudeBatch.setApiKey': () => ctx.apiKeys.prompt(),
    'claudeBatch.editInstruction': (a, ...r) => editInstruction(ctx, a, ...r),
    'claudeBatch.moveTaskUp': (a) => moveTask(ctx, -1, a),
    'claudeBatch.moveTaskDown': (a) => moveTask(ctx, 1, a),
    'claudeBatch.revealTask': (a) => revealTask(ctx, a),
    'claudeBatch.costReport': () => showCostReport(),
  };
}
