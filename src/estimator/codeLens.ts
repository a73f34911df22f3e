import * as path from 'node:path';
import * as vscode from 'vscode';
import { planEstimator } from '../core/estimator/plan';
import { formatUsd } from '../core/costs/format';
import { estimatePlan } from '../costs/estimateText';
import { priceService } from '../costs/priceService';
import { loadedEstimators } from './loadedEstimators';
import { regionSetting } from '../platform/settings';

/** "Preview Training Job Request", "Launch Training Job" and the estimate at the top of every estimator file. */
export class EstimatorCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription = priceService()?.onDidLoad(() => this.changed.fire());
  // The estimate depends on the region and the connection: asked again when they change.
  private readonly settingsSubscription = vscode.workspace.onDidChangeConfiguration(event => {
    if (event.affectsConfiguration('sagemaker.region') || event.affectsConfiguration('sagemaker.profile')) this.changed.fire();
  });

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const top = new vscode.Range(0, 0, 0, 0);
    const lenses = [
      new vscode.CodeLens(top, { title: '$(open-preview) Preview Training Job Request', command: 'sagemaker.previewTrainingJobRequest', arguments: [document.uri] }),
      new vscode.CodeLens(top, { title: '$(rocket) Launch Training Job', command: 'sagemaker.launchTrainingJob', arguments: [document.uri] }),
    ];
    const estimate = await estimateTitle(document).catch(() => undefined);
    if (estimate) lenses.push(new vscode.CodeLens(top, { ...estimate, command: 'sagemaker.previewTrainingJobRequest', arguments: [document.uri] }));
    return lenses;
  }

  dispose(): void {
    this.subscription?.dispose();
    this.settingsSubscription.dispose();
    this.changed.dispose();
  }
}

/** "$(credit-card) $0.23/h · up to $5.52" for a valid estimator of a SageMaker job; undefined otherwise. */
async function estimateTitle(document: vscode.TextDocument): Promise<{ title: string; tooltip: string } | undefined> {
  const settingsRegion = regionSetting();
  // The diagnostics have just validated this text: their result is reused.
  const { loaded } = loadedEstimators.load(document, settingsRegion);
  if (!loaded.spec || loaded.spec.instance_type?.startsWith('local')) return undefined;
  const region = loaded.spec.region ?? settingsRegion ?? await priceService()?.connectionRegion();
  if (!region) return undefined;
  // The account does not change the cost: any will do for the plan.
  const planned = planEstimator(document.getText(), loaded.spec, { region, account: '000000000000', baseDir: path.dirname(document.uri.fsPath) });
  if (!planned.plan) return undefined;
  const { estimate, lines } = await estimatePlan(planned.plan, region);
  const spot = estimate.spot ? ' (spot: up to 90% less)' : '';
  return { title: `$(credit-card) ${formatUsd(estimate.usdPerHour)}/h · up to ${formatUsd(estimate.totalWorstCaseUsd)}${spot}`, tooltip: lines.join('\n') };
}
