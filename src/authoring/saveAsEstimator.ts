/**
 * SageMaker: Save as estimator.json, on a training job of the tree (or a job name): DescribeTrainingJob and
 * ListTags, turned into an estimator file by src/core/authoring/fromTrainingJob/, written where the user
 * says (or `options.target`), and opened. Values that could not be mapped are comments in the file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Tag } from '@aws-sdk/client-sagemaker';
import { loadAws, type Aws } from '../platform/loadAws';
import type { Connection } from '../platform/connection';
import type { AwsClients } from '../aws/clientFactory';
import { estimatorFromTrainingJob } from '../core/authoring/fromTrainingJob';

export interface SaveJobAsEstimatorOptions {
  /** Where to write (a file path or Uri): no save dialog. */
  target?: string | vscode.Uri;
  /** Open the file in an editor (default true). */
  open?: boolean;
}

/** The AWS bundle, with the ListTags helper when it exports it (src/aws/index.ts). */
type AwsWithTags = Aws & { listTrainingJobTags?: (clients: AwsClients, arn: string) => Promise<Tag[]> };

const isEstimatorName = (file: string): boolean => {
  const name = path.basename(file);
  return name === 'estimator.json' || name.endsWith('.estimator.json');
};

async function chooseTarget(jobName: string): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const defaultUri = folder ? vscode.Uri.joinPath(folder, `${jobName}.estimator.json`) : undefined;
  const uri = await vscode.window.showSaveDialog({
    title: `Save training job ${jobName} as an estimator file`,
    saveLabel: 'Save Estimator',
    filters: { 'Estimator files': ['json'] },
    ...(defaultUri ? { defaultUri } : {}),
  });
  if (!uri) return undefined;
  // Only estimator.json and *.estimator.json are estimator files (validation, Preview, Launch).
  return isEstimatorName(uri.fsPath) ? uri : uri.with({ path: uri.path.replace(/(\.json)?$/, '.estimator.json') });
}

/** Saves a training job as an estimator file; returns the file written (undefined when cancelled or failed). */
export async function saveJobAsEstimator(connection: Connection, requestedName: string | undefined, options: SaveJobAsEstimatorOptions = {}): Promise<vscode.Uri | undefined> {
  const jobName = requestedName ?? (await vscode.window.showInputBox({ title: 'Save training job as estimator.json', prompt: 'Name of the training job' }))?.trim();
  if (!jobName) return undefined;
  let text: string;
  let unmapped: string[];
  try {
    const aws = loadAws() as AwsWithTags;
    const clients = connection.aws();
    const job = await aws.describeTrainingJob(clients, jobName);
    const region = await clients.region();
    let tags: Tag[] | undefined;
    let tagsProblem: string | undefined;
    if (job.TrainingJobArn && aws.listTrainingJobTags) {
      try {
        tags = await aws.listTrainingJobTags(clients, job.TrainingJobArn);
      } catch (error) {
        tagsProblem = `the job's tags could not be read (${(error as Error).message})`;
      }
    } else tagsProblem = 'the job\'s tags were not read';
    connection.markConnected();
    const saved = estimatorFromTrainingJob(job, { region, ...(tags ? { tags } : {}) });
    text = saved.text;
    unmapped = saved.unmapped;
    if (tagsProblem) {
      text = text.replace(/\n}\n$/, `\n  // Tags: ${tagsProblem}; add "tags" by hand if the job had any.\n}\n`);
      unmapped = [...unmapped, `Tags: ${tagsProblem}`];
    }
  } catch (error) {
    const problem = connection.reportFailure(error);
    void vscode.window.showErrorMessage(`SageMaker: reading training job ${jobName} failed. ${problem.message} ${problem.nextStep}`);
    return undefined;
  }

  const uri = options.target !== undefined
    ? (typeof options.target === 'string' ? vscode.Uri.file(options.target) : options.target)
    : await chooseTarget(jobName);
  if (!uri) return undefined;
  try {
    fs.mkdirSync(path.dirname(uri.fsPath), { recursive: true });
    fs.writeFileSync(uri.fsPath, text);
  } catch (error) {
    void vscode.window.showErrorMessage(`SageMaker: could not write ${uri.fsPath}: ${(error as Error).message}`);
    return undefined;
  }
  if (options.open !== false) {
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: false });
  }
  const name = vscode.workspace.asRelativePath(uri);
  if (unmapped.length > 0) {
    void vscode.window.showWarningMessage(
      `SageMaker: saved ${jobName} as ${name}; ${unmapped.length} value${unmapped.length === 1 ? '' : 's'} could not be mapped to estimator arguments and ${unmapped.length === 1 ? 'is' : 'are'} kept as comments at the end of the file.`);
  } else {
    void vscode.window.showInformationMessage(`SageMaker: saved ${jobName} as ${name}. Planned with job_name "${jobName}" it gives the job's request again.`);
  }
  return uri;
}
