/**
 * The launch's orchestration against an in-process fake of S3 and SageMaker: the real AWS SDK clients and the
 * real lib-storage Upload, with a request handler that answers in memory (no server, no network).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { AwsClients } from '../../../src/aws/clientFactory';
import { S3Api } from '../../../src/aws/clients/s3';
import { SageMakerApi } from '../../../src/aws/clients/sageMaker';
import type { TrainingJobPlan } from '../../../src/core/estimator/request';
import { isLaunchError, LaunchAbortedError } from '../../../src/core/launch/errors';
import { launchTrainingJob } from '../../../src/aws/launchTrainingJob';
import type { LaunchProgress } from '../../../src/core/launch/progress';
import { tempDir } from '../tempDir';

const ACCOUNT = '123456789012';
const MB = 1024 * 1024;

interface Call { op: string; bucket?: string; key?: string; headers: Record<string, string>; body: Buffer }

interface FakeOptions {
  region?: string;
  /** Buckets that exist: name -> owner account. */
  buckets?: Record<string, string>;
  /** Runs before an UploadPart is answered (to stall it). */
  beforePart?: (call: Call) => Promise<void>;
  /** An error for a call: [status, code, message]. */
  fail?: (call: Call) => [number, string, string] | undefined;
}

class FakeAws {
  readonly calls: Call[] = [];
  readonly buckets = new Map<string, { owner: string; location?: string }>();
  readonly objects = new Map<string, Buffer>();
  readonly multipart = new Map<string, { bucket: string; key: string; parts: Map<number, Buffer> }>();
  readonly jobs: Record<string, unknown>[] = [];
  private nextId = 1;

  constructor(private readonly options: FakeOptions = {}) {
    for (const [name, owner] of Object.entries(options.buckets ?? {})) this.buckets.set(name, { owner });
  }

  ops(): string[] {
    return this.calls.map(c => c.op);
  }

  clients(): AwsClients {
    const region = this.options.region ?? 'us-east-1';
    const handler = {
      handle: (request: { method: string; path: string; query?: Record<string, string | string[] | null>; headers: Record<string, string>; body?: unknown }) =>
        this.handle(request).then(response => ({ response })),
      updateHttpClientConfig: () => undefined,
      httpHandlerConfigs: () => ({}),
      destroy: () => undefined,
    };
    const base = {
      region, endpoint: 'http://fake.local', credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      requestHandler: handler as never, maxAttempts: 1,
    };
    let s3: S3Api | undefined;
    let sm: SageMakerApi | undefined;
    return {
      settings: { region },
      s3: () => (s3 ??= new S3Api(new S3Client({ ...base, forcePathStyle: true }))),
      sageMaker: () => (sm ??= new SageMakerApi(new SageMakerClient(base))),
      sageMakerRuntime: () => { throw new Error('unused'); },
      logs: () => { throw new Error('unused'); },
      cloudWatch: () => { throw new Error('unused'); },
      sts: () => { throw new Error('unused'); },
      pricing: () => { throw new Error('unused'); },
      region: async () => region,
      destroy: () => undefined,
    };
  }

  private async readBody(body: unknown): Promise<Buffer> {
    if (body === undefined || body === null) return Buffer.alloc(0);
    if (typeof body === 'string') return Buffer.from(body);
    if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    const chunks: Buffer[] = [];
    for await (const c of body as Readable) chunks.push(Buffer.from(c as Uint8Array));
    return Buffer.concat(chunks);
  }

  private async handle(request: { method: string; path: string; query?: Record<string, string | string[] | null>; headers: Record<string, string>; body?: unknown }) {
    const body = await this.readBody(request.body);
    const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
    const target = headers['x-amz-target'];
    if (target) return this.sageMaker(target.replace(/^SageMaker\./, ''), headers, body);
    const query = request.query ?? {};
    const [bucket, ...rest] = request.path.replace(/^\//, '').split('/').map(decodeURIComponent);
    const key = rest.join('/');
    const has = (name: string) => name in query;
    const op =
      request.method === 'HEAD' && !key ? 'HeadBucket'
        : request.method === 'PUT' && !key ? 'CreateBucket'
          : request.method === 'PUT' && has('partNumber') ? 'UploadPart'
            : request.method === 'PUT' ? 'PutObject'
              : request.method === 'POST' && has('uploads') ? 'CreateMultipartUpload'
                : request.method === 'POST' && has('uploadId') ? 'CompleteMultipartUpload'
                  : request.method === 'DELETE' && has('uploadId') ? 'AbortMultipartUpload'
                    : `${request.method} ${request.path}`;
    const call: Call = { op, bucket, key, headers, body };
    this.calls.push(call);
    const failure = this.options.fail?.(call);
    if (failure) return this.s3Error(failure[0], failure[1], failure[2], request.method === 'HEAD');
    const b = this.buckets.get(bucket!);
    switch (op) {
      case 'HeadBucket':
        if (!b) return this.s3Error(404, 'NotFound', '', true);
        if (headers['x-amz-expected-bucket-owner'] && headers['x-amz-expected-bucket-owner'] !== b.owner) return this.s3Error(403, 'Forbidden', '', true);
        return this.xml(200, '');
      case 'CreateBucket': {
        if (b) return this.s3Error(409, b.owner === ACCOUNT ? 'BucketAlreadyOwnedByYou' : 'BucketAlreadyExists', 'exists');
        const location = /<LocationConstraint>([^<]*)<\/LocationConstraint>/.exec(body.toString())?.[1];
        this.buckets.set(bucket!, { owner: ACCOUNT, ...(location ? { location } : {}) });
        return this.xml(200, '');
      }
    }
    if (!b) return this.s3Error(404, 'NoSuchBucket', 'The specified bucket does not exist');
    switch (op) {
      case 'PutObject':
        this.objects.set(`${bucket}/${key}`, body);
        return this.xml(200, '', { etag: '"e"' });
      case 'CreateMultipartUpload': {
        const id = `upload-${this.nextId++}`;
        this.multipart.set(id, { bucket: bucket!, key, parts: new Map() });
        return this.xml(200, `<InitiateMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${key}</Key><UploadId>${id}</UploadId></InitiateMultipartUploadResult>`);
      }
      case 'UploadPart': {
        await this.options.beforePart?.(call);
        const upload = this.multipart.get(String(query.uploadId));
        if (!upload) return this.s3Error(404, 'NoSuchUpload', 'The specified upload does not exist.');
        upload.parts.set(Number(query.partNumber), body);
        return this.xml(200, '', { etag: `"p${query.partNumber}"` });
      }
      case 'CompleteMultipartUpload': {
        const upload = this.multipart.get(String(query.uploadId));
        if (!upload) return this.s3Error(404, 'NoSuchUpload', 'The specified upload does not exist.');
        const parts = [...upload.parts.entries()].sort((x, y) => x[0] - y[0]).map(([, data]) => data);
        this.objects.set(`${bucket}/${key}`, Buffer.concat(parts));
        this.multipart.delete(String(query.uploadId));
        return this.xml(200, `<CompleteMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${key}</Key><ETag>"c"</ETag></CompleteMultipartUploadResult>`);
      }
      case 'AbortMultipartUpload':
        if (!this.multipart.delete(String(query.uploadId))) return this.s3Error(404, 'NoSuchUpload', 'The specified upload does not exist.');
        return this.xml(204, '');
      default:
        return this.s3Error(400, 'NotImplemented', op);
    }
  }

  private sageMaker(op: string, headers: Record<string, string>, body: Buffer) {
    const call: Call = { op, headers, body };
    this.calls.push(call);
    const failure = this.options.fail?.(call);
    const respond = (status: number, json: unknown) => ({
      statusCode: status, reason: '', headers: { 'content-type': 'application/x-amz-json-1.1' }, body: Readable.from([Buffer.from(JSON.stringify(json))]),
    });
    if (failure) return respond(failure[0], { __type: failure[1], Message: failure[2] });
    if (op === 'CreateTrainingJob') {
      const request = JSON.parse(body.toString()) as Record<string, unknown>;
      this.jobs.push(request);
      return respond(200, { TrainingJobArn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:training-job/${request.TrainingJobName}` });
    }
    return respond(400, { __type: 'UnknownOperationException', Message: op });
  }

  private xml(status: number, xml: string, headers: Record<string, string> = {}) {
    return { statusCode: status, reason: '', headers: { 'content-type': 'application/xml', ...headers }, body: Readable.from([Buffer.from(xml)]) };
  }

  private s3Error(status: number, code: string, message: string, head = false) {
    return this.xml(status, head ? '' : `<Error><Code>${code}</Code><Message>${message}</Message></Error>`);
  }
}

function basePlan(overrides: Partial<TrainingJobPlan> = {}, region = 'us-east-1'): TrainingJobPlan {
  const bucket = `sagemaker-${region}-${ACCOUNT}`;
  return {
    jobName: 'job-1',
    imageUri: 'img:1',
    defaultBucket: bucket,
    uploads: [],
    request: {
      TrainingJobName: 'job-1',
      AlgorithmSpecification: { TrainingImage: 'img:1', TrainingInputMode: 'File' },
      RoleArn: `arn:aws:iam::${ACCOUNT}:role/R`,
      OutputDataConfig: { S3OutputPath: `s3://${bucket}/` },
      ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 },
      StoppingCondition: { MaxRuntimeInSeconds: 86400 },
      HyperParameters: { a: '1' },
    },
    ...overrides,
  };
}

const run = (fake: FakeAws, plan: TrainingJobPlan, signal = new AbortController().signal, progress: LaunchProgress[] = []) =>
  launchTrainingJob(fake.clients(), plan, { signal, onProgress: p => progress.push(p), account: ACCOUNT });

function dataDir(files: Record<string, number | string>): string {
  const dir = tempDir('launch-data-');
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), typeof content === 'number' ? Buffer.alloc(content, 7) : content);
  }
  return dir;
}

test('creates the default bucket (no LocationConstraint in us-east-1) and then the job with exactly the plan\'s request', async () => {
  const fake = new FakeAws();
  const plan = basePlan();
  const result = await run(fake, plan);
  assert.deepEqual(fake.ops(), ['HeadBucket', 'CreateBucket', 'CreateTrainingJob']);
  assert.equal(fake.calls[0]!.headers['x-amz-expected-bucket-owner'], ACCOUNT);
  assert.equal(fake.calls[1]!.body.length, 0);
  assert.deepEqual(fake.jobs, [JSON.parse(JSON.stringify(plan.request))]);
  assert.equal(result.jobName, 'job-1');
  assert.equal(result.bucketCreated, true);
  assert.match(result.trainingJobArn, /training-job\/job-1$/);
});

test('creates the default bucket with the region\'s LocationConstraint outside us-east-1', async () => {
  const fake = new FakeAws({ region: 'eu-west-1' });
  await launchTrainingJob(fake.clients(), basePlan({}, 'eu-west-1'), { signal: new AbortController().signal, onProgress: () => undefined });
  assert.equal(fake.buckets.get(`sagemaker-eu-west-1-${ACCOUNT}`)?.location, 'eu-west-1');
});

test('leaves the default bucket alone when nothing goes there, and uses an existing one as is', async () => {
  const elsewhere = new FakeAws();
  await run(elsewhere, basePlan({ request: { ...basePlan().request, OutputDataConfig: { S3OutputPath: 's3://my-bucket/out/' } } }));
  assert.deepEqual(elsewhere.ops(), ['CreateTrainingJob']);
  const existing = new FakeAws({ buckets: { [`sagemaker-us-east-1-${ACCOUNT}`]: ACCOUNT } });
  const result = await run(existing, basePlan());
  assert.deepEqual(existing.ops(), ['HeadBucket', 'CreateTrainingJob']);
  assert.equal(result.bucketCreated, false);
});

test('refuses a default bucket that belongs to another account: no upload, no job', async () => {
  const fake = new FakeAws({ buckets: { [`sagemaker-us-east-1-${ACCOUNT}`]: '999999999999' } });
  const dir = dataDir({ 'a.csv': 10 });
  const plan = basePlan({ uploads: [{ kind: 'channel', channel: 'train', localPath: dir, s3Uri: `s3://sagemaker-us-east-1-${ACCOUNT}/job-1/input/train/` }] });
  await assert.rejects(run(fake, plan), (error: unknown) => {
    assert.ok(isLaunchError(error));
    assert.equal(error.kind, 'bucket-not-owned');
    assert.match(error.message, /exists but does not belong to account 123456789012/);
    assert.match(error.nextStep, /output_path/);
    return true;
  });
  assert.deepEqual(fake.ops(), ['HeadBucket']);
  assert.equal(fake.jobs.length, 0);
});

test('uploads a folder file by file (multipart above 5 MB) and a single file to its object, reporting files and bytes', async () => {
  const fake = new FakeAws();
  const dir = dataDir({ 'a.csv': 'a,b\n', 'sub/big.bin': 12 * MB, 'sub/z.csv': 1000, 'empty.txt': '' });
  const single = dataDir({ 'test.csv': 'x\n' });
  const bucket = `sagemaker-us-east-1-${ACCOUNT}`;
  const plan = basePlan({
    uploads: [
      { kind: 'channel', channel: 'train', localPath: dir, s3Uri: `s3://${bucket}/job-1/input/train/` },
      { kind: 'channel', channel: 'test', localPath: path.join(single, 'test.csv'), s3Uri: `s3://${bucket}/job-1/input/test/test.csv` },
    ],
  });
  const progress: LaunchProgress[] = [];
  const result = await run(fake, plan, undefined, progress);
  assert.deepEqual([...fake.objects.keys()].sort(), [
    `${bucket}/job-1/input/test/test.csv`,
    `${bucket}/job-1/input/train/a.csv`,
    `${bucket}/job-1/input/train/empty.txt`,
    `${bucket}/job-1/input/train/sub/big.bin`,
    `${bucket}/job-1/input/train/sub/z.csv`,
  ]);
  assert.equal(fake.objects.get(`${bucket}/job-1/input/train/sub/big.bin`)!.length, 12 * MB);
  assert.equal(fake.objects.get(`${bucket}/job-1/input/train/a.csv`)!.toString(), 'a,b\n');
  assert.equal(fake.calls.filter(c => c.op === 'UploadPart').length, 3);
  // Session.upload_data: every object put in the default bucket asserts its owner (ExpectedBucketOwner).
  for (const call of fake.calls.filter(c => c.op === 'PutObject' || c.op === 'CreateMultipartUpload')) {
    assert.equal(call.headers['x-amz-expected-bucket-owner'], ACCOUNT, `${call.op} ${call.key}`);
  }
  assert.equal(fake.multipart.size, 0);
  const total = 4 + 12 * MB + 1000 + 2;
  assert.equal(result.filesUploaded, 5);
  assert.equal(result.bytesUploaded, total);
  const last = progress.at(-1)!;
  assert.deepEqual(last, { phase: 'created', filesDone: 5, filesTotal: 5, bytesDone: total, bytesTotal: total });
  const uploading = progress.filter(p => p.phase === 'uploading');
  assert.ok(uploading.length >= 2);
  for (let i = 1; i < uploading.length; i++) {
    assert.ok(uploading[i]!.bytesDone >= uploading[i - 1]!.bytesDone && uploading[i]!.filesDone >= uploading[i - 1]!.filesDone, 'progress went backwards');
  }
  assert.equal(fake.ops().at(-1), 'CreateTrainingJob');
});

test('packs the code into sourcedir.tar.gz with the planned names and encryption', async () => {
  const fake = new FakeAws();
  const src = dataDir({ 'train.py': 'print(1)\n', 'lib/u.py': 'U = 2\n' });
  const bucket = `sagemaker-us-east-1-${ACCOUNT}`;
  const plan = basePlan({
    uploads: [{
      kind: 'sourcedir', localPath: src, s3Uri: `s3://${bucket}/job-1/source/sourcedir.tar.gz`, files: ['lib/u.py', 'train.py'],
      entries: [{ localPath: path.join(src, 'lib'), arcname: 'lib' }, { localPath: path.join(src, 'train.py'), arcname: 'train.py' }],
      encryption: { ServerSideEncryption: 'aws:kms' },
    } as TrainingJobPlan['uploads'][number]],
  });
  await run(fake, plan);
  const put = fake.calls.find(c => c.op === 'PutObject')!;
  assert.equal(put.key, 'job-1/source/sourcedir.tar.gz');
  assert.equal(put.headers['x-amz-server-side-encryption'], 'aws:kms');
  // fw_utils.tar_and_upload_dir with expected_bucket_owner=Session._get_account_id_if_default_bucket(code_bucket).
  assert.equal(put.headers['x-amz-expected-bucket-owner'], ACCOUNT);
  const tar = gunzipSync(fake.objects.get(`${bucket}/job-1/source/sourcedir.tar.gz`)!);
  // The names in the ustar headers, in order.
  const names: string[] = [];
  for (let off = 0; off + 512 <= tar.length; ) {
    const name = tar.subarray(off, off + 100).toString('utf8').replace(/\0.*$/s, '');
    if (!name) break;
    const size = parseInt(tar.subarray(off + 124, off + 136).toString('ascii').trim(), 8);
    names.push(name);
    off += 512 + Math.ceil(size / 512) * 512;
  }
  assert.deepEqual(names, ['lib/u.py', 'train.py']);
});

test('a cancel during the uploads aborts every upload in flight, leaves no multipart upload and creates no job', async () => {
  const controller = new AbortController();
  let release!: () => void;
  const gate = new Promise<void>(resolve => { release = resolve; });
  let partsSeen = 0;
  const fake = new FakeAws({
    beforePart: async () => {
      partsSeen++;
      if (partsSeen === 3) controller.abort(); // several parts of several files are on the wire
      await gate;
    },
  });
  const dir = dataDir({ 'a.bin': 11 * MB, 'b.bin': 11 * MB, 'c.bin': 11 * MB, 'd.bin': 11 * MB, 'e.bin': 11 * MB, 'f.bin': 11 * MB });
  const bucket = `sagemaker-us-east-1-${ACCOUNT}`;
  const plan = basePlan({ uploads: [{ kind: 'channel', channel: 'train', localPath: dir, s3Uri: `s3://${bucket}/job-1/input/train/` }] });
  const launched = run(fake, plan, controller.signal);
  // The parts on the wire finish only later (as on a slow link).
  setTimeout(release, 50);
  await assert.rejects(launched, (error: unknown) => error instanceof LaunchAbortedError && /no training job was created/.test((error as Error).message));
  assert.equal(fake.multipart.size, 0, `multipart uploads left: ${[...fake.multipart.values()].map(u => u.key)}`);
  assert.ok(fake.ops().includes('AbortMultipartUpload'));
  assert.equal(fake.jobs.length, 0);
  assert.ok(!fake.ops().includes('CreateTrainingJob'));
  // No file beyond the first FILE_CONCURRENCY was started.
  const started = new Set(fake.calls.filter(c => c.op === 'CreateMultipartUpload').map(c => c.key));
  assert.ok(started.size <= 4, `started ${[...started]}`);
});

test('an already cancelled launch does nothing', async () => {
  const fake = new FakeAws();
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(run(fake, basePlan(), controller.signal), LaunchAbortedError);
  assert.deepEqual(fake.ops(), []);
});

test('a failed upload stops the launch: the error says where and what to do, no job, no multipart upload left', async () => {
  const fake = new FakeAws({ fail: call => (call.op === 'PutObject' && call.key?.endsWith('b.csv') ? [403, 'AccessDenied', 'Access Denied'] : undefined) });
  const dir = dataDir({ 'a.bin': 11 * MB, 'b.csv': 10, 'c.bin': 11 * MB });
  const bucket = `sagemaker-us-east-1-${ACCOUNT}`;
  const plan = basePlan({ uploads: [{ kind: 'channel', channel: 'train', localPath: dir, s3Uri: `s3://${bucket}/job-1/input/train/` }] });
  await assert.rejects(run(fake, plan), (error: unknown) => {
    assert.ok(isLaunchError(error));
    assert.equal(error.kind, 'access-denied');
    assert.equal(error.stage, 'upload');
    assert.match(error.message, /b\.csv to s3:\/\/sagemaker-us-east-1-123456789012\/job-1\/input\/train\/b\.csv failed: AWS refused the call: Access Denied/);
    assert.match(error.message, /No training job was created/);
    return true;
  });
  assert.equal(fake.multipart.size, 0);
  assert.equal(fake.jobs.length, 0);
});

test('an empty data folder is refused before anything is sent', async () => {
  const fake = new FakeAws();
  const dir = tempDir('launch-empty-');
  const plan = basePlan({ uploads: [{ kind: 'channel', channel: 'train', localPath: dir, s3Uri: `s3://sagemaker-us-east-1-${ACCOUNT}/job-1/input/train/` }] });
  await assert.rejects(run(fake, plan), (error: unknown) => isLaunchError(error) && error.kind === 'local-files' && /holds no files/.test(error.message));
  assert.deepEqual(fake.ops(), []);
});

test('SageMaker\'s ValidationException comes back with its message, the field and the next step', async () => {
  const message = "1 validation error detected: Value 'ml.m9.huge' at 'resourceConfig.instanceType' failed to satisfy constraint: Member must satisfy enum value set";
  const fake = new FakeAws({ fail: call => (call.op === 'CreateTrainingJob' ? [400, 'ValidationException', message] : undefined) });
  await assert.rejects(run(fake, basePlan()), (error: unknown) => {
    assert.ok(isLaunchError(error));
    assert.equal(error.kind, 'validation');
    assert.equal(error.stage, 'create');
    assert.equal(error.field, 'instance_type');
    assert.ok(error.message.startsWith(`SageMaker did not create training job job-1: ${message}`));
    assert.match(error.nextStep, /Check "instance_type" in estimator\.json/);
    return true;
  });
});

test('ResourceLimitExceeded names the quota of the plan\'s instance type', async () => {
  const fake = new FakeAws({ fail: call => (call.op === 'CreateTrainingJob' ? [400, 'ResourceLimitExceeded', "The account-level service limit 'ml.m5.xlarge for training job usage' is 0 Instances"] : undefined) });
  await assert.rejects(run(fake, basePlan()), (error: unknown) => {
    assert.ok(isLaunchError(error));
    assert.equal(error.kind, 'quota');
    assert.match(error.nextStep, /quota increase for "ml\.m5\.xlarge for training job usage" in Service Quotas/);
    return true;
  });
});

test('a link to /etc in channel data is not uploaded; the result names it in leftOut', { skip: process.platform === 'win32' }, async () => {
  const fake = new FakeAws();
  const dir = dataDir({ 'a.csv': 'a\n' });
  fs.symlinkSync('/etc', path.join(dir, 'etc'));
  const bucket = `sagemaker-us-east-1-${ACCOUNT}`;
  try {
    const result = await run(fake, basePlan({ uploads: [{ kind: 'channel', channel: 'train', localPath: dir, s3Uri: `s3://${bucket}/job-1/input/train/` }] }));
    assert.deepEqual([...fake.objects.keys()], [`${bucket}/job-1/input/train/a.csv`]);
    assert.equal(result.leftOut.length, 1);
    assert.match(result.leftOut[0]!, new RegExp(`The symbolic link ${path.join(dir, 'etc').replace(/[/\\.]/g, '.')} points to /etc, outside`));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
