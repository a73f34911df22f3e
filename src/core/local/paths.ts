/**
 * Where local mode keeps its state in a workspace: `.sagemaker/local/<job>/` (one folder per training job,
 * laid out like `/opt/ml` in a SageMaker training container, plus `job.json` and `job.log`) and
 * `.sagemaker/local/endpoints/` (one `<name>.json` per local endpoint, and its model and log in `<name>/`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const LOCAL_DIR = path.join('.sagemaker', 'local');
export const ENDPOINTS_DIR_NAME = 'endpoints';

/** `<workspace>/.sagemaker/local`. */
export function localRoot(workspaceDir: string): string {
  return path.join(path.resolve(workspaceDir), LOCAL_DIR);
}

/** `<workspace>/.sagemaker/local/<job>`. */
export function localJobDir(workspaceDir: string, jobName: string): string {
  return path.join(localRoot(workspaceDir), jobName);
}

/** `<workspace>/.sagemaker/local/endpoints`. */
export function localEndpointsDir(workspaceDir: string): string {
  return path.join(localRoot(workspaceDir), ENDPOINTS_DIR_NAME);
}

/** The workspace of a job folder `<workspace>/.sagemaker/local/<job>`, when it is one. */
export function workspaceOfJobDir(jobDir: string): string | undefined {
  const abs = path.resolve(jobDir);
  const local = path.dirname(abs);
  const sagemaker = path.dirname(local);
  if (path.basename(local) === 'local' && path.basename(sagemaker) === '.sagemaker') return path.dirname(sagemaker);
  return undefined;
}

/** The files and folders of a job folder: the `/opt/ml` layout, plus local mode's own files. */
export interface JobPaths {
  /** `/opt/ml`. */
  root: string;
  input: string;
  inputConfig: string;
  inputData: string;
  hyperparameters: string;
  resourceConfig: string;
  inputDataConfig: string;
  model: string;
  output: string;
  outputData: string;
  outputIntermediate: string;
  /** `output/failure`: what the script writes when it fails. */
  failure: string;
  checkpoints: string;
  code: string;
  /** `output/model.tar.gz`. */
  modelTarGz: string;
  /** `output/output.tar.gz`. */
  outputTarGz: string;
  /** DescribeTrainingJob-like description, rewritten at every status change. */
  jobJson: string;
  /** Everything the job printed, and its status changes. */
  log: string;
  /** One JSON object per metric value: `{"name","value","timestamp"}`. */
  metrics: string;
  /** Present when someone asked the job to stop (another process may own it). */
  stopRequest: string;
}

export function jobPaths(jobDir: string): JobPaths {
  const root = path.resolve(jobDir);
  const input = path.join(root, 'input');
  const inputConfig = path.join(input, 'config');
  const output = path.join(root, 'output');
  return {
    root,
    input,
    inputConfig,
    inputData: path.join(input, 'data'),
    hyperparameters: path.join(inputConfig, 'hyperparameters.json'),
    resourceConfig: path.join(inputConfig, 'resourceconfig.json'),
    inputDataConfig: path.join(inputConfig, 'inputdataconfig.json'),
    model: path.join(root, 'model'),
    output,
    outputData: path.join(output, 'data'),
    outputIntermediate: path.join(output, 'intermediate'),
    failure: path.join(output, 'failure'),
    checkpoints: path.join(root, 'checkpoints'),
    code: path.join(root, 'code'),
    modelTarGz: path.join(output, 'model.tar.gz'),
    outputTarGz: path.join(output, 'output.tar.gz'),
    jobJson: path.join(root, 'job.json'),
    log: path.join(root, 'job.log'),
    metrics: path.join(root, 'metrics.jsonl'),
    stopRequest: path.join(root, 'stop-requested'),
  };
}

/** Creates `.sagemaker/local/` with a `.gitignore` that keeps all of it out of Git. */
export function ensureLocalRoot(workspaceDir: string): string {
  const root = localRoot(workspaceDir);
  fs.mkdirSync(root, { recursive: true });
  const ignore = path.join(root, '.gitignore');
  if (!fs.existsSync(ignore)) {
    try {
      fs.writeFileSync(ignore, '# Local SageMaker jobs and endpoints (created by the SageMaker extension).\n*\n');
    } catch {
      // Not fatal: the folder still works.
    }
  }
  return root;
}

/** Writes a file atomically (temporary file and rename), so readers never see half of it. */
export function writeFileAtomic(file: string, data: string): void {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}
