import * as vscode from 'vscode';
import type { Connection } from './connection';

/** A row of the picker and what picking it means. */
export type PickItem<V> = vscode.QuickPickItem & { value: V };

/** The group titles: local resources first (they are listed at once), then the connection's. */
export const LOCAL_GROUP = 'Local (this machine)';
export const CLOUD_GROUP = 'SageMaker';

/**
 * A QuickPick of local and remote resources, each in its own group, that opens at once (busy while the remote
 * ones are listed), so the palette never waits on AWS in silence. Local ones show before the listing ends and
 * follow `onDidChangeLocal`. Resolves with the picked value, or undefined (dismissed, or the listing failed with
 * nothing local to pick, and said so).
 */
export async function pickResource<V>(connection: Connection, options: {
  title: string;
  placeholder: string;
  /** What a failed listing says: "could not list <noun>". */
  noun: string;
  /** Shown instead of the placeholder when there is nothing to pick. */
  empty: string;
  matchOnDescription?: boolean;
  local?: () => PickItem<V>[];
  onDidChangeLocal?: vscode.Event<void>;
  list(): Promise<PickItem<V>[]>;
}): Promise<V | undefined> {
  const picker = vscode.window.createQuickPick<PickItem<V> | vscode.QuickPickItem>();
  picker.title = options.title;
  picker.placeholder = options.placeholder;
  picker.matchOnDescription = options.matchOnDescription ?? false;
  let localItems = options.local?.() ?? [];
  let cloudItems: PickItem<V>[] = [];
  let listed = false;
  const show = () => {
    picker.items = [
      ...(localItems.length ? [{ label: LOCAL_GROUP, kind: vscode.QuickPickItemKind.Separator }, ...localItems] : []),
      ...(cloudItems.length ? [{ label: CLOUD_GROUP, kind: vscode.QuickPickItemKind.Separator }, ...cloudItems] : []),
    ];
    if (listed && localItems.length + cloudItems.length === 0) picker.placeholder = options.empty;
  };
  show();
  picker.busy = true;
  const changes = options.onDidChangeLocal?.(() => { localItems = options.local?.() ?? []; show(); });
  const chosen = new Promise<V | undefined>(resolve => {
    picker.onDidAccept(() => {
      const picked = picker.selectedItems[0];
      resolve(picked && 'value' in picked ? picked.value : undefined);
      picker.hide();
    });
    picker.onDidHide(() => {
      resolve(undefined);
      changes?.dispose();
      picker.dispose();
    });
  });
  picker.show();
  try {
    cloudItems = await options.list();
    connection.markConnected();
    listed = true;
    show();
  } catch (error) {
    const problem = connection.reportFailure(error);
    if (localItems.length === 0) {
      picker.hide();
      void vscode.window.showErrorMessage(`SageMaker: could not list ${options.noun}. ${problem.message} ${problem.nextStep}`);
      return undefined;
    }
    picker.placeholder = `${options.placeholder} (could not list ${options.noun} of SageMaker: ${problem.message})`;
  } finally {
    picker.busy = false;
  }
  return chosen;
}
