// The instruction quick pick: built-in templates, the user's own, or whatever the user types.
import * as vscode from 'vscode';
import { splitLabel } from '../../core/model/taskLabels';

export const BUILT_IN_TEMPLATES = [
  'Add doc comments',
  'Write unit tests',
  'Refactor for readability',
  'Review and list problems',
];

export function pickInstruction(userTemplates: readonly string[], title: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick();
    pick.title = title;
    pick.placeholder = vscode.l10n.t(
      'Pick an instruction, or type your own and press Enter (start with #label to label the tasks)',
    );
    pick.ignoreFocusOut = true;
    const templates: vscode.QuickPickItem[] = [
      ...userTemplates.map((label) => ({ label, description: vscode.l10n.t('your template') })),
      ...BUILT_IN_TEMPLATES.filter((t) => !userTemplates.includes(t)).map((label) => ({ label })),
    ];
    pick.items = templates;
    pick.onDidChangeValue((value) => {
      const typed = value.trim();
      const exact = templates.some((t) => t.label === typed);
      const { label } = splitLabel(typed);
      const description = label
        ? vscode.l10n.t('your instruction, labelled “{0}”', label)
        : vscode.l10n.t('your instruction');
      pick.items = typed && !exact ? [{ label: typed, description, alwaysShow: true }, ...templates] : templates;
    });
    let settled = false;
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0]?.label ?? pick.value.trim();
      settled = true;
      pick.hide();
      resolve(chosen || undefined);
    });
    pick.onDidHide(() => {
      pick.dispose();
      if (!settled) resolve(undefined);
    });
    pick.show();
  });
}
