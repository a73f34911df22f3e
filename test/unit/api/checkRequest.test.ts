/**
 * checkRequest against the API's constraints, the planner's use of it (a violation is a problem at the
 * estimator field), the earlier estimator rules for the same limits, and every planned request of the
 * examples and of test/fixtures/plans passing it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import constraints from '../../../src/core/api/apiConstraints.json';
import { checkRequest } from '../../../src/core/api/checkRequest';
import { buildDeployPlan, DeployPlanError, type TrainingJobDescription } from '../../../src/core/deploy/plan';
import { numberLiteralsFromJson } from '../../../src/core/estimator/hyperparameters';
import { loadEstimator } from '../../../src/core/estimator/load';
import { parseEstimatorText } from '../../../src/core/estimator/parse';
import { planEstimator } from '../../../src/core/estimator/plan';
import { buildTrainingJobRequest } from '../../../src/core/estimator/request';
import type { EstimatorSpec } from '../../../src/core/estimator/types';

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
  throw new Error('test/fixtures/plans not found');
}
const ROOT = repoRoot();

const REQUEST = {
  AlgorithmSpecification: { TrainingInputMode: 'File', TrainingImage: '123456789012.dkr.ecr.us-east-1.amazonaws.com/algo:latest' },
  OutputDataConfig: { S3OutputPath: 's3://my-bucket/output' },
  TrainingJobName: 'my-job-2026-12-04-15-00-00-000',
  StoppingCondition: { MaxRuntimeInSeconds: 86400 },
  ResourceConfig: { VolumeSizeInGB: 30, InstanceCount: 1, InstanceType: 'ml.m5.xlarge' },
  RoleArn: 'arn:aws:iam::123456789012:role/SageMakerRole',
  InputDataConfig: [{ ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://my-bucket/train', S3DataDistributionType: 'FullyReplicated' } } }],
  HyperParameters: { epochs: '10' } as Record<string, string>,
};
type Req = typeof REQUEST & Record<string, unknown>;
const req = (change: (r: Req) => void): Req => {
  const copy = structuredClone(REQUEST) as Req;
  change(copy);
  return copy;
};
const rules = (request: unknown) => checkRequest('CreateTrainingJob', request).map(v => `${v.path} ${v.rule}`);

test('a well-formed request has no violations', () => {
  assert.deepEqual(checkRequest('CreateTrainingJob', REQUEST), []);
});

test('integers beyond int32 and beyond 2^53 are violations', () => {
  assert.deepEqual(rules(req(r => (r.ResourceConfig.InstanceCount = 2147483648))), ['ResourceConfig.InstanceCount range']);
  assert.deepEqual(rules(req(r => (r.StoppingCondition.MaxRuntimeInSeconds = 2 ** 53 + 2))), ['StoppingCondition.MaxRuntimeInSeconds range']);
  assert.deepEqual(rules(req(r => (r.ResourceConfig.VolumeSizeInGB = 1.5))), ['ResourceConfig.VolumeSizeInGB integer']);
});

test('unknown instance types, too many channels and hyperparameters, an empty channel list', () => {
  assert.deepEqual(rules(req(r => (r.ResourceConfig.InstanceType = 'ml.m5.huge'))), ['ResourceConfig.InstanceType enum']);
  const channel = REQUEST.InputDataConfig[0];
  assert.deepEqual(rules(req(r => (r.InputDataConfig = Array.from({ length: 21 }, (_, i) => ({ ...channel, ChannelName: `c${i}` }))))), ['InputDataConfig length']);
  assert.deepEqual(rules(req(r => (r.InputDataConfig = []))), ['InputDataConfig length']);
  assert.deepEqual(rules(req(r => (r.HyperParameters = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`h${i}`, '1']))))), ['HyperParameters length']);
});

test('line breaks where the pattern forbids them, ${...} left in an ARN, S3 URIs over 1,024 characters', () => {
  assert.deepEqual(rules(req(r => (r.HyperParameters = { text: 'a\nb' }))), ['HyperParameters.text pattern']);
  const arn = checkRequest('CreateTrainingJob', req(r => (r.RoleArn = 'arn:aws:iam::123456789012:role/${name}')));
  assert.deepEqual(arn.map(v => v.rule), ['pattern']);
  assert.match(arn[0].message, /still has \$\{name\}/);
  const uri = `s3://my-bucket/${'a'.repeat(1020)}`;
  assert.deepEqual(rules(req(r => (r.InputDataConfig[0].DataSource.S3DataSource.S3Uri = uri))), ['InputDataConfig[0].DataSource.S3DataSource.S3Uri length']);
});

test('unknown members, missing required members, and prototype names are plain unknown members', () => {
  assert.deepEqual(rules(req(r => ((r.ResourceConfig as Record<string, unknown>).InstanceTyp = 'ml.m5.xlarge'))), ['ResourceConfig.InstanceTyp unknown-member']);
  assert.deepEqual(rules(req(r => delete (r as Partial<Req>).RoleArn)), ['RoleArn required']);
  const proto = JSON.parse('{"constructor": 1, "__proto__": 2, "toString": 3}') as Record<string, unknown>;
  const violations = checkRequest('CreateTrainingJob', req(r => {
    for (const key of Object.keys(proto)) Object.defineProperty(r.ResourceConfig, key, { value: proto[key], enumerable: true });
  }));
  assert.deepEqual(violations.map(v => `${v.path} ${v.rule}`).sort(), ['ResourceConfig.__proto__ unknown-member', 'ResourceConfig.constructor unknown-member', 'ResourceConfig.toString unknown-member']);
  for (const v of violations) assert.doesNotMatch(v.message, /native code|\[object Object\]/);
});

test('every pattern of the derived constraints compiles, and behaves as the service matches it (whole value)', () => {
  let count = 0;
  for (const service of Object.values(constraints.services) as { shapes: Record<string, { pattern?: string }> }[]) {
    for (const [name, shape] of Object.entries(service.shapes)) {
      if (shape.pattern === undefined) continue;
      assert.doesNotThrow(() => new RegExp(shape.pattern!, 'u'), name);
      count++;
    }
  }
  assert.ok(count > 30, `${count} patterns`);
  // `.*` matches a whole value only without line breaks; \p{Print} is Java's printable ASCII.
  assert.equal(checkRequest('InvokeEndpoint', { EndpointName: 'ep', Body: 'x', TargetModel: 'model.tar.gz' }).length, 0);
  assert.equal(checkRequest('InvokeEndpoint', { EndpointName: 'ep', Body: 'x', TargetModel: 'mod\u00e9l' }).length, 1);
  assert.equal(checkRequest('InvokeEndpoint', { EndpointName: 'ep-', Body: 'x' }).length, 1);
  assert.equal(checkRequest('CreateEndpoint', { EndpointName: 'ep', EndpointConfigName: 'cfg' }).length, 0);
});

test('the constraints file stays small (no documentation)', () => {
  const size = fs.statSync(path.join(ROOT, 'src', 'core', 'api', 'apiConstraints.json')).size;
  assert.ok(size < 80_000, `${size} bytes`);
});

// ---------------------------------------------------------------------------------------------
// The planner: a violation is a problem at the estimator field, and no plan.

const BASE = {
  image_uri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/algo:latest',
  role: 'arn:aws:iam::123456789012:role/SageMakerRole',
  instance_count: 1,
  instance_type: 'ml.m5.xlarge',
  inputs: { train: 's3://my-bucket/train' },
};
const CTX = { region: 'us-east-1', account: '123456789012', baseDir: ROOT, now: new Date('2026-12-04T15:00:00Z') };

function planOf(spec: Record<string, unknown>) {
  const text = JSON.stringify(spec, null, 2);
  return { text, result: planEstimator(text, spec as EstimatorSpec, CTX) };
}

test('planEstimator refuses a request the API would refuse, at the field that produced it', () => {
  const { text, result } = planOf({ ...BASE, instance_type: 'ml.m5.huge' });
  assert.equal(result.plan, undefined);
  assert.deepEqual(result.diagnostics.map(d => [d.code, d.path]), [['api-constraint', ['instance_type']]]);
  const at = parseEstimatorText(text).lines.offsetAt(result.diagnostics[0].range.start);
  assert.equal(text.slice(at, at + 12), '"ml.m5.huge"');
  assert.match(result.diagnostics[0].message, /ResourceConfig\.InstanceType/);
});

test('planEstimator maps channels, hyperparameters and stopping conditions back to their keys', () => {
  const long = `s3://my-bucket/${'a'.repeat(1020)}`;
  assert.deepEqual(planOf({ ...BASE, inputs: { train: { s3_data: long } } }).result.diagnostics.map(d => d.path), [['inputs', 'train', 's3_data']]);
  assert.deepEqual(planOf({ ...BASE, inputs: { train: long } }).result.diagnostics.map(d => d.path), [['inputs', 'train']]);
  assert.deepEqual(planOf({ ...BASE, hyperparameters: { text: 'a\nb' } }).result.diagnostics.map(d => d.path), [['hyperparameters', 'text']]);
  assert.deepEqual(planOf({ ...BASE, max_run: 2147483648 }).result.diagnostics.map(d => d.path), [['max_run']]);
  assert.deepEqual(planOf({ ...BASE, inputs: {} }).result.diagnostics.map(d => d.path), [['inputs']]);
  const script = { ...BASE, image_uri: undefined, framework: 'sklearn', framework_version: '1.2-1', entry_point: 'train.py', hyperparameters: Object.fromEntries(Array.from({ length: 96 }, (_, i) => [`h${i}`, i])) };
  const scriptPlan = planEstimator(JSON.stringify(script), script as unknown as EstimatorSpec, { ...CTX, baseDir: path.join(ROOT, 'test', 'fixtures', 'bad-input') });
  assert.deepEqual(scriptPlan.diagnostics.map(d => [d.code, d.path]), [['api-constraint', ['hyperparameters']]]);
});

// ---------------------------------------------------------------------------------------------
// The same limits, told earlier by the estimator's rules.

const OPTIONS = { fileName: 'estimator.json', env: { HOME: '/home/user' }, workspaceFolder: '/work/project' };
function problems(text: string) {
  return loadEstimator(text, OPTIONS).diagnostics.filter(d => d.severity === 'error').map(d => `${d.code} ${JSON.stringify(d.path)}`);
}
const withBase = (patch: Record<string, unknown>) => JSON.stringify({ ...BASE, ...patch }, null, 2);

test('rules: integers that lose digits when read, from the source text', () => {
  const text = withBase({ max_run: 1 }).replace('"max_run": 1', '"max_run": 9007199254740993');
  assert.deepEqual(problems(text), ['number-precision ["max_run"]']);
  const hyper = withBase({ hyperparameters: { seed: 1 } }).replace('"seed": 1', '"seed": 123456789012345678901234567890');
  assert.deepEqual(problems(hyper), ['number-precision ["hyperparameters","seed"]']);
  assert.deepEqual(problems(withBase({ hyperparameters: { seed: 9007199254740991 } })), []);
});

test('rules: int32 fields, unknown instance types, channels, hyperparameters with script mode', () => {
  assert.deepEqual(problems(withBase({ volume_size: 2147483648 })), ['out-of-range ["volume_size"]']);
  assert.deepEqual(problems(withBase({ instance_type: 'ml.m5.huge' })), ['instance-type ["instance_type"]']);
  assert.deepEqual(problems(withBase({ inputs: {} })), ['inputs ["inputs"]']);
  assert.deepEqual(problems(withBase({ inputs: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`c${i}`, `s3://my-bucket/c${i}`])) })), ['inputs ["inputs"]']);
  const script = { ...BASE, image_uri: undefined, framework: 'sklearn', framework_version: '1.2-1', entry_point: 'train.py' };
  const hyper = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`h${i}`, i]));
  assert.deepEqual(problems(JSON.stringify({ ...script, hyperparameters: hyper(96) })), ['hyperparameter ["hyperparameters"]']);
  assert.deepEqual(problems(JSON.stringify({ ...script, hyperparameters: hyper(95) })), []);
});

test('rules: line breaks in hyperparameters, ${...} left in an ARN, long S3 URIs', () => {
  assert.deepEqual(problems(withBase({ hyperparameters: { text: 'a\nb' } })), ['hyperparameter ["hyperparameters","text"]']);
  assert.deepEqual(problems(withBase({ role: 'arn:aws:iam::123456789012:role/${roleName}' })), ['unresolved-variable ["role"]']);
  assert.deepEqual(problems(withBase({ output_path: `s3://my-bucket/${'b'.repeat(1020)}` })), ['s3-uri ["output_path"]']);
});

test('parse: 20,000 levels of nesting are "nests too deeply" at a position, not a stack overflow', () => {
  const text = `{"hyperparameters": ${'['.repeat(20000)}${']'.repeat(20000)}}`;
  const result = loadEstimator(text, OPTIONS);
  assert.deepEqual(result.diagnostics.map(d => [d.code, d.range.start]), [['too-deep', { line: 0, character: 20 + 99 }]]);
  assert.match(result.diagnostics[0].message, /nests too deeply \(more than 100 levels.*at 1:120/);
  // Brackets in strings and comments are not nesting.
  assert.deepEqual(problems(`// ${'['.repeat(500)}\n${withBase({ hyperparameters: { text: '['.repeat(200) } })}`), []);
});

test('hints never show Object.prototype: "constructor" and "__proto__" keys and words', () => {
  const text = `{ "constructor": 1, "__proto__": 2, ${withBase({}).slice(1)}`;
  const messages = loadEstimator(text, OPTIONS).diagnostics.map(d => d.message);
  assert.equal(messages.filter(m => m.startsWith('Unknown key')).length, 2);
  for (const m of messages) assert.doesNotMatch(m, /native code|\[object Object\]/);
  for (const bad of ['{ constructor: 1 }', '{ "role": constructor }', '{ "role": __proto__ }']) {
    for (const d of loadEstimator(bad, OPTIONS).diagnostics) assert.doesNotMatch(d.message, /native code|\[object Object\]/, bad);
  }
});

// ---------------------------------------------------------------------------------------------
// Every planned request of the examples and of test/fixtures/plans passes.

test('every example plans to a request the API accepts', () => {
  const examples = fs.readdirSync(path.join(ROOT, 'examples')).filter(d => fs.existsSync(path.join(ROOT, 'examples', d, 'estimator.json')));
  assert.ok(examples.length >= 5);
  for (const example of examples) {
    const file = path.join(ROOT, 'examples', example, 'estimator.json');
    const text = fs.readFileSync(file, 'utf8');
    const env = { SAGEMAKER_ROLE: 'arn:aws:iam::123456789012:role/SageMakerRole', SAGEMAKER_BUCKET: 'my-bucket', HOME: '/home/user' };
    const loaded = loadEstimator(text, { fileName: file, env, workspaceFolder: path.dirname(file) });
    assert.ok(loaded.spec, `${example}: ${loaded.diagnostics.map(d => d.message).join('; ')}`);
    const result = planEstimator(text, loaded.spec!, { ...CTX, baseDir: path.dirname(file) });
    assert.ok(result.plan, `${example}: ${result.diagnostics.map(d => d.message).join('; ')}`);
    const request = structuredClone(result.plan!.request) as unknown as Req;
    if (loaded.spec!.instance_type === 'local') {
      // Local mode never sends it; as a SageMaker job it would run on a real instance type.
      request.ResourceConfig.InstanceType = 'ml.m5.xlarge';
      request.RoleArn = 'arn:aws:iam::123456789012:role/SageMakerRole';
    }
    assert.deepEqual(checkRequest('CreateTrainingJob', request), [], example);
  }
});

/** What the SDK sends and the API refuses (botocore's own validation stops it), planned as the SDK does. */
const KNOWN_REFUSED: Record<string, string[]> = {
  'training-input-options.json': ['InputDataConfig[1].TargetAttributeName unknown-member'],
};

test('every request of test/fixtures/plans passes, as expected and as planned', () => {
  const dir = path.join(ROOT, 'test', 'fixtures', 'plans');
  let checked = 0;
  for (const file of fs.readdirSync(dir).filter(f => f.endsWith('.json')).sort()) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const fixture = JSON.parse(text) as { expected?: unknown; estimator?: EstimatorSpec; estimatorFile?: string; ctx: { region: string; account: string; now: string; jobName?: string; baseDir?: string } };
    if (!fixture.expected) continue;
    const want = Object.prototype.hasOwnProperty.call(KNOWN_REFUSED, file) ? KNOWN_REFUSED[file] : [];
    assert.deepEqual(rules(fixture.expected), want, `${file} (expected request)`);
    if (fixture.estimator) {
      const literals = new Map<string, string>();
      for (const [key, literal] of numberLiteralsFromJson(text)) {
        const p = JSON.parse(key) as (string | number)[];
        if (p[0] === 'estimator') literals.set(JSON.stringify(p.slice(1)), literal);
      }
      const plan = buildTrainingJobRequest(fixture.estimator, {
        region: fixture.ctx.region,
        account: fixture.ctx.account,
        now: new Date(fixture.ctx.now),
        jobName: fixture.ctx.jobName,
        baseDir: fixture.ctx.baseDir ? path.resolve(ROOT, fixture.ctx.baseDir) : dir,
        numberLiterals: literals,
      });
      const local = fixture.estimator.instance_type === 'local' || fixture.estimator.instance_type === 'local_gpu';
      if (!local) assert.deepEqual(rules(plan.request), want, `${file} (planned request)`);
    }
    checked++;
  }
  assert.ok(checked >= 50, `${checked} fixtures checked`);
});

// ---------------------------------------------------------------------------------------------
// The planned deploy requests get the same check.

test('buildDeployPlan refuses requests the API would refuse, at the deploy argument', () => {
  const job: TrainingJobDescription = {
    TrainingJobName: 'pca-2026-11-25-09-00-00-000',
    TrainingJobArn: 'arn:aws:sagemaker:us-east-1:123456789012:training-job/pca-2026-11-25-09-00-00-000',
    TrainingJobStatus: 'Completed',
    AlgorithmSpecification: { TrainingImage: '382416733822.dkr.ecr.us-east-1.amazonaws.com/pca:1', TrainingInputMode: 'File' },
    RoleArn: 'arn:aws:iam::123456789012:role/SageMakerRole',
    ModelArtifacts: { S3ModelArtifacts: 's3://my-bucket/pca/output/model.tar.gz' },
  } as TrainingJobDescription;
  const options = { region: 'us-east-1', account: '123456789012', now: CTX.now };
  assert.ok(buildDeployPlan(job, undefined, { ...options, deploy: { instance_type: 'ml.m5.large', initial_instance_count: 1 } }));
  assert.throws(
    () => buildDeployPlan(job, undefined, { ...options, deploy: { instance_type: 'ml.m5.huge', initial_instance_count: 1 } }),
    (error: unknown) => error instanceof DeployPlanError && JSON.stringify(error.path) === '["deploy","instance_type"]' && /CreateEndpointConfig/.test(error.message),
  );
  assert.throws(
    () => buildDeployPlan(job, undefined, { ...options, deploy: { instance_type: 'ml.m5.large', initial_instance_count: 2147483648 } }),
    (error: unknown) => error instanceof DeployPlanError && JSON.stringify(error.path) === '["deploy","initial_instance_count"]',
  );
});
