import * as vscode from 'vscode';

/** status -> [codicon, theme colour] */
export type StatusIconTable = Record<string, [string, string | undefined]>;

export function statusIcon(table: StatusIconTable, status: string | undefined): vscode.ThemeIcon {
  const [icon, color] = table[status ?? ''] ?? ['circle-outline', undefined];
  return new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
}
