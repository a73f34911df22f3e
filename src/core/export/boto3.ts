/**
 * The boto3 script of an estimator file: `create_training_job(**request)` with exactly the request `plan` prints.
 * boto3 uploads nothing, so what the launch would upload first (local data, sourcedir.tar.gz) is said at the top.
 */
import type { UploadPlan } from '../estimator/request';
import { header, type ExportInput } from './model';
import { pyCall, pyComment, pyName, pyStr, pyValue, renderPy } from './python';

export function boto3Export(input: ExportInput): string {
  const plan = input.plan;
  if (!plan) throw new Error('The boto3 export needs the planned request (region and account).');
  const region = input.region;
  const lines = [header(input, 'boto3 (pip install boto3)', false), ''];
  if (plan.uploads.length > 0) {
    lines.push(pyComment('boto3 uploads nothing: before running this, upload what the extension\'s launch would upload:'));
    for (const upload of plan.uploads) lines.push(pyComment(uploadLine(upload)));
    lines.push('');
  }
  lines.push('import boto3', '');
  // The request as `plan` prints it; the client's region is the job's (the image and the default bucket are that region's).
  lines.push(`request = ${renderPy(pyValue(plan.request))}`, '');
  const clientKwargs: [string, ReturnType<typeof pyStr>][] = region ? [['region_name', pyStr(region)]] : [];
  lines.push(`sagemaker_client = ${renderPy(pyCall('boto3.client', clientKwargs, [pyStr('sagemaker')]))}`);
  lines.push(`response = ${renderPy(pyCall('sagemaker_client.create_training_job', [], [pyName('**request')]))}`);
  lines.push('print(response["TrainingJobArn"])');
  return `${lines.join('\n')}\n`;
}

function uploadLine(upload: UploadPlan): string {
  if (upload.kind === 'sourcedir') {
    return `  ${upload.localPath} (as sourcedir.tar.gz, a gzipped tar of ${upload.files?.length ?? 0} file(s)) -> ${upload.s3Uri}`;
  }
  return `  ${upload.localPath} (channel ${upload.channel ?? '?'}) -> ${upload.s3Uri}`;
}
