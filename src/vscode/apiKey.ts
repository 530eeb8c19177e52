// The API key lives in SecretStorage; ANTHROPIC_API_KEY from the environment is the fallback. It is never
// written to settings, logs or state.
import * as vscode from 'vscode';
import { ClaudeBatchError } from '../core/errors';
import { SECRET_KEYS } from '../core/store/storageLayout';

const SECRET_KEY = SECRET_KEYS.apiKey;

/** No key in SecretStorage and none in the environment. */
export class NoApiKeyError extends ClaudeBatchError {
  constructor() {
    super('noApiKey', 'No Anthropic API key is set. Use "Claude Batch: Set API Key", or set ANTHROPIC_API_KEY.');
  }
}

export class ApiKeyStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async get(): Promise<string | undefined> {
    return (await this.secrets.get(SECRET_KEY)) || process.env['ANTHROPIC_API_KEY'] || undefined;
  }

  async require(): Promise<string> {
    const key = await this.get();
    if (!key) throw new NoApiKeyError();
    return key;
  }

  /** Asks for the key (hidden input) and stores it. An empty answer removes the stored key. */
  async prompt(): Promise<boolean> {
    const value = await vscode.window.showInputBox({
      title: vscode.l10n.t('Claude Batch: Set API Key'),
      prompt: vscode.l10n.t(
        "Your Anthropic API key. It is kept in VS Code's secret storage. Leave empty to remove it.",
      ),
      password: true,
      ignoreFocusOut: true,
      placeHolder: 'sk-ant-…',
    });
    if (value === undefined) return false;
    if (value.trim() === '') {
      await this.secrets.delete(SECRET_KEY);
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Claude Batch: API key removed; ANTHROPIC_API_KEY is used if set.'),
      );
    } else {
      await this.secrets.store(SECRET_KEY, value.trim());
      void vscode.window.showInformationMessage(vscode.l10n.t('Claude Batch: API key saved in secret storage.'));
    }
    return true;
  }
}
