/** Quick fixes of the checks before launch that have one (spot checkpoints, max_wait): they set one field. */
import * as path from 'node:path';
import { modify } from 'jsonc-parser';
import * as vscode from 'vscode';
import { spotChecks } from '../core/costs/checks';
import { planEstimator } from '../core/estimator/plan';
import { loadedEstimators } from '../estimator/loadedEstimators';
import { regionSetting } from '../platform/settings';

const FIXABLE = new Set(['spot-without-checkpoints', 'spot-max-wait-close']);

export class CostQuickFixes implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const diagnostics = context.diagnostics.filter(d => FIXABLE.has(String(d.code)));
    if (diagnostics.length === 0) return [];
    const settingsRegion = regionSetting();
    const loaded = loadedEstimators.load(document, settingsRegion).loaded;
    if (!loaded.spec) return [];
    const region = loaded.spec.region ?? settingsRegion ?? 'us-east-1';
    const planned = planEstimator(document.getText(), loaded.spec, { region, account: '000000000000', baseDir: path.dirname(document.uri.fsPath) });
    const actions: vscode.CodeAction[] = [];
    for (const check of spotChecks(loaded.spec, planned.plan)) {
      const diagnostic = diagnostics.find(d => d.code === check.code);
      if (!check.fix || !diagnostic) continue;
      const action = new vscode.CodeAction(check.fix.title, vscode.CodeActionKind.QuickFix);
      action.diagnostics = [diagnostic];
      action.edit = new vscode.WorkspaceEdit();
      const text = document.getText();
      for (const edit of modify(text, check.fix.path, check.fix.value, { formattingOptions: { insertSpaces: true, tabSize: 2 } })) {
        action.edit.replace(document.uri, new vscode.Range(document.positionAt(edit.offset), document.positionAt(edit.offset + edit.length)), edit.content);
      }
      actions.push(action);
    }
    return actions;
  }
}
