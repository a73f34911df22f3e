import * as path from 'node:path';
import * as vscode from 'vscode';
import { estimatorProblems } from '../core/estimator/plan';
import type { EstimatorDiagnostic } from '../core/estimator/types';
import { isEstimatorFile } from './estimatorDocuments';
import { loadedEstimators } from './loadedEstimators';
import { priceService } from '../costs/priceService';
import { FirstDiagnosticsClock } from './firstDiagnostics';
import { regionSetting } from '../platform/settings';

const SEVERITY: Record<EstimatorDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function toVsCodeDiagnostic(diagnostic: EstimatorDiagnostic): vscode.Diagnostic {
  const { start, end } = diagnostic.range;
  const result = new vscode.Diagnostic(
    new vscode.Range(start.line, start.character, end.line, end.character), diagnostic.message, SEVERITY[diagnostic.severity]);
  result.source = 'SageMaker';
  result.code = diagnostic.code;
  return result;
}

function problemsOf(document: vscode.TextDocument): EstimatorDiagnostic[] {
  // Validated once per text: the CodeLens provider asks for the same result next (loadedEstimators).
  const { options, loaded } = loadedEstimators.load(document, regionSetting());
  return estimatorProblems(document.getText(), {
    ...options, baseDir: path.dirname(document.uri.fsPath), prices: region => priceService()?.cached(region),
  }, loaded);
}

/** Keeps the Problems panel in step with every open estimator file, as the user types. */
export class EstimatorDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('sagemaker-estimator');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** The check of the estimators open at activation, until it runs. */
  private openAtActivation: NodeJS.Immediate | undefined;
  private readonly subscriptions: vscode.Disposable[];

  /** @param firstDiagnostics times the validation of the estimators open at activation (the benchmark's "first diagnostics") */
  constructor(private readonly firstDiagnostics = new FirstDiagnosticsClock()) {
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument(document => this.update(document)),
      vscode.workspace.onDidChangeTextDocument(event => this.schedule(event.document)),
      vscode.workspace.onDidCloseTextDocument(document => this.clear(document)),
      // A region's prices arriving can reveal an instance type the region does not offer.
      ...(priceService() ? [priceService()!.onDidLoad(() => this.updateOpen())] : []),
      // The region decides which images exist (image_uris.retrieve's registries) and which prices apply.
      vscode.workspace.onDidChangeConfiguration(event => { if (event.affectsConfiguration('sagemaker.region')) this.updateOpen(); }),
    ];
    // The estimators already open are checked right after activation, not inside it. Not in a microtask either:
    // VS Code's activation time (Running Extensions, its slow-extension warnings) runs until activate()'s result
    // settles, after the microtasks queued inside it. setImmediate runs as soon as the event loop is done with the
    // message that activated us; a setTimeout(0) waited for the next turn's timers, at least 1 ms later.
    this.openAtActivation = setImmediate(() => {
      this.openAtActivation = undefined;
      this.validateOpenEstimators();
    });
  }

  /** Validates now; returns the problems found (undefined for a file that is not an estimator). */
  update(document: vscode.TextDocument): vscode.Diagnostic[] | undefined {
    if (!isEstimatorFile(document.uri) || document.uri.scheme === 'git') return undefined;
    let diagnostics: vscode.Diagnostic[];
    try {
      diagnostics = problemsOf(document).map(toVsCodeDiagnostic);
    } catch (error) {
      // A bug of ours must not take the extension host down; it shows as one problem instead.
      diagnostics = [new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), `SageMaker: validation failed unexpectedly: ${(error as Error).message}`)];
    }
    this.collection.set(document.uri, diagnostics);
    return diagnostics;
  }

  private updateOpen(): void {
    for (const document of vscode.workspace.textDocuments) this.update(document);
  }

  private validateOpenEstimators(): void {
    const open = vscode.workspace.textDocuments.filter(document => isEstimatorFile(document.uri) && document.uri.scheme !== 'git');
    this.firstDiagnostics.noneOpen(open.length === 0);
    for (const document of open) this.firstDiagnostics.time(() => this.update(document));
  }

  private schedule(document: vscode.TextDocument): void {
    if (!isEstimatorFile(document.uri)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => { this.timers.delete(key); this.update(document); }, 150));
  }

  private clear(document: vscode.TextDocument): void {
    clearTimeout(this.timers.get(document.uri.toString()));
    this.collection.delete(document.uri);
    loadedEstimators.forget(document.uri);
  }

  dispose(): void {
    if (this.openAtActivation) clearImmediate(this.openAtActivation);
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.collection.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
