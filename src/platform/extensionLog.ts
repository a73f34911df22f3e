import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

/**
 * The extension's "SageMaker" log (Output view). Made on first use, so activation creates nothing; if the
 * extension gets a shared channel of its own, `useSageMakerLog` hands it in.
 */
export function sageMakerLog(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('SageMaker', { log: true });
  return channel;
}

export function useSageMakerLog(shared: vscode.LogOutputChannel): void {
  channel = shared;
}

export function disposeSageMakerLog(): void {
  channel?.dispose();
  channel = undefined;
}
