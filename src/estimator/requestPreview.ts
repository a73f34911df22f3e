import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Connection } from '../platform/connection';
import { planEstimator } from '../core/estimator/plan';
import { generatedNameNote } from '../core/estimator/jobName';
import type { EstimatorDiagnostic } from '../core/estimator/types';
import { loadAws } from '../platform/loadAws';
import { isEstimatorFile } from './estimatorDocuments';
import { loadedEstimators } from './loadedEstimators';
import { estimatePlan } from '../costs/estimateText';
import { planWarmPoolWarnings } from '../costs/warmPoolText';
import { regionSetting } from '../platform/settings';

export const REQUEST_SCHEME = 'sagemaker-request';
/** Stands for the account in a preview made without AWS credentials. */
const UNKNOWN_ACCOUNT = 'ACCOUNT_ID';

/**
 * Read-only documents holding the CreateTrainingJob request an estimator file becomes, refreshed as the file changes.
 * The preview's URI carries the estimator file's URI in its query.
 */
export class RequestPreviewProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly open = new Map<string, vscode.Uri>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly connection: Connection) {
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument(event => {
        const preview = this.open.get(event.document.uri.toString());
        if (preview) this.changed.fire(preview);
      }),
      vscode.workspace.onDidCloseTextDocument(document => {
        if (document.uri.scheme === REQUEST_SCHEME) this.open.delete(document.uri.query);
      }),
    ];
  }

  static previewUri(estimator: vscode.Uri): vscode.Uri {
    const name = path.posix.basename(estimator.path).replace(/\.json$/, '');
    return vscode.Uri.from({ scheme: REQUEST_SCHEME, path: `/${name}.CreateTrainingJob.jsonc`, query: estimator.toString() });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const estimatorUri = vscode.Uri.parse(uri.query);
    this.open.set(estimatorUri.toString(), uri);
    const document = await vscode.workspace.openTextDocument(estimatorUri);
    const settingsRegion = regionSetting();
    const loaded = loadedEstimators.load(document, settingsRegion).loaded;
    const file = vscode.workspace.asRelativePath(estimatorUri);
    if (!loaded.spec) return problemsComment(file, loaded.diagnostics);
    const notes: string[] = [];
    const region = loaded.spec.region ?? settingsRegion ?? await this.connection.region();
    if (!region) {
      return `// No AWS region: set "region" in ${file}, the setting "sagemaker.region", or the profile's region.\n`;
    }
    let account = UNKNOWN_ACCOUNT;
    try {
      account = await loadAws().resolveAccount(this.connection.aws());
    } catch (error) {
      notes.push(`// The account is unknown (${(error as Error).message.split('\n')[0]}); ${UNKNOWN_ACCOUNT} stands for it.`);
    }
    const result = planEstimator(document.getText(), loaded.spec, { region, account, baseDir: path.dirname(estimatorUri.fsPath) });
    if (!result.plan) return problemsComment(file, result.diagnostics);
    const plan = result.plan;
    const nameNote = generatedNameNote(loaded.spec, 'preview');
    if (nameNote) notes.push(`// ${nameNote}`);
    for (const upload of plan.uploads) notes.push(`// Launch uploads ${upload.localPath} to ${upload.s3Uri}`);
    for (const upload of plan.uploads) if (upload.sagemakerignore) notes.push(sagemakerignoreNote(upload.sagemakerignore));
    notes.push('// Estimated cost (on-demand):', ...(await estimatePlan(plan, region)).lines.map(line => `//   ${line}`));
    if (account !== UNKNOWN_ACCOUNT && region === await this.connection.region()) {
      notes.push(...(await planWarmPoolWarnings(this.connection.aws(), plan, region, 'preview')).map(warning => `//   Warning: ${warning}`));
    }
    return `// CreateTrainingJob request for ${file} (region ${region}, account ${account}).\n${notes.join('\n')}${notes.length ? '\n' : ''}`
      + `${JSON.stringify(plan.request, null, 2)}\n`;
  }

  dispose(): void {
    this.changed.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

/** The one place the upload knowingly differs from the SDK's: said where the request is previewed. */
function sagemakerignoreNote(ignore: { file: string; excluded: string[] }): string {
  const shown = ignore.excluded.slice(0, 10).join(', ');
  const more = ignore.excluded.length > 10 ? ` and ${ignore.excluded.length - 10} more` : '';
  return `// ${ignore.file} leaves ${ignore.excluded.length} file(s) out of sourcedir.tar.gz (the SDK would upload them)${ignore.excluded.length ? `: ${shown}${more}` : ''}`;
}

function problemsComment(file: string, diagnostics: EstimatorDiagnostic[]): string {
  const errors = diagnostics.filter(d => d.severity === 'error');
  return `// ${file} has ${errors.length} problem(s); fix them (see the Problems panel) and this preview updates.\n`
    + errors.map(d => `//   ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`).join('\n') + '\n';
}

/** The estimator file a command applies to: its argument (explorer, CodeLens, editor title) or the active editor's. */
export function targetEstimator(argument: unknown): vscode.Uri | undefined {
  if (argument instanceof vscode.Uri) return argument;
  const active = vscode.window.activeTextEditor?.document.uri;
  return active && isEstimatorFile(active) ? active : undefined;
}

export async function previewTrainingJobRequest(argument: unknown): Promise<vscode.TextEditor | undefined> {
  const estimator = targetEstimator(argument);
  if (!estimator) {
    void vscode.window.showWarningMessage('SageMaker: open an estimator.json (or *.estimator.json) to preview its training job request.');
    return undefined;
  }
  const document = await vscode.workspace.openTextDocument(RequestPreviewProvider.previewUri(estimator));
  await vscode.languages.setTextDocumentLanguage(document, 'jsonc');
  return vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
}
