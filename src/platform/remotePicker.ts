import * as vscode from 'vscode';
import type { Connection } from './connection';

/**
 * A QuickPick of remote resources that opens at once (busy while they are listed), so the palette never waits
 * on AWS in silence. Resolves with the picked label, or undefined (dismissed, or the listing failed and said so).
 */
export async function pickRemote(connection: Connection, options: {
  title: string;
  placeholder: string;
  /** What a failed listing says: "could not list <noun>". */
  noun: string;
  /** Shown instead of the placeholder when there is nothing to pick. */
  empty: string;
  matchOnDescription?: boolean;
  list(): Promise<vscode.QuickPickItem[]>;
}): Promise<string | undefined> {
  const picker = vscode.window.createQuickPick<vscode.QuickPickItem>();
  picker.title = options.title;
  picker.placeholder = options.placeholder;
  picker.matchOnDescription = options.matchOnDescription ?? false;
  picker.busy = true;
  picker.show();
  try {
    const items = await options.list();
    connection.markConnected();
    picker.items = items;
    if (items.length === 0) picker.placeholder = options.empty;
  } catch (error) {
    picker.hide();
    const problem = connection.reportFailure(error);
    void vscode.window.showErrorMessage(`SageMaker: could not list ${options.noun}. ${problem.message} ${problem.nextStep}`);
    return undefined;
  } finally {
    picker.busy = false;
  }
  return new Promise(resolve => {
    picker.onDidAccept(() => {
      resolve(picker.selectedItems[0]?.label);
      picker.hide();
    });
    picker.onDidHide(() => {
      resolve(undefined);
      picker.dispose();
    });
  });
}
