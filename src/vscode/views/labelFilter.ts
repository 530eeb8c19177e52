// The tree's label filter, kept in workspace state so it survives a reload, and mirrored in a context key so the
// view's title shows Clear Label Filter only while one is set.
import * as vscode from 'vscode';
import * as z from 'zod';
import { TaskLabelSchema } from '../../core/model/taskLabels';
import { WORKSPACE_KEYS } from '../../core/store/storageLayout';

const KEY = WORKSPACE_KEYS.labelFilter;
const StoredFilterSchema = z.lazy(() => z.array(TaskLabelSchema));

export class LabelFilter {
  constructor(
    private readonly state: vscode.Memento,
    private readonly tree: { setFilter(labels: readonly string[]): void },
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Applies the filter saved by an earlier session; one that cannot be read is dropped with a log line. */
  async restore(): Promise<void> {
    const stored = this.state.get<unknown>(KEY);
    if (stored === undefined) return;
    const parsed = StoredFilterSchema.safeParse(stored);
    if (!parsed.success) {
      this.log.warn(
        `label filter ignored: ${parsed.error.issues[0]?.path.join('.') || 'value'}: ${parsed.error.issues[0]?.message}`,
      );
      await this.state.update(KEY, undefined);
      return;
    }
    await this.apply(parsed.data);
  }

  async set(labels: readonly string[]): Promise<void> {
    await this.state.update(KEY, labels.length ? [...labels] : undefined);
    await this.apply(labels);
  }

  private async apply(labels: readonly string[]): Promise<void> {
    this.tree.setFilter(labels);
    await vscode.commands.executeCommand('setContext', 'claudeBatch.labelFilterActive', labels.length > 0);
  }
}
