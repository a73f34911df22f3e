import * as vscode from 'vscode';

/** "Preview Training Job Request" and "Launch Training Job" at the top of every estimator file. */
export class EstimatorCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const top = new vscode.Range(0, 0, 0, 0);
    return [
      new vscode.CodeLens(top, { title: '$(open-preview) Preview Training Job Request', command: 'sagemaker.previewTrainingJobRequest', arguments: [document.uri] }),
      new vscode.CodeLens(top, { title: '$(rocket) Launch Training Job', command: 'sagemaker.launchTrainingJob', arguments: [document.uri] }),
    ];
  }
}
