/** "SageMaker: Copy as Python": the estimator file as SDK v2, SDK v3 or boto3 Python, on the clipboard (as `sagemaker-estimator export`). */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { exportEstimatorFile } from '../core/export/fromFile';
import type { ExportTarget } from '../core/export/index';
import type { Connection } from '../platform/connection';
import { loadAws } from '../platform/loadAws';
import { loadEstimatorDocument } from './estimatorDocuments';
import { targetEstimator } from './requestPreview';
import { regionSetting } from '../platform/settings';

interface TargetItem extends vscode.QuickPickItem { target: ExportTarget }

const TARGET_ITEMS: TargetItem[] = [
  { label: 'SDK v2', description: 'Estimator / framework class and fit()', target: 'sdk-v2' },
  { label: 'SDK v3', description: 'ModelTrainer and train()', target: 'sdk-v3' },
  { label: 'boto3', description: 'create_training_job(**request), the request the preview shows', target: 'boto3' },
];

/** The Python copied, or undefined when there was no estimator, the pick was dismissed or the file has problems (each said). */
export async function copyAsPython(connection: Connection, argument: unknown): Promise<string | undefined> {
  const estimator = targetEstimator(argument);
  if (!estimator) {
    void vscode.window.showWarningMessage('SageMaker: open an estimator.json (or *.estimator.json) to copy it as Python.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(TARGET_ITEMS, { title: 'Copy as Python', placeHolder: 'Which Python?' });
  if (!picked) return undefined;
  const document = await vscode.workspace.openTextDocument(estimator);
  const file = vscode.workspace.asRelativePath(estimator);
  const settingsRegion = regionSetting();
  const loaded = loadEstimatorDocument(document, settingsRegion);
  if (!loaded.spec) return showProblems(file, loaded.diagnostics);
  let region = loaded.spec.region ?? settingsRegion;
  let account: string | undefined;
  if (picked.target === 'boto3') {
    // The request names the account and the region (role ARN, default bucket, image): boto3 needs the real ones.
    region ??= await connection.aws().region();
    account = await loadAws().resolveAccount(connection.aws());
  }
  const result = exportEstimatorFile(document.getText(), loaded.spec, {
    target: picked.target, fileName: path.basename(estimator.fsPath), baseDir: path.dirname(estimator.fsPath),
    ...(region ? { region } : {}), ...(account ? { account } : {}),
  });
  if (result.python === undefined) return showProblems(file, result.diagnostics);
  await vscode.env.clipboard.writeText(result.python);
  void vscode.window.showInformationMessage(`SageMaker: copied ${file} as ${picked.label} Python to the clipboard.`);
  return result.python;
}

function showProblems(file: string, diagnostics: { severity: string; message: string; range: { start: { line: number } } }[]): undefined {
  const errors = diagnostics.filter(d => d.severity === 'error');
  const first = errors[0];
  void vscode.window.showErrorMessage(`SageMaker: ${file} has ${errors.length} problem(s), so it was not copied as Python`
    + `${first ? ` (line ${first.range.start.line + 1}: ${first.message})` : ''}. Fix them (see the Problems panel) and copy again.`);
  return undefined;
}
