/**
 * SageMaker: Upload Data to S3 — `sagemaker_session.upload_data(path, bucket, key_prefix)` on a file or folder of the
 * explorer (or one picked): the default bucket, a key prefix (default `data`), uploads under a cancellable progress
 * notification; then the S3 URI is copied and offered as a channel of the open estimator file ("Add as channel…").
 * The uploads run in the AWS bundle (`loadAws().uploadData`); the JSON edit is `core/upload/channelEdit.ts`.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { UploadDataResult } from '../aws/uploadData';
import { classifyAwsError } from '../core/connection/errors';
import { describeProgress, percentIncrement } from '../core/launch/progress';
import { addChannelEdits, checkChannelName, existingChannels } from '../core/upload/channelEdit';
import { checkKeyPrefix, DEFAULT_KEY_PREFIX, isUploadDataIncomplete } from '../core/upload/uploadData';
import type { Connection } from '../platform/connection';
import { loadAws } from '../platform/loadAws';

const ADD_AS_CHANNEL = 'Add as channel…';

/** What a caller other than the menu may settle beforehand (tests, other commands): no question is asked for it. */
export interface UploadDataCommandOptions {
  keyPrefix?: string;
  bucket?: string;
  signal?: AbortSignal;
  /** Add the URI as this channel of `estimator` without asking. */
  channel?: string;
  estimator?: vscode.Uri;
}

/** Explorer menus pass (clicked, selected[]); a caller may pass options instead. */
export function uploadDataOptionsOf(arg: unknown): UploadDataCommandOptions {
  return arg && typeof arg === 'object' && !Array.isArray(arg) && !(arg instanceof vscode.Uri) ? arg as UploadDataCommandOptions : {};
}

/** Uploads `uri` (else one the user picks). The S3 URI, or undefined when nothing (or not everything) was uploaded. */
export async function uploadDataToS3(connection: Connection, uri: vscode.Uri | undefined, options: UploadDataCommandOptions = {}): Promise<string | undefined> {
  const target = uri ?? (await vscode.window.showOpenDialog({
    canSelectFiles: true, canSelectFolders: true, canSelectMany: false, openLabel: 'Upload to S3', title: 'SageMaker: Upload Data to S3',
  }))?.[0];
  if (!target) return undefined;
  if (target.scheme !== 'file') {
    void vscode.window.showErrorMessage(`SageMaker: ${target.toString()} is not on this machine's disk; upload a local file or folder.`);
    return undefined;
  }
  const keyPrefix = options.keyPrefix ?? await vscode.window.showInputBox({
    title: `SageMaker: Upload ${path.basename(target.fsPath)} to S3`,
    prompt: 'Key prefix in the bucket (the default bucket sagemaker-<region>-<account> is used)',
    value: DEFAULT_KEY_PREFIX, validateInput: value => checkKeyPrefix(value),
  });
  if (keyPrefix === undefined) return undefined;
  let result: UploadDataResult;
  try {
    result = await withUploadProgress(connection, target.fsPath, { ...options, keyPrefix });
  } catch (error) {
    showUploadFailure(error, connection);
    return undefined;
  }
  connection.markConnected();
  await vscode.env.clipboard.writeText(result.s3Uri);
  const estimator = options.estimator ?? openEstimator();
  if (estimator && options.channel !== undefined) {
    await addUploadAsChannel(estimator, result.s3Uri, options.channel);
    return result.s3Uri;
  }
  const summary = `SageMaker: uploaded ${result.files.length} file${result.files.length === 1 ? '' : 's'} to ${result.s3Uri} (copied to the clipboard).`
    + (result.leftOut.length > 0 ? ` Left out: ${result.leftOut.join('; ')}` : '');
  void vscode.window.showInformationMessage(summary, ...(estimator ? [ADD_AS_CHANNEL] : [])).then(choice => {
    if (choice === ADD_AS_CHANNEL && estimator) void addUploadAsChannel(estimator, result.s3Uri);
  });
  return result.s3Uri;
}

function withUploadProgress(connection: Connection, localPath: string, options: UploadDataCommandOptions): Promise<UploadDataResult> {
  return Promise.resolve(vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `SageMaker: uploading ${path.basename(localPath)}`, cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const cancel = (): void => controller.abort();
      const subscription = token.onCancellationRequested(cancel);
      options.signal?.addEventListener('abort', cancel, { once: true });
      let previousBytes = 0;
      try {
        return await loadAws().uploadData(connection.aws(), {
          localPath, signal: controller.signal,
          ...(options.bucket ? { bucket: options.bucket } : {}),
          ...(options.keyPrefix ? { keyPrefix: options.keyPrefix } : {}),
          onProgress: p => {
            progress.report({ message: describeProgress(p, ''), increment: percentIncrement(previousBytes, p.bytesDone, p.bytesTotal) });
            previousBytes = p.bytesDone;
          },
        });
      } finally {
        subscription.dispose();
        options.signal?.removeEventListener('abort', cancel);
      }
    },
  ));
}

function showUploadFailure(error: unknown, connection: Connection): void {
  if (isUploadDataIncomplete(error)) {
    const show = error.cancelled ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
    void show(`SageMaker: ${error.message}`);
    return;
  }
  if ((error as { $metadata?: unknown })?.$metadata !== undefined || (error as { name?: string })?.name === 'CredentialsProviderError') {
    const problem = classifyAwsError(error, connection.aws().settings.profile);
    void vscode.window.showErrorMessage(`SageMaker: cannot upload: ${problem.message} ${problem.nextStep}`);
    return;
  }
  void vscode.window.showErrorMessage(`SageMaker: upload failed: ${(error as Error)?.message ?? String(error)}`);
}

const isEstimatorFile = (uri: vscode.Uri): boolean => /(^|[\\/])(estimator\.json|[^\\/]*\.estimator\.json)$/.test(uri.fsPath);

/** The estimator file of the active editor, else of a visible one. */
function openEstimator(): vscode.Uri | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && isEstimatorFile(active)) return active;
  return vscode.window.visibleTextEditors.map(e => e.document.uri).find(isEstimatorFile);
}

/** Makes `inputs.<channel>` the URI in the estimator file (asking the name when not given), as one undoable edit. */
export async function addUploadAsChannel(estimator: vscode.Uri, s3Uri: string, channel?: string): Promise<boolean> {
  const document = await vscode.workspace.openTextDocument(estimator);
  const existing = existingChannels(document.getText());
  const name = channel ?? await vscode.window.showInputBox({
    title: `SageMaker: add ${s3Uri} to ${path.basename(estimator.fsPath)}`,
    prompt: `Channel name (the script reads it as SM_CHANNEL_<NAME>)${existing.length ? `; existing: ${existing.join(', ')}` : ''}`,
    value: existing.includes('train') ? '' : 'train',
    validateInput: value => checkChannelName(value) ?? (existing.includes(value) ? { message: `Replaces the channel "${value}".`, severity: vscode.InputBoxValidationSeverity.Warning } : undefined),
  });
  if (name === undefined) return false;
  let edits;
  try {
    edits = addChannelEdits(document.getText(), name, s3Uri);
  } catch (error) {
    void vscode.window.showErrorMessage(`SageMaker: ${path.basename(estimator.fsPath)}: ${(error as Error).message}`);
    return false;
  }
  const workspaceEdit = new vscode.WorkspaceEdit();
  for (const edit of edits) {
    workspaceEdit.replace(estimator, new vscode.Range(document.positionAt(edit.offset), document.positionAt(edit.offset + edit.length)), edit.content);
  }
  return vscode.workspace.applyEdit(workspaceEdit);
}
