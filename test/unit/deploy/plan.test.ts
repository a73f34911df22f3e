import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDeployPlan, deployPlanOutput, DeployPlanError, toUpdatePlan, type TrainingJobDescription } from '../../../src/core/deploy/plan';
import type { EstimatorSpec } from '../../../src/core/estimator/types';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/SageMakerRole`;
const NOW = new Date(Date.UTC(2026, 10, 25, 9, 30, 15, 42));
const STAMP = '2026-11-25-09-30-15-042';

const pcaJob: TrainingJobDescription = {
  TrainingJobName: 'pca-2026-11-20-08-00-00-001',
  TrainingJobStatus: 'Completed',
  RoleArn: ROLE,
  AlgorithmSpecification: { TrainingImage: '382416733822.dkr.ecr.us-east-1.amazonaws.com/pca:1', TrainingInputMode: 'File' },
  HyperParameters: { feature_dim: '4', num_components: '3', mini_batch_size: '200' },
  ModelArtifacts: { S3ModelArtifacts: 's3://sagemaker-us-east-1-123456789012/pca-2026-11-20-08-00-00-001/output/model.tar.gz' },
  OutputDataConfig: { S3OutputPath: 's3://sagemaker-us-east-1-123456789012/' },
  ResourceConfig: { InstanceType: 'ml.m4.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 },
  StoppingCondition: { MaxRuntimeInSeconds: 86400 },
} as unknown as TrainingJobDescription;

const ptJobName = 'pytorch-cifar10-2026-11-20-08-00-00-002';
const sourcedir = `s3://sagemaker-us-east-1-123456789012/${ptJobName}/source/sourcedir.tar.gz`;
const ptJob: TrainingJobDescription = {
  TrainingJobName: ptJobName,
  TrainingJobStatus: 'Completed',
  RoleArn: ROLE,
  AlgorithmSpecification: { TrainingImage: '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:1.7.1-cpu-py3', TrainingInputMode: 'File' },
  HyperParameters: {
    epochs: '1', 'batch-size': '64', lr: '0.01',
    sagemaker_submit_directory: JSON.stringify(sourcedir),
    sagemaker_program: '"cifar10.py"',
    sagemaker_container_log_level: '20',
    sagemaker_job_name: JSON.stringify(ptJobName),
    sagemaker_region: '"us-east-1"',
  },
  ModelArtifacts: { S3ModelArtifacts: `s3://sagemaker-us-east-1-123456789012/${ptJobName}/output/model.tar.gz` },
  OutputDataConfig: { S3OutputPath: 's3://sagemaker-us-east-1-123456789012/' },
  ResourceConfig: { InstanceType: 'ml.c5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 },
  StoppingCondition: { MaxRuntimeInSeconds: 86400 },
} as unknown as TrainingJobDescription;

const ptEstimator: EstimatorSpec = {
  framework: 'pytorch', framework_version: '1.7.1', py_version: 'py3', entry_point: 'cifar10.py', source_dir: 'source',
  role: ROLE, instance_count: 1, instance_type: 'ml.c5.xlarge', base_job_name: 'pytorch-cifar10',
};

test('built-in algorithm: the training image serves, the job\'s model, SDK names and variant', () => {
  const plan = buildDeployPlan(pcaJob, undefined, { region: REGION, account: ACCOUNT, now: NOW, deploy: { instance_type: 'ml.m5.large', initial_instance_count: 1 } });
  const name = `pca-${STAMP}`;
  assert.equal(plan.kind, 'built-in');
  assert.equal(plan.repack, undefined);
  assert.deepEqual(plan.model, {
    ModelName: name,
    ExecutionRoleArn: ROLE,
    PrimaryContainer: { Image: '382416733822.dkr.ecr.us-east-1.amazonaws.com/pca:1', Environment: {}, ModelDataUrl: pcaJob.ModelArtifacts!.S3ModelArtifacts },
  });
  assert.deepEqual(plan.endpointConfig, {
    EndpointConfigName: name,
    ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: name, InitialVariantWeight: 1, InitialInstanceCount: 1, InstanceType: 'ml.m5.large' }],
  });
  assert.deepEqual(plan.endpoint, { EndpointName: name, EndpointConfigName: name, Tags: [] });
  assert.equal(plan.capacity, 'ml.m5.large × 1');
  assert.equal(plan.wait, true);
});

test('built-in with an estimator: base_job_name names the model and endpoint; tags go on all three', () => {
  const tags = [{ Key: 'project', Value: 'demo' }];
  const plan = buildDeployPlan(pcaJob, { image_uri: { framework: 'pca' }, role: ROLE, base_job_name: 'pca-demo', tags }, {
    region: REGION, account: ACCOUNT, now: NOW, deploy: { instance_type: 'ml.m5.large', initial_instance_count: 2, endpoint_name: 'pca-endpoint', kms_key: 'alias/k' },
  });
  assert.equal(plan.modelName, `pca-demo-${STAMP}`);
  assert.equal(plan.endpointName, 'pca-endpoint');
  assert.equal(plan.endpointConfig.EndpointConfigName, 'pca-endpoint');
  assert.deepEqual(plan.model.Tags, tags);
  assert.deepEqual(plan.endpointConfig.Tags, tags);
  assert.deepEqual(plan.endpoint.Tags, tags);
  assert.equal(plan.endpointConfig.KmsKeyId, 'alias/k');
  assert.equal(plan.endpointConfig.ProductionVariants![0]!.InitialInstanceCount, 2);
});

test('serverless: ServerlessConfig with the SDK defaults, no instance fields', () => {
  const plan = buildDeployPlan(pcaJob, undefined, { region: REGION, account: ACCOUNT, now: NOW, deploy: { serverless_inference_config: {} } });
  assert.deepEqual(plan.endpointConfig.ProductionVariants, [{
    VariantName: 'AllTraffic', ModelName: `pca-${STAMP}`, InitialVariantWeight: 1, ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 },
  }]);
  const custom = buildDeployPlan(pcaJob, undefined, { region: REGION, account: ACCOUNT, now: NOW, deploy: { serverless_inference_config: { memory_size_in_mb: 4096, max_concurrency: 10, provisioned_concurrency: 2 } } });
  assert.deepEqual(custom.endpointConfig.ProductionVariants![0]!.ServerlessConfig, { MemorySizeInMB: 4096, MaxConcurrency: 10, ProvisionedConcurrency: 2 });
  assert.equal(custom.capacity, 'serverless, 4096 MB, max concurrency 10');
});

// pytorch/model.py PyTorchModel.prepare_container_def → model.py FrameworkModel._upload_code(repack=True) and
// _script_mode_env_vars: a repacked model's SAGEMAKER_SUBMIT_DIRECTORY is /opt/ml/model/code; utils._save_model
// uploads it with ExpectedBucketOwner when the bucket is the default one.
test('PyTorch >= 1.2 with its estimator: inference image, repacked model, the SDK\'s environment', () => {
  const plan = buildDeployPlan(ptJob, ptEstimator, { region: REGION, account: ACCOUNT, now: NOW, deploy: { instance_type: 'ml.m5.large', initial_instance_count: 1 } });
  const name = `pytorch-cifar10-${STAMP}`;
  const repacked = `s3://sagemaker-us-east-1-123456789012/${name}/model.tar.gz`;
  assert.equal(plan.kind, 'framework');
  assert.deepEqual(plan.repack, { modelData: ptJob.ModelArtifacts!.S3ModelArtifacts, entryPoint: 'cifar10.py', target: repacked, sourceDir: sourcedir, expectedBucketOwner: ACCOUNT });
  assert.deepEqual(plan.model, {
    ModelName: name,
    ExecutionRoleArn: ROLE,
    PrimaryContainer: {
      Image: '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:1.7.1-cpu-py3',
      Environment: { SAGEMAKER_PROGRAM: 'cifar10.py', SAGEMAKER_SUBMIT_DIRECTORY: '/opt/ml/model/code', SAGEMAKER_CONTAINER_LOG_LEVEL: '20', SAGEMAKER_REGION: 'us-east-1' },
      ModelDataUrl: repacked,
    },
  });
  assert.equal(plan.endpointName, name);
});

test('PyTorch attached (no estimator file): version and Python from the image, GPU image for a GPU instance', () => {
  const plan = buildDeployPlan(ptJob, undefined, { region: REGION, account: ACCOUNT, now: NOW, deploy: { instance_type: 'ml.g4dn.xlarge', initial_instance_count: 1 } });
  assert.equal(plan.modelName, `pytorch-cifar10-${STAMP}`);
  assert.equal(plan.imageUri, '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:1.7.1-gpu-py3');
  assert.deepEqual(plan.framework, { name: 'pytorch', version: '1.7.1', pyVersion: 'py3', program: 'cifar10.py', repack: true });
});

test('PyTorch serverless: the CPU inference image without an instance type', () => {
  const plan = buildDeployPlan(ptJob, ptEstimator, { region: REGION, account: ACCOUNT, now: NOW, deploy: { serverless_inference_config: { memory_size_in_mb: 3072 } } });
  assert.equal(plan.imageUri, '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:1.7.1-cpu-py3');
});

test('PyTorch < 1.2: no repack, the job\'s sourcedir.tar.gz is the submit directory', () => {
  const job = { ...ptJob, AlgorithmSpecification: { TrainingImage: '520713654638.dkr.ecr.us-east-1.amazonaws.com/sagemaker-pytorch:1.0.0-cpu-py3', TrainingInputMode: 'File' } } as unknown as TrainingJobDescription;
  const plan = buildDeployPlan(job, { ...ptEstimator, framework_version: '1.0.0' }, { region: REGION, account: ACCOUNT, now: NOW, deploy: { instance_type: 'ml.m5.large', initial_instance_count: 1 } });
  assert.equal(plan.repack, undefined);
  assert.equal(plan.model.PrimaryContainer!.ModelDataUrl, ptJob.ModelArtifacts!.S3ModelArtifacts);
  assert.equal(plan.model.PrimaryContainer!.Environment!.SAGEMAKER_SUBMIT_DIRECTORY, sourcedir);
  assert.equal(plan.model.PrimaryContainer!.Environment!.SAGEMAKER_PROGRAM, 'cifar10.py');
});

test('code_location decides where the repacked model goes', () => {
  const plan = buildDeployPlan(ptJob, { ...ptEstimator, code_location: 's3://my-code/prefix' }, { region: REGION, account: ACCOUNT, now: NOW, deploy: { instance_type: 'ml.m5.large', initial_instance_count: 1, model_name: 'm1' } });
  assert.equal(plan.repack!.target, 's3://my-code/prefix/m1/model.tar.gz');
  // Session._get_account_id_if_default_bucket: another bucket is not asserted (it may be another account's).
  assert.equal(plan.repack!.expectedBucketOwner, undefined);
  assert.equal(plan.model.PrimaryContainer!.Environment!.SAGEMAKER_SUBMIT_DIRECTORY, '/opt/ml/model/code');
});

test('SKLearn: no repack without network isolation; with it, repack and /opt/ml/model/code', () => {
  const job = {
    ...ptJob, TrainingJobName: 'sagemaker-scikit-learn-2026-11-20-08-00-00-003',
    AlgorithmSpecification: { TrainingImage: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3', TrainingInputMode: 'File' },
  } as unknown as TrainingJobDescription;
  const plain = buildDeployPlan(job, undefined, { region: REGION, account: ACCOUNT, now: NOW, deploy: { instance_type: 'ml.m5.large', initial_instance_count: 1 } });
  assert.equal(plain.imageUri, '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3');
  assert.equal(plain.repack, undefined);
  assert.equal(plain.model.PrimaryContainer!.Environment!.SAGEMAKER_SUBMIT_DIRECTORY, sourcedir);
  const isolated = buildDeployPlan({ ...job, EnableNetworkIsolation: true }, undefined, { region: REGION, account: ACCOUNT, now: NOW, deploy: { instance_type: 'ml.m5.large', initial_instance_count: 1 } });
  assert.ok(isolated.repack);
  assert.equal(isolated.model.EnableNetworkIsolation, true);
  assert.equal(isolated.model.PrimaryContainer!.Environment!.SAGEMAKER_SUBMIT_DIRECTORY, '/opt/ml/model/code');
});

test('VPC settings of the job go on the model; deploy.env comes before the framework variables', () => {
  const job = { ...ptJob, VpcConfig: { Subnets: ['subnet-1'], SecurityGroupIds: ['sg-1'] } } as unknown as TrainingJobDescription;
  const plan = buildDeployPlan(job, ptEstimator, { region: REGION, account: ACCOUNT, now: NOW, deploy: { instance_type: 'ml.m5.large', initial_instance_count: 1, env: { A: '1' } } });
  assert.deepEqual(plan.model.VpcConfig, { Subnets: ['subnet-1'], SecurityGroupIds: ['sg-1'] });
  assert.deepEqual(Object.keys(plan.model.PrimaryContainer!.Environment!), ['A', 'SAGEMAKER_PROGRAM', 'SAGEMAKER_SUBMIT_DIRECTORY', 'SAGEMAKER_CONTAINER_LOG_LEVEL', 'SAGEMAKER_REGION']);
});

// model_monitor/data_capture_config.py DataCaptureConfig.__init__ (defaults, `x or default`) and _to_request_dict.
test('data capture: the SDK\'s DataCaptureConfig request, its default content types and destination', () => {
  const plan = buildDeployPlan(pcaJob, undefined, { region: REGION, account: ACCOUNT, now: NOW, deploy: { instance_type: 'ml.m5.large', initial_instance_count: 1, data_capture_config: { enable_capture: true, sampling_percentage: 50 } } });
  assert.deepEqual(plan.endpointConfig.DataCaptureConfig, {
    EnableCapture: true, InitialSamplingPercentage: 50, DestinationS3Uri: 's3://sagemaker-us-east-1-123456789012/model-monitor/data-capture',
    CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }],
    CaptureContentTypeHeader: { CsvContentTypes: ['text/csv'], JsonContentTypes: ['application/json'] },
  });
  const custom = buildDeployPlan(pcaJob, undefined, { region: REGION, account: ACCOUNT, now: NOW, deploy: { instance_type: 'ml.m5.large', initial_instance_count: 1, data_capture_config: {
    enable_capture: true, destination_s3_uri: 's3://cap/x', capture_options: ['REQUEST'], csv_content_types: ['text/x-csv'], json_content_types: [], kms_key_id: 'alias/cap',
  } } });
  assert.deepEqual(custom.endpointConfig.DataCaptureConfig, {
    EnableCapture: true, InitialSamplingPercentage: 20, DestinationS3Uri: 's3://cap/x', CaptureOptions: [{ CaptureMode: 'Input' }], KmsKeyId: 'alias/cap',
    CaptureContentTypeHeader: { CsvContentTypes: ['text/x-csv'], JsonContentTypes: ['application/json'] },
  });
});

// async_inference/async_inference_config.py AsyncInferenceConfig._to_request_dict, model.py
// Model.deploy + _build_default_async_inference_config (utils.unique_name_from_base of the model name),
// session.py endpoint_from_production_variants (AsyncInferenceConfig after DataCaptureConfig).
test('async_inference_config: the SDK\'s default output and failure folders, named after the model', () => {
  const plan = buildDeployPlan(pcaJob, undefined, { region: REGION, account: ACCOUNT, now: NOW, asyncUniqueHex: '0a1b', deploy: { instance_type: 'ml.m5.large', initial_instance_count: 1, async_inference_config: {} } });
  const folder = `${plan.modelName}-${Math.floor(NOW.getTime() / 1000)}-0a1b`;
  assert.deepEqual(plan.endpointConfig.AsyncInferenceConfig, {
    OutputConfig: {
      S3OutputPath: `s3://sagemaker-us-east-1-123456789012/async-endpoint-outputs/${folder}`,
      S3FailurePath: `s3://sagemaker-us-east-1-123456789012/async-endpoint-failures/${folder}`,
    },
  });
  assert.deepEqual(Object.keys(plan.endpointConfig), ['EndpointConfigName', 'ProductionVariants', 'AsyncInferenceConfig']);
  // Random like the SDK's when not fixed: 4 hex digits.
  const random = buildDeployPlan(pcaJob, undefined, { region: REGION, account: ACCOUNT, now: NOW, deploy: { instance_type: 'ml.m5.large', initial_instance_count: 1, async_inference_config: {} } });
  assert.match(String((random.endpointConfig.AsyncInferenceConfig as { OutputConfig: { S3OutputPath: string } }).OutputConfig.S3OutputPath), /-\d{10}-[0-9a-f]{4}$/);
});

test('async_inference_config: every AsyncInferenceConfig argument where _to_request_dict puts it', () => {
  const notification = { SuccessTopic: 'arn:aws:sns:us-east-1:123456789012:ok', ErrorTopic: 'arn:aws:sns:us-east-1:123456789012:err', IncludeInferenceResponseIn: ['SUCCESS_NOTIFICATION_TOPIC'] };
  const plan = buildDeployPlan(pcaJob, undefined, { region: REGION, account: ACCOUNT, now: NOW, deploy: {
    instance_type: 'ml.m5.large', initial_instance_count: 1, data_capture_config: { enable_capture: true },
    async_inference_config: { output_path: 's3://my-bucket/out', failure_path: 's3://my-bucket/failed', max_concurrent_invocations_per_instance: 4, kms_key_id: 'alias/async', notification_config: notification },
  } });
  assert.deepEqual(plan.endpointConfig.AsyncInferenceConfig, {
    OutputConfig: { S3OutputPath: 's3://my-bucket/out', S3FailurePath: 's3://my-bucket/failed', KmsKeyId: 'alias/async', NotificationConfig: notification },
    ClientConfig: { MaxConcurrentInvocationsPerInstance: 4 },
  });
  assert.deepEqual(Object.keys(plan.endpointConfig), ['EndpointConfigName', 'ProductionVariants', 'DataCaptureConfig', 'AsyncInferenceConfig']);
  // Only the failure path given: the output path is still the default one (and the other way round).
  const onlyFailure = buildDeployPlan(pcaJob, undefined, { region: REGION, account: ACCOUNT, now: NOW, asyncUniqueHex: 'ffff', deploy: { instance_type: 'ml.m5.large', initial_instance_count: 1, async_inference_config: { failure_path: 's3://my-bucket/failed' } } });
  const output = (onlyFailure.endpointConfig.AsyncInferenceConfig as { OutputConfig: Record<string, string> }).OutputConfig;
  assert.match(output.S3OutputPath, /^s3:\/\/sagemaker-us-east-1-123456789012\/async-endpoint-outputs\/.*-ffff$/);
  assert.equal(output.S3FailurePath, 's3://my-bucket/failed');
});

test('async_inference_config: a wrong argument is refused at its key', () => {
  const opts = { region: REGION, account: ACCOUNT, now: NOW };
  assert.throws(
    () => buildDeployPlan(pcaJob, undefined, { ...opts, deploy: { instance_type: 'ml.m5.large', initial_instance_count: 1, async_inference_config: { output: 's3://b/o' } } }),
    (e: unknown) => e instanceof DeployPlanError && e.path.join('.') === 'deploy.async_inference_config.output' && /not an argument of AsyncInferenceConfig/.test(e.message),
  );
  assert.throws(
    () => buildDeployPlan(pcaJob, undefined, { ...opts, deploy: { instance_type: 'ml.m5.large', initial_instance_count: 1, async_inference_config: { max_concurrent_invocations_per_instance: 0.5 } } }),
    (e: unknown) => e instanceof DeployPlanError && e.path.join('.') === 'deploy.async_inference_config.max_concurrent_invocations_per_instance',
  );
});

// session.py production_variant (VolumeSizeInGB, the two timeouts only for instances) and
// endpoint_from_production_variants (KmsKeyId and Tags on the config, Tags on the endpoint).
test('deploy arguments: kms_key, tags, volume_size and the timeouts where the SDK puts them', () => {
  const deploy = {
    instance_type: 'ml.m5.large', initial_instance_count: 2, kms_key: 'alias/ep', tags: [{ Key: 'team', Value: 'ml' }], volume_size: 64,
    model_data_download_timeout: 600, container_startup_health_check_timeout: 300,
  };
  const plan = buildDeployPlan(pcaJob, undefined, { region: REGION, account: ACCOUNT, now: NOW, deploy });
  assert.deepEqual(plan.endpointConfig.ProductionVariants, [{
    VariantName: 'AllTraffic', ModelName: plan.modelName, InitialVariantWeight: 1, InitialInstanceCount: 2, InstanceType: 'ml.m5.large',
    VolumeSizeInGB: 64, ModelDataDownloadTimeoutInSeconds: 600, ContainerStartupHealthCheckTimeoutInSeconds: 300,
  }]);
  assert.equal(plan.endpointConfig.KmsKeyId, 'alias/ep');
  assert.deepEqual(plan.endpointConfig.Tags, [{ Key: 'team', Value: 'ml' }]);
  assert.deepEqual(plan.endpoint.Tags, [{ Key: 'team', Value: 'ml' }]);
  assert.deepEqual(plan.model.Tags, [{ Key: 'team', Value: 'ml' }]);
  const serverless = buildDeployPlan(pcaJob, undefined, { region: REGION, account: ACCOUNT, now: NOW, deploy: { serverless_inference_config: {}, volume_size: 64, model_data_download_timeout: 600 } });
  assert.deepEqual(serverless.endpointConfig.ProductionVariants, [{
    VariantName: 'AllTraffic', ModelName: serverless.modelName, InitialVariantWeight: 1, ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 },
  }]);
  assert.throws(
    () => buildDeployPlan(pcaJob, undefined, { region: REGION, account: ACCOUNT, now: NOW, deploy: { inference_recommendation_id: 'rec/1' } as never }),
    (e: unknown) => e instanceof DeployPlanError && e.path.join('.') === 'deploy.inference_recommendation_id' && /not supported/.test(e.message),
  );
});

test('refusals: not completed, no capacity, local mode, unsupported arguments, TensorFlow', () => {
  const opts = { region: REGION, account: ACCOUNT, now: NOW };
  assert.throws(() => buildDeployPlan({ ...pcaJob, TrainingJobStatus: 'Failed' }, undefined, { ...opts, deploy: { instance_type: 'ml.m5.large', initial_instance_count: 1 } }), /only a Completed training job/);
  assert.throws(() => buildDeployPlan(pcaJob, undefined, { ...opts, deploy: {} }), (e: unknown) => e instanceof DeployPlanError && /instance_type/.test(e.message));
  assert.throws(() => buildDeployPlan(pcaJob, undefined, { ...opts, deploy: { instance_type: 'ml.m5.large' } }), /initial_instance_count/);
  assert.throws(() => buildDeployPlan(pcaJob, undefined, { ...opts, deploy: { instance_type: 'local', initial_instance_count: 1 } }), /local mode/);
  assert.throws(() => buildDeployPlan(pcaJob, undefined, { ...opts, deploy: { instance_type: 'ml.m5.large', initial_instance_count: 1, bogus: 1 } }), /not an argument of deploy/);
  const tf = { ...ptJob, AlgorithmSpecification: { TrainingImage: '763104351884.dkr.ecr.us-east-1.amazonaws.com/tensorflow-training:2.11.0-cpu-py39', TrainingInputMode: 'File' } } as unknown as TrainingJobDescription;
  assert.throws(() => buildDeployPlan(tf, undefined, { ...opts, deploy: { instance_type: 'ml.m5.large', initial_instance_count: 1 } }), /TensorFlow training job is not supported yet/);
  assert.throws(() => buildDeployPlan({ ...pcaJob, ModelArtifacts: undefined }, undefined, { ...opts, deploy: { instance_type: 'ml.m5.large', initial_instance_count: 1 } }), /no model artifacts/);
});

test('an inference image the tables do not have is an error naming the argument', () => {
  assert.throws(
    () => buildDeployPlan(ptJob, { ...ptEstimator, framework_version: '0.1' }, { region: REGION, account: ACCOUNT, now: NOW, deploy: { instance_type: 'ml.m5.large', initial_instance_count: 1 } }),
    (e: unknown) => e instanceof DeployPlanError && /^Inference image:/.test(e.message),
  );
});

test('update: a new config named after the new model, then UpdateEndpoint', () => {
  const plan = buildDeployPlan(pcaJob, undefined, { region: REGION, account: ACCOUNT, now: NOW, deploy: { instance_type: 'ml.m5.large', initial_instance_count: 1, endpoint_name: 'pca-endpoint' } });
  const update = toUpdatePlan(plan, NOW);
  assert.equal(update.endpointConfigName, `pca-${STAMP}`);
  assert.equal(update.endpointConfig.EndpointConfigName, `pca-${STAMP}`);
  assert.deepEqual(update.update, { EndpointName: 'pca-endpoint', EndpointConfigName: `pca-${STAMP}` });
  const same = toUpdatePlan(buildDeployPlan(pcaJob, undefined, { region: REGION, account: ACCOUNT, now: NOW, deploy: { instance_type: 'ml.m5.large', initial_instance_count: 1, endpoint_name: 'e', model_name: 'e' } }), new Date(Date.UTC(2026, 10, 25, 10, 0, 0, 1)));
  assert.equal(same.update.EndpointConfigName, 'e-2026-11-25-10-00-00-001');
});

test('deploy-plan output: the three requests in the order they are sent', () => {
  const plan = buildDeployPlan(pcaJob, undefined, { region: REGION, account: ACCOUNT, now: NOW, deploy: { instance_type: 'ml.m5.large', initial_instance_count: 1 } });
  const out = JSON.parse(deployPlanOutput(plan));
  assert.deepEqual(Object.keys(out), ['CreateModel', 'CreateEndpointConfig', 'CreateEndpoint']);
  assert.deepEqual(out.CreateModel, plan.model);
});
