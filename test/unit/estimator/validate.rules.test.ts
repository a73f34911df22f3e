/** Behaviour of the validation beyond single mistakes: one diagnostic per problem, variables, regions, the schema itself. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import { loadEstimator, type LoadEstimatorOptions } from '../../../src/core/estimator/load';
import { estimatorSchema } from '../../../src/core/estimator/estimatorSchema';
import { schemaValidator } from '../../../src/core/estimator/validateSchema';
import { bucketNameProblem, classifyLocation, didYouMean, instanceTypeProblem, levenshtein, resourceNameProblem } from '../../../src/core/estimator/rulesUtil';
import { compileMetricRegex } from '../../../src/core/estimator/rules';
import { frameworkVersions } from '../../../src/core/images/imageUris';
import type { DeploySpec, EstimatorSpec, FileSystemInputSpec, ImageUriSpec, TrainingInputSpec } from '../../../src/core/estimator/types';

const ROLE = 'arn:aws:iam::123456789012:role/SageMakerRole';
const options: LoadEstimatorOptions = { fileName: 'estimator.json', env: { SAGEMAKER_ROLE: ROLE } };

function base(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    image_uri: '382416733822.dkr.ecr.us-east-1.amazonaws.com/linear-learner:1',
    role: ROLE,
    instance_count: 1,
    instance_type: 'ml.m5.xlarge',
    ...extra,
  };
}

function load(value: unknown, more: Partial<LoadEstimatorOptions> = {}) {
  return loadEstimator(JSON.stringify(value, null, 2), { ...options, ...more });
}

function codes(value: unknown, more: Partial<LoadEstimatorOptions> = {}): string[] {
  return load(value, more).diagnostics.map(d => d.code);
}

test('a misspelt required key is one problem: the unknown key, not also the missing one', () => {
  const result = load(base({ inputs: { train: { s3data: 's3://my-bucket/train' } } }));
  assert.deepEqual(result.diagnostics.map(d => d.code), ['unknown-key']);
  assert.match(result.diagnostics[0].message, /did you mean "s3_data"/);
  const typo = load({ ...base(), instance_typ: 'ml.m5.xlarge', instance_type: undefined });
  assert.deepEqual(typo.diagnostics.map(d => d.code), ['unknown-key']);
});

test('unknown keys point at the key, values at the value', () => {
  const text = '{\n  "image_uri": "a/b:1",\n  "role": "r",\n  "instance_count": 1,\n  "instance_type": "ml.m5.xlarge",\n  "volume_sise": 30\n}';
  const [d] = loadEstimator(text, options).diagnostics;
  assert.equal(d.code, 'unknown-key');
  assert.deepEqual(d.range, { start: { line: 5, character: 2 }, end: { line: 5, character: 15 } });
  assert.deepEqual(d.path, ['volume_sise']);
});

test('a string with an unset variable is reported once, as the unset variable', () => {
  const result = load(base({ output_path: '${env:OUTPUT}', job_name: '${env:JOB}_x' }));
  assert.deepEqual(result.diagnostics.map(d => d.code), ['unresolved-variable', 'unresolved-variable']);
  assert.match(result.diagnostics[0].message, /OUTPUT/);
  assert.equal(result.spec, undefined);
  const set = load(base({ output_path: '${env:OUTPUT}' }), { env: { OUTPUT: 'my-bucket/out' } });
  assert.deepEqual(set.diagnostics.map(d => d.code), ['s3-uri'], 'the substituted value is checked');
});

test('a variable in a number field says that variables give strings', () => {
  const result = load(base({ instance_count: '${env:COUNT}' }), { env: { COUNT: '2' } });
  assert.deepEqual(result.diagnostics.map(d => d.code), ['type']);
  assert.match(result.diagnostics[0].message, /only give strings/);
});

test('warnings and infos leave the spec; errors remove it', () => {
  const warned = load(base({ role: 'arn:aws:iam::123456789012:user/alice' }));
  assert.deepEqual(warned.diagnostics.map(d => [d.code, d.severity]), [['role', 'warning']]);
  assert.ok(warned.spec);
  const local = load({ ...base({ instance_type: 'local', role: 'local' }), inputs: 's3://my-bucket/train' });
  assert.deepEqual(local.diagnostics.map(d => [d.code, d.severity]), [['local-mode', 'info']]);
  assert.ok(local.spec);
});

test('the connection region checks images; without a region, region problems are not guessed', () => {
  const estimator = base({ image_uri: { framework: 'linear-learner' }, hyperparameters: { predictor_type: 'regressor', feature_dim: 3 }, inputs: { train: 's3://my-bucket/train/' } });
  assert.deepEqual(codes(estimator), []);
  assert.deepEqual(codes(estimator, { region: 'us-west-2' }), []);
  const unknownRegion = load(estimator, { region: 'xx-north-9' });
  assert.deepEqual(unknownRegion.diagnostics.map(d => [d.code, d.severity]), [['image-uri', 'warning']]);
  assert.match(unknownRegion.diagnostics[0].message, /xx-north-9/);
  const inFile = load({ ...estimator, region: 'xx-north-9' });
  assert.deepEqual(inFile.diagnostics.map(d => [d.code, d.severity]), [['image-uri', 'error']]);
  assert.deepEqual(inFile.diagnostics[0].path, ['region']);
});

test('framework estimators: versions are checked against the image tables', () => {
  const pytorch = { ...base(), image_uri: undefined, framework: 'pytorch', entry_point: 'train.py', framework_version: '2.1', py_version: 'py310', instance_type: 'ml.g5.xlarge' };
  assert.deepEqual(codes(pytorch), []);
  assert.deepEqual(codes({ ...pytorch, framework_version: '2.1.0' }), []);
  assert.deepEqual(codes({ ...pytorch, framework_version: '9.9' }), ['image-version']);
  assert.deepEqual(codes({ ...pytorch, py_version: 'py2' }), ['py-version']);
  assert.deepEqual(codes({ ...pytorch, py_version: undefined }), ['py-version']);
  // With a string image_uri the SDK does not need versions (like the SDK, no complaint).
  assert.deepEqual(codes({ ...pytorch, framework_version: undefined, py_version: undefined, image_uri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-pytorch:1' }), []);
});

test('an unknown framework_version is matched to a known version of its major (a newer minor: the newest below it), not to a look-alike of another major', () => {
  const pytorch = { ...base(), image_uri: undefined, framework: 'pytorch', entry_point: 'train.py', py_version: 'py310', instance_type: 'ml.g5.xlarge' };
  const suggestion = (version: string) => /Did you mean "([^"]+)"/.exec(load({ ...pytorch, framework_version: version }).diagnostics
    .find(d => d.code === 'image-version')?.message ?? '')?.[1];
  const numeric = (v: string) => v.split('.').map(Number);
  const known = frameworkVersions('pytorch', 'training');
  const twos = known.versions.filter(v => /^2\.\d+\.\d+$/.test(v) && !(v in known.aliases)).sort((a, b) => numeric(a)[1]! - numeric(b)[1]! || numeric(a)[2]! - numeric(b)[2]!);
  assert.equal(suggestion('2.99'), twos.at(-1), 'newer than the tables: their newest 2.x');
  assert.equal(suggestion('1.7.3'), '1.7.1', 'two components alike: that one');
  assert.equal(suggestion('2.3.5'), '2.3.0');
});

test('a secret in hyperparameters, the environment or tags (a ${env:...} named as one, an access key ID) is a warning where it is written', () => {
  const env = { SAGEMAKER_ROLE: ROLE, HF_TOKEN: 'hf_x', AWS_SECRET_ACCESS_KEY: 'abc', EPOCHS: '3', MY_API_KEY: 'k', TOKENIZER: 'bert' };
  const result = load(base({
    hyperparameters: { epochs: '${env:EPOCHS}', key: '${env:AWS_SECRET_ACCESS_KEY}', tokenizer: '${env:TOKENIZER}' },
    environment: { HF_TOKEN: '${env:HF_TOKEN}', PLAIN: 'AKIAIOSFODNN7EXAMPLE' },
    tags: [{ Key: 'api', Value: 'x-${env:MY_API_KEY}' }, { Key: 'team', Value: 'ml' }],
  }), { env });
  const secrets = result.diagnostics.filter(d => d.code === 'secret-in-request');
  assert.deepEqual(secrets.map(d => [d.severity, d.path]), [
    ['warning', ['hyperparameters', 'key']], ['warning', ['environment', 'HF_TOKEN']], ['warning', ['environment', 'PLAIN']], ['warning', ['tags', 0, 'Value']],
  ]);
  assert.match(secrets[0]!.message, /^hyperparameters\.key takes the value of \$\{env:AWS_SECRET_ACCESS_KEY\}, which is named as a secret: SageMaker keeps a training job's hyperparameters in plain text, and shows them to anyone allowed to describe the resource .* Keep the secret in AWS Secrets Manager/);
  assert.match(secrets[2]!.message, /^environment\.PLAIN holds what reads as an AWS access key ID/);
  assert.ok(result.spec, 'warnings only: the job can still be launched');
});

test('diagnostics are sorted by position and carry 0-based ranges', () => {
  const result = load(base({ volume_size: 0, max_run: 0, instance_count: 0 }));
  const starts = result.diagnostics.map(d => d.range.start.line * 1000 + d.range.start.character);
  assert.deepEqual(starts, [...starts].sort((a, b) => a - b));
  assert.ok(result.diagnostics.every(d => d.range.start.line >= 1));
});

test('syntax errors alone are reported (the rest waits for valid JSON)', () => {
  const result = loadEstimator('{\n  "instance_count": 0,\n  "instance_type": "m5"\n  "role": 1\n}', options);
  assert.deepEqual(result.diagnostics.map(d => d.code), ['json-syntax']);
  assert.deepEqual(result.diagnostics[0].range.start, { line: 3, character: 2 });
});

test('loadEstimator never throws on odd input', () => {
  for (const text of ['', ' ', 'null', '1', '"x"', '[]', '{', '}', '{"inputs": {"": ""}}', '{"hyperparameters": {"__proto__": 1}}', '{"tags": [null, 1, "x"]}', '{"inputs": {"a": {"file_system_id": 1}}}', '{"image_uri": {"framework": 1}}', '\uFEFF{}', '{"deploy": []}']) {
    const result = loadEstimator(text, options);
    assert.ok(Array.isArray(result.diagnostics), text);
    assert.ok(result.diagnostics.length > 0, `${text} should not be clean`);
  }
  assert.doesNotThrow(() => loadEstimator(undefined as unknown as string, options));
});

// ---------------------------------------------------------------------------------- the schema

test('the schema compiles with ajv in strict mode (editor keywords declared) and is draft-07', () => {
  assert.equal(estimatorSchema.$schema, 'http://json-schema.org/draft-07/schema#');
  assert.ok(schemaValidator());
  const ajv = new Ajv({ strict: false });
  assert.ok(ajv.validateSchema(estimatorSchema), JSON.stringify(ajv.errors));
});

type SchemaNode = { properties?: Record<string, SchemaNode>; description?: string; definitions?: Record<string, SchemaNode>; items?: SchemaNode; $ref?: string; additionalProperties?: unknown; type?: unknown };

test('every property of the schema has a description, and objects with properties allow no others', () => {
  const missing: string[] = [];
  const open: string[] = [];
  const walk = (node: SchemaNode, where: string): void => {
    if (node.properties) {
      for (const [key, child] of Object.entries(node.properties)) {
        if (!child.description && !child.$ref) missing.push(`${where}.${key}`);
        walk(child, `${where}.${key}`);
      }
      if (node.additionalProperties !== false) open.push(where);
    }
    if (node.items) walk(node.items, `${where}[]`);
    for (const [key, child] of Object.entries(node.definitions ?? {})) walk(child, `#${key}`);
  };
  walk(estimatorSchema as SchemaNode, '');
  assert.deepEqual(missing, []);
  // Objects with free-form parts (SDK option dicts) are the only open ones.
  assert.deepEqual(open.filter(where => !/distribution\.|\.(torch_distributed|pytorchddp|mpi|parameter_server|multi_worker_mirrored_strategy|smdistributed)$/.test(where)), []);
});

test('the schema has exactly the keys of the types', () => {
  const schema = estimatorSchema as { properties: Record<string, SchemaNode>; definitions: Record<string, SchemaNode> };
  const estimatorKeys: Record<keyof EstimatorSpec, true> = {
    framework: true, image_uri: true, role: true, instance_count: true, instance_type: true, instance_groups: true, volume_size: true,
    volume_kms_key: true, max_run: true, input_mode: true, output_path: true, output_kms_key: true, base_job_name: true,
    hyperparameters: true, tags: true, subnets: true, security_group_ids: true, model_uri: true, model_channel_name: true,
    metric_definitions: true, encrypt_inter_container_traffic: true, use_spot_instances: true, max_wait: true,
    checkpoint_s3_uri: true, checkpoint_local_path: true, enable_network_isolation: true, environment: true,
    max_retry_attempts: true, keep_alive_period_in_seconds: true, container_log_level: true, code_location: true,
    entry_point: true, source_dir: true, dependencies: true, git_config: true, framework_version: true, py_version: true,
    distribution: true, transformers_version: true, pytorch_version: true, tensorflow_version: true, compiler_config: true,
    debugger_hook_config: true, rules: true, tensorboard_output_config: true, profiler_config: true, disable_profiler: true,
    training_repository_access_mode: true, training_repository_credentials_provider_arn: true, container_entry_point: true,
    container_arguments: true, disable_output_compression: true, enable_infra_check: true, enable_remote_debug: true,
    enable_session_tag_chaining: true, training_plan: true, enable_sagemaker_metrics: true, model_dir: true,
    instance_placement_config: true, inputs: true, job_name: true, region: true, deploy: true,
  };
  assert.deepEqual(Object.keys(schema.properties).filter(k => k !== '$schema').sort(), Object.keys(estimatorKeys).sort());
  const trainingKeys: Record<keyof TrainingInputSpec, true> = {
    s3_data: true, distribution: true, compression: true, content_type: true, record_wrapping: true, s3_data_type: true,
    instance_groups: true, input_mode: true, attribute_names: true, target_attribute_name: true, shuffle_config: true,
    hub_access_config: true, model_access_config: true,
  };
  assert.deepEqual(Object.keys(schema.definitions.trainingInput.properties!).sort(), Object.keys(trainingKeys).sort());
  const fileSystemKeys: Record<keyof FileSystemInputSpec, true> = { file_system_id: true, file_system_type: true, directory_path: true, file_system_access_mode: true, content_type: true };
  assert.deepEqual(Object.keys(schema.definitions.fileSystemInput.properties!).sort(), Object.keys(fileSystemKeys).sort());
  const imageKeys: Record<keyof ImageUriSpec, true> = {
    framework: true, version: true, py_version: true, instance_type: true, accelerator_type: true, image_scope: true,
    container_version: true, distribution: true, base_framework_version: true, training_compiler_config: true, model_id: true,
    model_version: true, sdk_version: true, inference_tool: true, serverless_inference_config: true, region: true,
  };
  assert.deepEqual(Object.keys(schema.properties.image_uri.properties!).sort(), Object.keys(imageKeys).sort());
  const deployKeys: (keyof DeploySpec)[] = ['initial_instance_count', 'instance_type', 'endpoint_name', 'model_name', 'serverless_inference_config', 'accelerator_type', 'tags', 'kms_key', 'wait', 'volume_size', 'model_data_download_timeout', 'container_startup_health_check_timeout'];
  for (const key of deployKeys) assert.ok(schema.definitions.deploy.properties![key as string], `deploy.${key}`);
});

// ---------------------------------------------------------------------------------- helpers

test('spelling suggestions', () => {
  assert.equal(levenshtein('versoin', 'version'), 1);
  assert.equal(levenshtein('kitten', 'sitting'), 3);
  assert.equal(didYouMean('instance_typ', ['instance_type', 'instance_count']), 'instance_type');
  assert.equal(didYouMean('InstanceType', ['instance_type', 'instance_count']), 'instance_type');
  assert.equal(didYouMean('checkpoint_s3', ['checkpoint_s3_uri', 'checkpoint_local_path']), 'checkpoint_s3_uri');
  assert.equal(didYouMean('colour', ['instance_type', 'role']), undefined);
});

test('S3 URIs, buckets and local paths', () => {
  assert.equal(classifyLocation('s3://my-bucket/a/b', false).kind, 's3');
  assert.equal(classifyLocation('s3://my-bucket', false).kind, 's3');
  assert.equal(classifyLocation('file:///tmp/x', true).kind, 'file');
  assert.equal(classifyLocation('data/train', true).kind, 'local');
  assert.equal(classifyLocation('C:\\data\\train', true).kind, 'local');
  assert.equal(classifyLocation('data/train', false).kind, 'invalid');
  assert.equal(classifyLocation('S3://my-bucket/a', true).kind, 'invalid');
  assert.equal(classifyLocation('gs://my-bucket/a', true).kind, 'invalid');
  assert.equal(bucketNameProblem('my-bucket'), undefined);
  assert.equal(bucketNameProblem('my.bucket.example'), undefined);
  for (const bad of ['ab', 'My-Bucket', 'my_bucket', '-bucket', 'bucket-', 'my..bucket', '192.168.0.1', 'xn--bucket', 'bucket-s3alias', 'a'.repeat(64)]) {
    assert.ok(bucketNameProblem(bad), bad);
  }
});

test('names and instance types', () => {
  assert.equal(resourceNameProblem('my-job-1'), undefined);
  assert.equal(resourceNameProblem('a'.repeat(63)), undefined);
  for (const bad of ['', 'a'.repeat(64), 'my_job', '-job', 'job-', 'my job']) assert.ok(resourceNameProblem(bad), bad);
  for (const good of ['ml.m5.xlarge', 'ml.p4d.24xlarge', 'ml.trn1n.32xlarge', 'ml.g6e.48xlarge', 'local', 'local_gpu']) assert.equal(instanceTypeProblem(good), undefined, good);
  assert.match(instanceTypeProblem('m5.xlarge')!, /ml\.m5\.xlarge/);
  assert.match(instanceTypeProblem('ML.M5.XLARGE')!, /lowercase/);
  assert.match(instanceTypeProblem('local-gpu')!, /local_gpu/);
});

test('metric regexes are compiled as JavaScript, accepting Python named groups', () => {
  assert.ok(compileMetricRegex('loss: (?P<loss>[0-9.]+)').regex);
  assert.ok(compileMetricRegex('(?i)LOSS=([0-9.]+)').regex?.flags.includes('i'));
  assert.match(compileMetricRegex('loss: ([0-9.]+').error!, /Unterminated group/);
});
