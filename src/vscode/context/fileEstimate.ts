// Send Files Matching…'s estimate before anything is queued: each file's size as a request (file, system prompt
// and instruction), priced by the core's rule of thumb. Context is resolved only when queueing, so the words
// say how much it may add.
import * as vscode from 'vscode';
import { estimateTokens, formatUsd, priceFor } from '../../core/cost/prices';
import { estimateCost, type RequestSize } from '../../core/cost/requestCost';
import { SYSTEM_PROMPT } from '../../core/requests/requestBuilder';
import type { Settings } from '../settings';

export async function estimateFiles(
  uris: readonly vscode.Uri[],
  instruction: string,
  settings: Settings,
): Promise<string> {
  const overhead = estimateTokens(SYSTEM_PROMPT) + estimateTokens(instruction) + 60;
  const sizes: RequestSize[] = [];
  for (const uri of uris) {
    const bytes = await vscode.workspace.fs.stat(uri).then(
      (stat) => stat.size,
      () => undefined,
    );
    if (bytes === undefined) continue;
    const fileTokens = Math.ceil(bytes / 4);
    sizes.push({ inputTokens: overhead + fileTokens, regionTokens: fileTokens, maxTokens: settings.maxTokens });
  }
  const price = priceFor(settings.model, settings.prices);
  const context =
    settings.contextMaxTokens > 0
      ? vscode.l10n.t(
          'Context (instructions, imports, tests) may add up to {0} tokens a task (claudeBatch.context.maxTokens).',
          settings.contextMaxTokens.toLocaleString(),
        )
      : vscode.l10n.t('Context is off (claudeBatch.context.maxTokens is 0).');
  if (!price) return `${vscode.l10n.t('No price is known for model {0}.', settings.model)}\n${context}`;
  const cost = estimateCost(sizes, price, settings.effort);
  return (
    vscode.l10n.t(
      'Estimated cost: about {0} at batch price for {1} input and {2} output tokens, on {3}.',
      formatUsd(cost.batchUsd),
      cost.inputTokens.toLocaleString(),
      cost.outputTokens.toLocaleString(),
      settings.model,
    ) + `\n${context}\n${vscode.l10n.t('Nothing is sent until you submit the queue.')}`
  );
}
