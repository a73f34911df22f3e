import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseJsonc } from 'jsonc-parser';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { numberLiteralsFromJson } from '../../../src/core/estimator/hyperparameters';
import {
  buildImageUri,
  buildTrainingJobRequest,
  expandRole,
  partitionOf,
  PlanError,
  planOutput,
  type PlanContext,
  type TrainingJobPlan,
} from '../../../src/core/estimator/request';
import type { EstimatorSpec } from '../../../src/core/estimator/types';

/** The repository root: the first folder above this file that holds test/fixtures/plans. */
function repoRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    let dir = start;
    for (;;) {
      if (fs.existsSync(path.join(dir, 'test', 'fixtures', 'plans'))) return dir;
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  throw new Error('test/fixtures/plans not found above ' + __dirname);
}

const ROOT = repoRoot();
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'plans');

interface Fixture {
  description: string;
  estimator?: EstimatorSpec;
  estimatorFile?: string;
  env?: Record<string, string>;
  ctx: { region: string; account: string; now: string; jobName?: string; baseDir?: string };
  expected?: Record<string, unknown>;
  expectedUploads?: Record<string, unknown>[];
  error?: string;
}

function substituteEnv(text: string, env: Record<string, string>): string {
  return text.replace(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) => env[name] ?? whole);
}

/** The estimator and plan context of a fixture (number literals from the JSON text, as the extension does). */
function load(file: string): { fx: Fixture; spec: EstimatorSpec; ctx: PlanContext } {
  const text = fs.readFileSync(file, 'utf8');
  const fx = JSON.parse(text) as Fixture;
  let spec: EstimatorSpec;
  let literals: Map<string, string>;
  let baseDir = fx.ctx.baseDir ? path.resolve(ROOT, fx.ctx.baseDir) : FIXTURES;
  if (fx.estimatorFile) {
    const estimatorPath = path.join(ROOT, fx.estimatorFile);
    const substituted = substituteEnv(fs.readFileSync(estimatorPath, 'utf8'), fx.env ?? {});
    spec = JSON.parse(substituted) as EstimatorSpec;
    literals = numberLiteralsFromJson(substituted);
    baseDir = path.dirname(estimatorPath);
  } else {
    spec = fx.estimator as EstimatorSpec;
    literals = new Map();
    for (const [key, literal] of numberLiteralsFromJson(text)) {
      const p = JSON.parse(key) as (string | number)[];
      if (p[0] === 'estimator') literals.set(JSON.stringify(p.slice(1)), literal);
    }
  }
  return {
    fx,
    spec,
    ctx: {
      region: fx.ctx.region,
      account: fx.ctx.account,
      now: new Date(fx.ctx.now),
      jobName: fx.ctx.jobName,
      baseDir,
      numberLiterals: literals,
    },
  };
}

/** Keys in the same order at every level (the SDK's request dict order). */
function assertKeyOrder(actual: unknown, expected: unknown, where: string): void {
  if (Array.isArray(expected) && Array.isArray(actual)) {
    expected.forEach((e, i) => assertKeyOrder(actual[i], e, `${where}[${i}]`));
  } else if (expected && typeof expected === 'object' && actual && typeof actual === 'object') {
    assert.deepEqual(Object.keys(actual), Object.keys(expected), `key order at ${where}`);
    for (const k of Object.keys(expected)) {
      assertKeyOrder((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], `${where}.${k}`);
    }
  }
}

function checkUploads(plan: TrainingJobPlan, expected: Record<string, unknown>[]): void {
  assert.equal(plan.uploads.length, expected.length, 'number of uploads');
  expected.forEach((e, i) => {
    const actual = plan.uploads[i] as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(e)) {
      const want = k === 'localPath' ? path.resolve(ROOT, v as string) : v;
      assert.deepEqual(actual[k], want, `uploads[${i}].${k}`);
    }
  });
}

const fixtureFiles = fs
  .readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .sort();

test('there are fixtures for the seed examples, the built-in families and the frameworks', () => {
  for (const name of [
    'example-pca',
    'example-linear-learner',
    'example-pca-csv',
    'example-pca-randomized',
    'example-pytorch-cifar10',
    'builtin-kmeans',
    'framework-pytorch',
    'framework-tensorflow',
    'framework-sklearn',
    'framework-xgboost-script-mode',
    'framework-mxnet',
    'framework-huggingface',
  ]) {
    assert.ok(fixtureFiles.includes(`${name}.json`), name);
  }
});

for (const file of fixtureFiles) {
  const name = file.replace(/\.json$/, '');
  const { fx, spec, ctx } = load(path.join(FIXTURES, file));
  test(`plan ${name}: ${fx.description}`, () => {
    if (fx.error) {
      assert.throws(
        () => buildTrainingJobRequest(spec, ctx),
        (e: unknown) => e instanceof PlanError && e.message.includes(fx.error!),
      );
      return;
    }
    const plan = buildTrainingJobRequest(spec, ctx);
    assert.deepEqual(plan.request, fx.expected);
    assertKeyOrder(plan.request, fx.expected, 'request');
    assert.equal(plan.jobName, (fx.expected as { TrainingJobName: string }).TrainingJobName);
    assert.equal(
      plan.imageUri,
      (fx.expected as { AlgorithmSpecification: { TrainingImage: string } }).AlgorithmSpecification.TrainingImage,
    );
    assert.equal(plan.defaultBucket, `sagemaker-${spec.region || ctx.region}-${ctx.account}`);
    if (fx.expectedUploads) checkUploads(plan, fx.expectedUploads);
  });
}

const BASE_CTX = { region: 'us-west-2', account: '123456789012', now: new Date('2024-01-31T09:05:07.042Z'), baseDir: FIXTURES };
const SIMPLE: EstimatorSpec = {
  image_uri: 'my-registry/algo:1',
  role: 'SageMakerRole',
  instance_count: 1,
  instance_type: 'ml.m5.xlarge',
};

test('ctx.jobName wins over job_name and the generated name', () => {
  const plan = buildTrainingJobRequest({ ...SIMPLE, job_name: 'from-file' }, { ...BASE_CTX, jobName: 'from-cli' });
  assert.equal(plan.request.TrainingJobName, 'from-cli');
  assert.equal(buildTrainingJobRequest({ ...SIMPLE, job_name: 'from-file' }, BASE_CTX).jobName, 'from-file');
  assert.equal(buildTrainingJobRequest(SIMPLE, BASE_CTX).jobName, 'algo-2024-01-31-09-05-07-042');
});

test('without ctx.now the job name carries the current time', () => {
  const before = Date.now();
  const plan = buildTrainingJobRequest(SIMPLE, { region: 'us-east-1', account: '1', baseDir: FIXTURES });
  const m = /^algo-(\d{4})-(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{3})$/.exec(plan.jobName);
  assert.ok(m, plan.jobName);
  const t = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], +m[7]);
  assert.ok(t >= before - 1000 && t <= Date.now() + 1000);
});

test('planOutput prints the request and nothing else', () => {
  const plan = buildTrainingJobRequest(SIMPLE, BASE_CTX);
  const out = planOutput(plan);
  assert.deepEqual(JSON.parse(out), plan.request);
  assert.equal(out, JSON.stringify(plan.request, null, 2));
});

// sagemaker/estimator.py EstimatorBase._validate_and_set_debugger_configs and _prepare_profiler_for_training:
// every job gets the default hook and profiler, nothing else (more cases in debuggerDefaults.test.ts).
test('the SDK default Debugger hook and profiler, and no rules or TensorBoard unless asked for', () => {
  const plan = buildTrainingJobRequest(
    {
      framework: 'pytorch',
      framework_version: '2.0.1',
      py_version: 'py310',
      entry_point: 'train.py',
      source_dir: 'code',
      role: 'r',
      instance_count: 1,
      instance_type: 'ml.g5.xlarge',
    },
    BASE_CTX,
  );
  for (const key of ['DebugRuleConfigurations', 'ProfilerRuleConfigurations', 'TensorBoardOutputConfig']) {
    assert.ok(!(key in plan.request), key);
  }
  const output = plan.request.OutputDataConfig?.S3OutputPath;
  assert.deepEqual(plan.request.DebugHookConfig, { S3OutputPath: output, CollectionConfigurations: [] });
  assert.deepEqual(plan.request.ProfilerConfig, { S3OutputPath: output, DisableProfiler: false });
});

test('buildImageUri: string as is, object through retrieve, framework defaults', () => {
  assert.equal(buildImageUri({ image_uri: 'x/y:z' }, 'us-east-1'), 'x/y:z');
  assert.equal(buildImageUri({ image_uri: { framework: 'kmeans' } }, 'us-east-1'), '382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1');
  assert.equal(
    buildImageUri({ image_uri: { framework: 'kmeans', region: 'eu-west-1' } }, 'us-east-1'),
    '438346466558.dkr.ecr.eu-west-1.amazonaws.com/kmeans:1',
  );
  assert.equal(
    buildImageUri({ framework: 'pytorch', framework_version: '1.7.1', py_version: 'py3', instance_type: 'ml.p3.2xlarge' }, 'us-east-1'),
    '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:1.7.1-gpu-py3',
  );
  assert.equal(
    buildImageUri({ framework: 'sklearn', framework_version: '1.2-1', instance_type: 'ml.m5.large' }, 'us-east-1'),
    '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3',
  );
  assert.throws(() => buildImageUri({ role: 'r' }, 'us-east-1'), PlanError);
  assert.throws(
    () => buildImageUri({ framework: 'pytorch', framework_version: '0.0.1', py_version: 'py3', instance_type: 'ml.m5.large' }, 'us-east-1'),
    (e: unknown) => e instanceof PlanError && e.path[0] === 'framework_version',
  );
});

test('roles: bare names become ARNs in the region partition', () => {
  assert.equal(expandRole('R', '111122223333', 'us-east-1'), 'arn:aws:iam::111122223333:role/R');
  assert.equal(expandRole('R', '111122223333', 'cn-northwest-1'), 'arn:aws-cn:iam::111122223333:role/R');
  assert.equal(expandRole('R', '111122223333', 'us-gov-west-1'), 'arn:aws-us-gov:iam::111122223333:role/R');
  assert.equal(expandRole('R', '111122223333', 'us-iso-east-1'), 'arn:aws-iso:iam::111122223333:role/R');
  assert.equal(expandRole('R', '111122223333', 'us-isob-east-1'), 'arn:aws-iso-b:iam::111122223333:role/R');
  assert.equal(expandRole('arn:aws:iam::1:role/x', '2', 'us-east-1'), 'arn:aws:iam::1:role/x');
  assert.equal(partitionOf('eu-west-1'), 'aws');
});

test('every example under examples/ plans cleanly', () => {
  const examples = path.join(ROOT, 'examples');
  const env = { SAGEMAKER_ROLE: 'arn:aws:iam::123456789012:role/SageMakerRole', SAGEMAKER_BUCKET: 'my-bucket', REGION: 'us-west-2' };
  const dirs = fs.readdirSync(examples).filter((d) => fs.existsSync(path.join(examples, d, 'estimator.json')));
  assert.ok(dirs.length >= 5);
  for (const d of dirs) {
    const file = path.join(examples, d, 'estimator.json');
    const text = substituteEnv(fs.readFileSync(file, 'utf8'), env);
    assert.ok(!/\$\{env:/.test(text), `${d}: unknown variable`);
    const plan = buildTrainingJobRequest(parseJsonc(text) as EstimatorSpec, {
      ...BASE_CTX,
      baseDir: path.dirname(file),
      numberLiterals: numberLiteralsFromJson(text),
    });
    assert.ok(plan.request.TrainingJobName, d);
    assert.ok(plan.request.AlgorithmSpecification?.TrainingImage, d);
  }
});

test('the sourcedir upload lists the tar layout and where each entry comes from', () => {
  const plan = buildTrainingJobRequest(
    {
      framework: 'pytorch',
      framework_version: '2.0.1',
      py_version: 'py310',
      entry_point: 'train.py',
      source_dir: 'code',
      dependencies: ['deps/common'],
      role: 'r',
      instance_count: 1,
      instance_type: 'ml.g5.xlarge',
    },
    BASE_CTX,
  );
  const upload = plan.uploads[0];
  assert.equal(upload.kind, 'sourcedir');
  assert.deepEqual(upload.files, ['common/__init__.py', 'common/helpers.py', 'requirements.txt', 'train.py', 'utils/helpers.py']);
  assert.deepEqual(upload.entries, [
    { localPath: path.join(FIXTURES, 'code', 'requirements.txt'), arcname: 'requirements.txt' },
    { localPath: path.join(FIXTURES, 'code', 'train.py'), arcname: 'train.py' },
    { localPath: path.join(FIXTURES, 'code', 'utils'), arcname: 'utils' },
    { localPath: path.join(FIXTURES, 'deps', 'common'), arcname: 'common' },
  ]);
});

test('numbers: without their source text, integral values are ints and others floats', () => {
  const plan = buildTrainingJobRequest({ ...SIMPLE, hyperparameters: { a: 1, b: 1.5, c: 2.0 } }, BASE_CTX);
  assert.deepEqual(plan.request.HyperParameters, { a: '1', b: '1.5', c: '2' });
  const withText = buildTrainingJobRequest(
    { ...SIMPLE, hyperparameters: { a: 1, b: 1.5, c: 2.0 } },
    { ...BASE_CTX, numberLiterals: numberLiteralsFromJson('{"hyperparameters": {"a": 1, "b": 1.5, "c": 2.0}}') },
  );
  assert.deepEqual(withText.request.HyperParameters, { a: '1', b: '1.5', c: '2.0' });
});
