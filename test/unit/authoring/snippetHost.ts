/** Where the snippet tests (unit and in VS Code) insert snippets: shared, not a test file itself. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A folder like the user's: the training script and the local data the snippets name. */
export function snippetWorkspace(parent = os.tmpdir()): string {
  fs.mkdirSync(parent, { recursive: true });
  const dir = fs.mkdtempSync(path.join(parent, 'snippets-'));
  fs.writeFileSync(path.join(dir, 'train.py'), 'print("train")\n');
  fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
  return dir;
}

/** The minimal valid estimator a part is inserted into: parts at the top level, channels inside "inputs". */
export function partHost(prefix: string, insert: string): string {
  const indent = (text: string, by: string) => text.split('\n').join(`\n${by}`);
  const channel = prefix.startsWith('sagemaker-channel-');
  return [
    '{',
    // An image URI string: the built-in algorithm checks (which want a "train" channel) do not apply to the host.
    '  "image_uri": "382416733822.dkr.ecr.us-east-1.amazonaws.com/pca:1",',
    '  "role": "arn:aws:iam::111122223333:role/SageMakerRole",',
    '  "instance_count": 1,',
    '  "instance_type": "ml.m5.xlarge",',
    '  "hyperparameters": { "feature_dim": 4, "num_components": 3, "mini_batch_size": 200 },',
    // File systems are reached through the VPC: the host of channels has one.
    ...(channel ? ['  "subnets": ["subnet-0123456789abcdef0"],', '  "security_group_ids": ["sg-0123456789abcdef0"],'] : []),
    '  "inputs": {',
    '    "base": "s3://my-bucket/base/",',
    ...(channel ? [`    ${indent(insert, '    ')}`] : []),
    '  },',
    ...(channel ? [] : [`  ${indent(insert, '  ')}`]),
    '}',
  ].join('\n');
}


/** Whether a snippet is a whole estimator (a file template), a top-level part, or a channel of "inputs". */
export function placementOf(prefix: string, isFileTemplate: boolean | undefined): 'file' | 'top' | 'channel' {
  if (isFileTemplate) return 'file';
  return prefix.startsWith('sagemaker-channel-') ? 'channel' : 'top';
}
