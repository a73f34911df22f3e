/** Estimators that are right: no diagnostics at all, and the spec as written (after substitution). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEstimator } from '../../../src/core/estimator/load';
import type { EstimatorDiagnostic } from '../../../src/core/estimator/types';

const env = { SAGEMAKER_ROLE: 'arn:aws:iam::123456789012:role/SageMakerRole', REGION: 'us-west-2', BUCKET: 'my-bucket', HOME: '/home/user' };
const options = { fileName: 'estimator.json', env, workspaceFolder: '/work/project' };

function show(diagnostics: EstimatorDiagnostic[]): string {
  return diagnostics.map(d => `${d.range.start.line}:${d.range.start.character} ${d.severity} [${d.code}] ${d.message}`).join('\n');
}

function assertClean(text: string): NonNullable<ReturnType<typeof loadEstimator>['spec']> {
  const result = loadEstimator(text, options);
  assert.equal(result.diagnostics.length, 0, show(result.diagnostics));
  assert.ok(result.spec);
  return result.spec;
}

test('the seed PCA estimator (built-in algorithm, image URI string) is clean', () => {
  const spec = assertClean(`{
  // PCA on MNIST with the built-in algorithm
  "$schema": "https://sagemaker-estimator.invalid/estimator.schema.json",
  "image_uri": "382416733822.dkr.ecr.us-east-1.amazonaws.com/pca:1",
  "role": "\${env:SAGEMAKER_ROLE}",
  "instance_count": 1,
  "instance_type": "ml.c4.xlarge",
  "output_path": "s3://\${env:BUCKET}/pca/output",
  "base_job_name": "pca",
  "hyperparameters": {
    "feature_dim": 784,
    "num_components": 10,
    "subtract_mean": true,
    "algorithm_mode": "regular",
    "mini_batch_size": 200
  },
  "inputs": "s3://my-bucket/pca/train/",
  "region": "us-east-1",
}
`);
  assert.equal(spec.role, env.SAGEMAKER_ROLE);
  assert.equal(spec.output_path, 's3://my-bucket/pca/output');
  assert.equal(spec.inputs, 's3://my-bucket/pca/train/');
  assert.equal((spec as Record<string, unknown>).$schema, undefined, '$schema is not part of the spec');
  assert.deepEqual(spec.hyperparameters, { feature_dim: 784, num_components: 10, subtract_mean: true, algorithm_mode: 'regular', mini_batch_size: 200 });
});

test('a linear learner with train and validation TrainingInputs is clean', () => {
  const spec = assertClean(`{
  "image_uri": { "framework": "linear-learner" },
  "role": "\${env:SAGEMAKER_ROLE}",
  "instance_count": 1,
  "instance_type": "ml.m5.xlarge",
  "output_path": "s3://my-bucket/linear/output",
  "hyperparameters": { "feature_dim": 30, "predictor_type": "binary_classifier", "mini_batch_size": 100 },
  "metric_definitions": [{ "Name": "validation:binary_f_beta", "Regex": "validation binary_f_beta=([0-9.]+)" }],
  "tags": [{ "Key": "project", "Value": "breast-cancer" }],
  "inputs": {
    "train": { "s3_data": "s3://my-bucket/linear/train", "content_type": "text/csv", "distribution": "ShardedByS3Key" },
    "validation": { "s3_data": "s3://my-bucket/linear/validation", "content_type": "text/csv", "s3_data_type": "S3Prefix", "input_mode": "File" }
  },
  "region": "\${env:REGION}"
}`);
  assert.deepEqual(spec.image_uri, { framework: 'linear-learner' });
  assert.equal(spec.region, 'us-west-2');
  const inputs = spec.inputs as Record<string, { s3_data: string }>;
  assert.equal(inputs.validation.s3_data, 's3://my-bucket/linear/validation');
});

test('a PyTorch script-mode estimator (1.7.1, py3) is clean', () => {
  const spec = assertClean(`{
  "framework": "pytorch",
  "entry_point": "train.py",
  "source_dir": "\${workspaceFolder}/src",
  "framework_version": "1.7.1",
  "py_version": "py3",
  "role": "\${env:SAGEMAKER_ROLE}",
  "instance_count": 1,
  "instance_type": "ml.p3.2xlarge",
  "hyperparameters": { "epochs": 10, "backend": "gloo", "layers": [64, 32] },
  "inputs": { "training": "s3://my-bucket/mnist/train", "testing": "data/test" }
}`);
  assert.equal(spec.source_dir, '/work/project/src');
  assert.equal(spec.framework, 'pytorch');
});

const more: Record<string, string> = {
  'the seed PCA with an image_uris.retrieve object and a TrainingInput': `{
    // The seed's built-in PCA
    "image_uri": { "framework": "pca" },
    "role": "arn:aws:iam::123456789012:role/SageMakerRole",
    "instance_count": 1,
    "instance_type": "ml.m4.xlarge",
    "hyperparameters": { "feature_dim": 4, "num_components": 3, "mini_batch_size": 200 },
    "inputs": { "train": { "s3_data": "s3://my-bucket/pca/train/", "content_type": "text/csv;label_size=0" } },
    "job_name": "pca-preview-test"
  }`,
  'HuggingFace with transformers and PyTorch versions': `{
    "framework": "huggingface", "entry_point": "train.py", "source_dir": "scripts",
    "transformers_version": "4.26", "pytorch_version": "1.13", "py_version": "py39",
    "role": "SageMakerRole", "instance_count": 1, "instance_type": "ml.g5.2xlarge",
    "hyperparameters": { "model_name_or_path": "distilbert-base-uncased", "epochs": 1 },
    "inputs": { "train": "s3://my-bucket/hf/train", "test": "s3://my-bucket/hf/test" }
  }`,
  'local mode with scikit-learn and local data': `{
    "framework": "sklearn", "entry_point": "train.py", "framework_version": "1.2-1",
    "role": "local", "instance_count": 1, "instance_type": "local",
    "output_path": "file://./model", "inputs": { "train": "file://./data/train", "test": "./data/test" }
  }`,
  'XGBoost framework with the default py_version': `{
    "framework": "xgboost", "entry_point": "train.py", "framework_version": "1.7-1",
    "role": "\${env:SAGEMAKER_ROLE}", "instance_count": 1, "instance_type": "ml.m5.2xlarge",
    "hyperparameters": { "max_depth": 5, "objective": "binary:logistic" },
    "inputs": { "train": { "s3_data": "s3://my-bucket/xgb/train", "content_type": "text/csv" } }
  }`,
  'managed spot training with checkpoints': `{
    "image_uri": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1",
    "role": "\${env:SAGEMAKER_ROLE}", "instance_count": 1, "instance_type": "ml.m5.xlarge",
    "use_spot_instances": true, "max_run": 3600, "max_wait": 7200,
    "checkpoint_s3_uri": "s3://my-bucket/checkpoints", "checkpoint_local_path": "/opt/ml/checkpoints",
    "inputs": "s3://my-bucket/train"
  }`,
  'EFS input in a VPC': `{
    "image_uri": "123456789012.dkr.ecr.us-east-1.amazonaws.com/my-algo:latest",
    "role": "\${env:SAGEMAKER_ROLE}", "instance_count": 2, "instance_type": "ml.c5.xlarge",
    "subnets": ["subnet-0123456789abcdef0"], "security_group_ids": ["sg-0123456789abcdef0"],
    "inputs": { "train": { "file_system_id": "fs-0123456789abcdef0", "file_system_type": "EFS", "directory_path": "/data/train", "file_system_access_mode": "ro" } }
  }`,
  'heterogeneous cluster with instance groups': `{
    "framework": "tensorflow", "entry_point": "train.py", "framework_version": "2.16", "py_version": "py310",
    "role": "\${env:SAGEMAKER_ROLE}",
    "instance_groups": [
      { "instance_group_name": "data", "instance_type": "ml.c5.18xlarge", "instance_count": 2 },
      { "instance_group_name": "dnn", "instance_type": "ml.p4d.24xlarge", "instance_count": 1 }
    ],
    "distribution": { "instance_groups": ["dnn"], "mpi": { "enabled": true } },
    "inputs": { "train": { "s3_data": "s3://my-bucket/tf/train", "instance_groups": ["data"] } }
  }`,
  'augmented manifest in Pipe mode, deploy section, environment and tags': `{
    "image_uri": "811284229777.dkr.ecr.us-east-1.amazonaws.com/object-detection:1",
    "role": "\${env:SAGEMAKER_ROLE}", "instance_count": 1, "instance_type": "ml.p3.2xlarge",
    "input_mode": "Pipe", "volume_size": 50, "max_run": 36000, "job_name": "object-detection-001",
    "environment": { "OMP_NUM_THREADS": "4" },
    "tags": [{ "Key": "team", "Value": "vision" }],
    "container_log_level": "DEBUG",
    "inputs": {
      "train": { "s3_data": "s3://my-bucket/od/train.manifest", "s3_data_type": "AugmentedManifestFile",
                 "attribute_names": ["source-ref", "bounding-box"], "record_wrapping": "RecordIO",
                 "content_type": "application/x-recordio", "shuffle_config": { "seed": 42 } }
    },
    "deploy": { "initial_instance_count": 1, "instance_type": "ml.m5.large", "endpoint_name": "od-endpoint",
                "tags": [{ "Key": "team", "Value": "vision" }] }
  }`,
  'serverless deploy and debugger settings': `{
    "framework": "pytorch", "entry_point": "train.py", "framework_version": "2.1", "py_version": "py310",
    "role": "\${env:SAGEMAKER_ROLE}", "instance_count": 1, "instance_type": "ml.g5.xlarge",
    "debugger_hook_config": { "s3_output_path": "s3://my-bucket/debug", "collection_configs": ["losses", { "name": "weights", "parameters": { "save_interval": "100" } }] },
    "rules": [{ "name": "loss_not_decreasing" }],
    "tensorboard_output_config": { "s3_output_path": "s3://my-bucket/tensorboard" },
    "deploy": { "serverless_inference_config": { "memory_size_in_mb": 4096, "max_concurrency": 10 } }
  }`,
};

for (const [name, text] of Object.entries(more)) {
  test(`valid: ${name}`, () => {
    assertClean(text);
  });
}
