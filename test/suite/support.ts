import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { Aws } from '../../src/platform/loadAws';

export const EXTENSION_ID = 'sagemaker-estimator.sagemaker-estimator';

export function extension(): vscode.Extension<ExtensionApi> {
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return ext;
}

export async function activated(): Promise<ExtensionApi> {
  return extension().activate();
}

export function motoUrl(): string {
  const url = process.env.SAGEMAKER_TEST_MOTO_URL;
  if (!url) throw new Error('SAGEMAKER_TEST_MOTO_URL is not set: run the suites through test/harness/runVsCodeTests.js');
  return url;
}

/** Wipes moto's state between suites. */
export async function resetMoto(): Promise<void> {
  const res = await fetch(`${motoUrl()}/moto-api/reset`, { method: 'POST' });
  if (!res.ok) throw new Error(`moto reset failed: ${res.status}`);
}

/** The extension's own AWS module (its one client factory), for tests that seed moto. */
export function extensionAws(): Aws {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return require(path.join(extension().extensionPath, 'dist/aws.js')) as Aws;
}

export function motoClients() {
  return extensionAws().createAwsClients({ endpointUrl: motoUrl(), region: 'us-east-1' });
}

/** Polls `probe` until it gives a value; the default ceiling is generous, for a busy machine (a probe that holds ends the wait at once). */
export async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

export function proxyUrl(): string {
  const url = process.env.SAGEMAKER_TEST_PROXY_URL;
  if (!url) throw new Error('SAGEMAKER_TEST_PROXY_URL is not set: run the suites through test/harness/runVsCodeTests.js');
  return url;
}

/** AWS calls the extension made since the last reset, by operation (e.g. "SageMaker.ListTrainingJobs"). */
export async function awsCalls(): Promise<Record<string, number>> {
  return (await fetch(`${proxyUrl()}/__proxy/stats`)).json() as Promise<Record<string, number>>;
}

export async function resetAwsCalls(): Promise<void> {
  await fetch(`${proxyUrl()}/__proxy/reset`, { method: 'POST' });
}

/** Makes moto's SageMaker jobs and endpoints move one state per `times` reads (moto's state manager, patched in test/fixtures/aws). */
export async function motoTransitions(model: 'sagemaker::training_job' | 'sagemaker::endpoint', transition: Record<string, unknown> | undefined): Promise<void> {
  const action = transition ? 'set-transition' : 'unset-transition';
  const res = await fetch(`${motoUrl()}/moto-api/state-manager/${action}`, {
    method: 'POST', body: JSON.stringify(transition ? { model_name: model, transition } : { model_name: model }),
  });
  if (!res.ok) throw new Error(`moto ${action} failed: ${res.status} ${await res.text()}`);
}

/** Makes the proxy in front of moto answer the next call(s) of an operation with a fault or an AWS error. */
export async function injectFaults(faults: Record<string, unknown>[]): Promise<void> {
  const res = await fetch(`${proxyUrl()}/__proxy/faults`, { method: 'POST', body: JSON.stringify(faults) });
  if (!res.ok) throw new Error(`proxy refused the faults: ${res.status}`);
}

export type MessageKind = 'showInformationMessage' | 'showWarningMessage' | 'showErrorMessage';

/** A window message the extension showed, as the recorder saw it. */
export interface ShownMessage {
  kind: MessageKind;
  message: string;
  /** Its actions (the string items; options objects left out). */
  items: string[];
  /** Answers a held message as the user would (see recordMessages). */
  answer(choice: string | undefined): void;
}

/**
 * Records the extension's window messages of `kinds` (the test and the extension share the extension's vscode API
 * object). `answer` says what the user does: absent, the message is passed on to VS Code (nobody answers it);
 * 'hold', it stays open until the test calls its answer() (restore() answers the rest with undefined); a function,
 * its result is the user's choice.
 */
export function recordMessages(
  kinds: MessageKind[] = ['showInformationMessage', 'showWarningMessage', 'showErrorMessage'],
  answer?: 'hold' | ((message: string, items: string[]) => string | undefined | Promise<string | undefined>),
): { shown: ShownMessage[]; restore(): void } {
  const window = vscode.window as unknown as Record<string, (...args: unknown[]) => unknown>;
  const originals = kinds.map(kind => window[kind]!);
  const shown: ShownMessage[] = [];
  kinds.forEach((kind, i) => {
    window[kind] = (...args: unknown[]) => {
      const message = String(args[0]);
      const items = args.slice(1).filter((a): a is string => typeof a === 'string');
      let settle: (choice: string | undefined) => void = () => undefined;
      const reply = answer === undefined ? originals[i]!.apply(vscode.window, args)
        : answer === 'hold' ? new Promise<string | undefined>(resolve => { settle = resolve; })
          : answer(message, items);
      shown.push({ kind, message, items, answer: choice => settle(choice) });
      return reply;
    };
  });
  return {
    shown,
    restore: () => {
      kinds.forEach((kind, i) => { window[kind] = originals[i]!; });
      for (const s of shown) s.answer(undefined);
    },
  };
}

/** Writes a file under the test workspace's folder (its folders made as needed) and returns its URI. */
export function workspaceFile(relative: string, content: string | Buffer): vscode.Uri {
  const file = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return vscode.Uri.file(file);
}
