/**
 * loadEstimator's result for an open estimator, shared by the diagnostics and the CodeLenses: both ask for the same
 * text right after each other, and the validation (schema and rules) is the costly part of each.
 *
 * The result is a function of the text, the file's path and workspace folder, the region setting and the environment
 * variables the text names (`${env:NAME}`, `${userHome}`'s HOME/USERPROFILE): all of them are in the key, so an edit, a
 * settings change, a moved workspace folder or a changed variable validates again. Validation reads no other file.
 * The plan is not kept here: it reads the disk (source_dir's listing, local channels), which no key can cover.
 */
import * as vscode from 'vscode';
import { estimatorValidationCount, loadEstimator, type LoadEstimatorOptions, type LoadEstimatorResult } from '../core/estimator/load';
import { estimatorLoadOptions } from './estimatorDocuments';

const ENV_REFERENCE = /\$\{env:([^}]*)\}/g;

/** Everything loadEstimator reads besides the text, as one string. */
function inputsOf(text: string, options: LoadEstimatorOptions): string {
  const names = ['HOME', 'USERPROFILE', ...Array.from(text.matchAll(ENV_REFERENCE), match => match[1]!.trim())];
  const env = names.map(name => [name, options.env[name]]);
  return JSON.stringify([options.fileName, options.workspaceFolder, options.region, options.userHome, env]);
}

export class LoadedEstimators {
  private readonly byUri = new Map<string, { text: string; inputs: string; result: LoadEstimatorResult }>();

  /** The document's current text validated, with `region` as the connection's region; reused while nothing it depends on changed. */
  load(document: vscode.TextDocument, region: string | undefined): { options: LoadEstimatorOptions; loaded: LoadEstimatorResult } {
    const text = document.getText();
    const options = estimatorLoadOptions(document, region);
    const inputs = inputsOf(text, options);
    const key = document.uri.toString();
    const kept = this.byUri.get(key);
    if (kept && kept.text === text && kept.inputs === inputs) return { options, loaded: kept.result };
    const loaded = loadEstimator(text, options);
    this.byUri.set(key, { text, inputs, result: loaded });
    return { options, loaded };
  }

  /** A closed document's result is dropped. */
  forget(uri: vscode.Uri): void {
    this.byUri.delete(uri.toString());
  }
}

/** The one cache of the window: the diagnostics and the CodeLens provider share it. */
export const loadedEstimators = new LoadedEstimators();

/** How many times a file was validated in the extension host (the extension's test API: reuse shows as no increase). */
export function estimatorValidations(uri: vscode.Uri): number {
  return estimatorValidationCount(uri.fsPath);
}
