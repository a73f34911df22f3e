import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DescribeTrainingJobCommand, ListTrainingJobsCommand } from '@aws-sdk/client-sagemaker';
import { GetObjectCommand, HeadBucketCommand, ListMultipartUploadsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { Parser, type ReadEntry } from 'tar';
import type { AwsClients } from '../../src/aws/clientFactory';
import { numberLiteralsFromJson } from '../../src/core/estimator/hyperparameters';
import { loadEstimator } from '../../src/core/estimator/load';
import { buildTrainingJobRequest, type TrainingJobPlan } from '../../src/core/estimator/request';
import type { LaunchErrorLike } from '../../src/core/launch/errors';
import type { LaunchProgress } from '../../src/core/launch/progress';
import { activated, extensionAws, motoClients, motoUrl, resetMoto, workspaceFile } from './support';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const BUCKET = `sagemaker-${REGION}-${ACCOUNT}`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/SageMakerRole`;

/** The launch of the extension's AWS bundle (src/aws/index.ts exports it). */
const launchApi = () => extensionAws();

function workspaceFolder(): string {
  return vscode.workspace.workspaceFolders![0]!.uri.fsPath;
}


/** The plan the launch makes of a file: the same builder, the account moto's STS gives. */
function planOf(uri: vscode.Uri): TrainingJobPlan {
  const text = fs.readFileSync(uri.fsPath, 'utf8');
  const loaded = loadEstimator(text, { fileName: uri.fsPath, env: process.env, workspaceFolder: workspaceFolder(), region: REGION });
  assert.ok(loaded.spec, JSON.stringify(loaded.diagnostics));
  return buildTrainingJobRequest(loaded.spec, {
    region: REGION, account: ACCOUNT, baseDir: path.dirname(uri.fsPath), numberLiterals: numberLiteralsFromJson(text),
  });
}

async function launchCommand(uri: vscode.Uri): Promise<string | undefined> {
  return vscode.commands.executeCommand<string | undefined>('sagemaker.launchTrainingJob', uri);
}

async function jobNames(clients: AwsClients = motoClients()): Promise<string[]> {
  const out = await clients.sageMaker().client.send(new ListTrainingJobsCommand({}));
  return (out.TrainingJobSummaries ?? []).map(j => j.TrainingJobName!).sort();
}

async function objectKeys(prefix: string): Promise<string[]> {
  const out = await motoClients().s3().client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  return (out.Contents ?? []).map(o => o.Key!).sort();
}

async function openMultipartUploads(bucket = BUCKET): Promise<string[]> {
  const out = await motoClients().s3().client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
  return (out.Uploads ?? []).map(u => u.Key!);
}

async function bucketExists(bucket = BUCKET): Promise<boolean> {
  try {
    await motoClients().s3().client.send(new HeadBucketCommand({ Bucket: bucket }));
    return true;
  } catch {
    return false;
  }
}

async function getObject(key: string): Promise<Buffer> {
  const out = await motoClients().s3().client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return Buffer.from(await out.Body!.transformToByteArray());
}

/** Names and contents of a .tar.gz, read with the tar package. */
async function listTarGz(buffer: Buffer): Promise<Map<string, string>> {
  const entries = new Map<string, string>();
  await new Promise<void>((resolve, reject) => {
    const parser = new Parser({
      onReadEntry: (entry: ReadEntry) => {
        const chunks: Buffer[] = [];
        entry.on('data', (c: Buffer) => chunks.push(c));
        entry.on('end', () => entries.set(`${entry.type}:${entry.path}`, Buffer.concat(chunks).toString('utf8')));
      },
    });
    parser.on('end', resolve);
    parser.on('error', reject);
    parser.end(buffer);
  });
  return entries;
}

const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

const S3_INPUT = `{
  // Built-in PCA on data already in S3
  "image_uri": { "framework": "pca" },
  "role": "${ROLE}",
  "instance_count": 1,
  "instance_type": "ml.m4.xlarge",
  "max_run": 3600,
  "hyperparameters": { "feature_dim": 4, "num_components": 3, "mini_batch_size": 200, "subtract_mean": 1.0 },
  "inputs": { "train": { "s3_data": "s3://my-data-bucket/pca/train/", "content_type": "text/csv;label_size=0" } },
  "job_name": "launch-s3-input"
}
`;

const LOCAL_DATA = (jobName: string, extra = '') => `{
  "image_uri": { "framework": "pca" },
  "role": "${ROLE}",
  "instance_count": 1,
  "instance_type": "ml.m4.xlarge",${extra}
  "hyperparameters": { "feature_dim": 4, "num_components": 3, "mini_batch_size": 200 },
  "inputs": { "train": "data/train", "test": { "s3_data": "file://data/test.csv", "content_type": "text/csv" } },
  "job_name": "${jobName}"
}
`;

const SCRIPT_MODE = `{
  "framework": "pytorch",
  "framework_version": "1.7.1",
  "py_version": "py3",
  "entry_point": "train.py",
  "source_dir": "src",
  "dependencies": ["lib/helpers"],
  "role": "${ROLE}",
  "instance_count": 1,
  "instance_type": "ml.c5.xlarge",
  "hyperparameters": { "epochs": 1, "lr": 0.01 },
  "inputs": { "training": "s3://my-data-bucket/cifar10/" },
  "job_name": "launch-script-mode"
}
`;

describe('Launch Training Job against moto', function () {
  this.timeout(120_000);
  before(async () => { await activated(); });
  beforeEach(resetMoto);
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('creates exactly one training job whose description matches the plan (S3 input)', async () => {
    const uri = workspaceFile('launch-s3/estimator.json', S3_INPUT);
    const plan = planOf(uri);
    assert.equal(await launchCommand(uri), 'launch-s3-input');
    assert.deepEqual(await jobNames(), ['launch-s3-input']);
    const job = await motoClients().sageMaker().client.send(new DescribeTrainingJobCommand({ TrainingJobName: 'launch-s3-input' }));
    const request = json(plan.request) as Record<string, any>;
    assert.equal(job.TrainingJobName, request.TrainingJobName);
    assert.equal(job.AlgorithmSpecification?.TrainingImage, request.AlgorithmSpecification.TrainingImage);
    assert.equal(job.AlgorithmSpecification?.TrainingInputMode, request.AlgorithmSpecification.TrainingInputMode);
    assert.equal(job.RoleArn, ROLE);
    assert.deepEqual(json(job.InputDataConfig), request.InputDataConfig);
    assert.deepEqual(json(job.OutputDataConfig), request.OutputDataConfig);
    assert.deepEqual(json(job.ResourceConfig), request.ResourceConfig);
    assert.deepEqual(json(job.StoppingCondition), request.StoppingCondition);
    assert.deepEqual(job.HyperParameters, request.HyperParameters);
    assert.equal(job.HyperParameters?.subtract_mean, '1.0', 'a number written 1.0 is a Python float');
    // The default output path is in the default bucket, which the launch made.
    assert.equal(request.OutputDataConfig.S3OutputPath, `s3://${BUCKET}/`);
    assert.ok(await bucketExists());
    assert.deepEqual(await openMultipartUploads(), []);
  });

  it('launches each seed example (inputs in S3) as exactly the request plan shows', async () => {
    const examples = path.join(process.env.SAGEMAKER_TEST_ROOT!, 'examples');
    for (const example of ['pca', 'linear-learner', 'pca-csv', 'pca-randomized', 'pytorch-cifar10']) {
      await resetMoto();
      fs.cpSync(path.join(examples, example), path.join(workspaceFolder(), 'seed-examples', example), { recursive: true });
      const uri = vscode.Uri.file(path.join(workspaceFolder(), 'seed-examples', example, 'estimator.json'));
      const name = await launchCommand(uri);
      assert.ok(name, `${example} did not launch`);
      assert.deepEqual(await jobNames(), [name], example);
      const text = fs.readFileSync(uri.fsPath, 'utf8').replace(/^\{/, `{ "job_name": "${name}",`);
      const loaded = loadEstimator(text, { fileName: uri.fsPath, env: process.env, region: REGION });
      assert.ok(loaded.spec, JSON.stringify(loaded.diagnostics));
      const request = json(buildTrainingJobRequest(loaded.spec, {
        region: REGION, account: ACCOUNT, baseDir: path.dirname(uri.fsPath), numberLiterals: numberLiteralsFromJson(text),
      }).request) as Record<string, any>;
      const job = await motoClients().sageMaker().client.send(new DescribeTrainingJobCommand({ TrainingJobName: name }));
      assert.equal(job.AlgorithmSpecification?.TrainingImage, request.AlgorithmSpecification.TrainingImage, example);
      assert.equal(job.RoleArn, request.RoleArn, example);
      for (const field of ['InputDataConfig', 'OutputDataConfig', 'ResourceConfig', 'StoppingCondition', 'HyperParameters'] as const) {
        assert.deepEqual(json(job[field]), request[field], `${example}: ${field}`);
      }
    }
  });

  it('uploads local data to the S3 URIs the plan shows, then creates the job reading them', async () => {
    workspaceFile('launch-local/data/train/part-0.csv', '1,2,3,4\n5,6,7,8\n');
    workspaceFile('launch-local/data/train/nested/part-1.csv', '9,10,11,12\n');
    workspaceFile('launch-local/data/test.csv', '0,0,0,0\n');
    const uri = workspaceFile('launch-local/estimator.json', LOCAL_DATA('launch-local-data'));
    const plan = planOf(uri);
    assert.deepEqual(plan.uploads.map(u => [u.channel, u.s3Uri]), [
      ['train', `s3://${BUCKET}/launch-local-data/input/train/`],
      ['test', `s3://${BUCKET}/launch-local-data/input/test/test.csv`],
    ]);
    assert.equal(await launchCommand(uri), 'launch-local-data');
    assert.deepEqual(await objectKeys('launch-local-data/'), [
      'launch-local-data/input/test/test.csv',
      'launch-local-data/input/train/nested/part-1.csv',
      'launch-local-data/input/train/part-0.csv',
    ]);
    assert.equal((await getObject('launch-local-data/input/train/nested/part-1.csv')).toString(), '9,10,11,12\n');
    const job = await motoClients().sageMaker().client.send(new DescribeTrainingJobCommand({ TrainingJobName: 'launch-local-data' }));
    assert.deepEqual(job.InputDataConfig?.map(c => c.DataSource?.S3DataSource?.S3Uri), plan.uploads.map(u => u.s3Uri));
    assert.deepEqual(await jobNames(), ['launch-local-data']);
  });

  it('packs source_dir and dependencies into sourcedir.tar.gz holding exactly the source files', async () => {
    workspaceFile('launch-script/src/train.py', 'import utils.io\nprint("training")\n');
    workspaceFile('launch-script/src/requirements.txt', 'numpy\n');
    workspaceFile('launch-script/src/utils/__init__.py', '');
    workspaceFile('launch-script/src/utils/io.py', 'def read(): return 1\n');
    workspaceFile('launch-script/lib/helpers/h.py', 'H = 1\n');
    const uri = workspaceFile('launch-script/estimator.json', SCRIPT_MODE);
    const plan = planOf(uri);
    const code = plan.uploads.find(u => u.kind === 'sourcedir');
    assert.ok(code);
    assert.equal(code.s3Uri, `s3://${BUCKET}/launch-script-mode/source/sourcedir.tar.gz`);
    assert.equal(await launchCommand(uri), 'launch-script-mode');
    const entries = await listTarGz(await getObject('launch-script-mode/source/sourcedir.tar.gz'));
    const expected = ['helpers/h.py', 'requirements.txt', 'train.py', 'utils/__init__.py', 'utils/io.py'];
    assert.deepEqual(code.files, expected);
    assert.deepEqual([...entries.keys()], expected.map(name => `File:${name}`), 'only regular files, in order, nothing else');
    assert.equal(entries.get('File:train.py'), 'import utils.io\nprint("training")\n');
    assert.equal(entries.get('File:helpers/h.py'), 'H = 1\n');
    const job = await motoClients().sageMaker().client.send(new DescribeTrainingJobCommand({ TrainingJobName: 'launch-script-mode' }));
    assert.equal(job.HyperParameters?.sagemaker_submit_directory, JSON.stringify(code.s3Uri));
    assert.equal(job.HyperParameters?.sagemaker_program, '"train.py"');
  });

  it('cancelled in the middle of a multi-file upload: no training job and no multipart upload left', async () => {
    const files = 8;
    const size = 16 * 1024 * 1024;
    for (let i = 0; i < files; i++) workspaceFile(`launch-cancel/data/train/shard-${i}.bin`, Buffer.alloc(size, i));
    workspaceFile('launch-cancel/data/test.csv', '0\n');
    const uri = workspaceFile('launch-cancel/estimator.json', LOCAL_DATA('launch-cancelled'));
    const plan = planOf(uri);
    const controller = new AbortController();
    const seen: LaunchProgress[] = [];
    const clients = motoClients();
    try {
      await assert.rejects(
        launchApi().launchTrainingJob(clients, plan, {
          signal: controller.signal,
          onProgress: p => {
            seen.push(p);
            // Cancel once some bytes of a large file are up, while other files are still on the wire.
            if (p.phase === 'uploading' && p.bytesDone >= size && !controller.signal.aborted) controller.abort();
          },
        }),
        (error: Error) => error.name === 'AbortError' && /no training job was created/.test(error.message),
      );
    } finally {
      clients.destroy();
    }
    const aborted = seen.find(p => p.bytesDone >= size)!;
    assert.ok(aborted.filesDone < aborted.filesTotal, `the cancel came after the uploads: ${JSON.stringify(aborted)}`);
    assert.deepEqual(await jobNames(), []);
    assert.deepEqual(await openMultipartUploads(), []);
    const uploaded = await objectKeys('launch-cancelled/');
    assert.ok(uploaded.length < files + 1, `all ${uploaded.length} files were uploaded despite the cancel`);
    fs.rmSync(path.join(workspaceFolder(), 'launch-cancel'), { recursive: true, force: true });
  });

  describe('when SageMaker refuses the request (ValidationException)', () => {
    const message = "1 validation error detected: Value 'ml.m4.xlarge' at 'resourceConfig.instanceType' failed to satisfy constraint: Member must satisfy enum value set";
    let proxy: http.Server;
    let proxyUrl: string;
    let endpointUrl: string | undefined;
    const setEndpoint = (url: string | undefined) =>
      vscode.workspace.getConfiguration('sagemaker').update('endpointUrl', url, vscode.ConfigurationTarget.Global);

    // moto accepts every CreateTrainingJob: a proxy in front of it answers that one call as SageMaker would refuse it.
    before(async () => {
      endpointUrl = vscode.workspace.getConfiguration('sagemaker').inspect<string>('endpointUrl')?.globalValue;
      const target = new URL(motoUrl());
      proxy = http.createServer((req, res) => {
        if (req.headers['x-amz-target'] === 'SageMaker.CreateTrainingJob') {
          req.resume();
          res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': 'ValidationException' });
          res.end(JSON.stringify({ __type: 'ValidationException', message }));
          return;
        }
        const forward = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, answer => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        forward.on('error', error => { res.writeHead(502); res.end(String(error)); });
        req.pipe(forward);
      });
      await new Promise<void>(resolve => proxy.listen(0, '127.0.0.1', resolve));
      proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    });
    after(async () => {
      await setEndpoint(endpointUrl);
      await new Promise(resolve => proxy.close(resolve));
    });

    it('says SageMaker\'s message and the field, and leaves no job and no multipart upload', async () => {
      workspaceFile('launch-refused/data/train/part-0.csv', '1,2,3,4\n');
      workspaceFile('launch-refused/data/train/big.bin', Buffer.alloc(12 * 1024 * 1024, 1));
      workspaceFile('launch-refused/data/test.csv', '0,0,0,0\n');
      const uri = workspaceFile('launch-refused/estimator.json', LOCAL_DATA('launch-refused'));
      const plan = planOf(uri);
      const clients = extensionAws().createAwsClients({ endpointUrl: proxyUrl, region: REGION });
      try {
        await assert.rejects(
          launchApi().launchTrainingJob(clients, plan, { signal: new AbortController().signal, onProgress: () => undefined }),
          (error: LaunchErrorLike) => {
            assert.equal(error.name, 'LaunchError');
            assert.equal(error.kind, 'validation');
            assert.equal(error.stage, 'create');
            assert.equal(error.field, 'instance_type');
            assert.ok(error.message.startsWith(`SageMaker did not create training job launch-refused: ${message}`), error.message);
            assert.match(error.message, /Check "instance_type" in estimator\.json/);
            return true;
          },
        );
      } finally {
        clients.destroy();
      }
      // Through the command too (the connection now goes through the proxy): it reports and returns nothing.
      await setEndpoint(proxyUrl);
      try {
        assert.equal(await launchCommand(uri), undefined);
      } finally {
        await setEndpoint(endpointUrl);
      }
      assert.deepEqual(await jobNames(), []);
      assert.deepEqual(await openMultipartUploads(), []);
      // The data went up completely (as the SDK leaves it), nothing half-written.
      assert.deepEqual(await objectKeys('launch-refused/'), [
        'launch-refused/input/test/test.csv',
        'launch-refused/input/train/big.bin',
        'launch-refused/input/train/part-0.csv',
      ]);
      assert.equal((await getObject('launch-refused/input/train/big.bin')).length, 12 * 1024 * 1024);
    });
  });

  it('sends nothing for an estimator with problems, or in local mode', async () => {
    const problems = workspaceFile('launch-problems/estimator.json', S3_INPUT.replace('"instance_count": 1', '"instance_count": "one"'));
    assert.equal(await launchCommand(problems), undefined, 'instance_count is not a number');
    workspaceFile('launch-invalid/src/other.py', 'print(1)\n');
    const invalid = workspaceFile('launch-invalid/estimator.json', SCRIPT_MODE.replace('"dependencies": ["lib/helpers"],', '').replace('launch-script-mode', 'launch-invalid'));
    assert.equal(await launchCommand(invalid), undefined, 'entry_point is not in source_dir');
    const local = workspaceFile('launch-localmode/estimator.json', S3_INPUT.replace('"ml.m4.xlarge"', '"local"').replace('launch-s3-input', 'launch-local-mode'));
    assert.equal(await launchCommand(local), undefined);
    assert.deepEqual(await jobNames(), []);
    assert.equal(await bucketExists(), false, 'no default bucket was made');
  });

  it('uploads many files through the command (throughput)', async () => {
    const files = 40;
    const size = 2_500_000;
    for (let i = 0; i < files; i++) workspaceFile(`launch-many/data/train/f-${String(i).padStart(3, '0')}.bin`, Buffer.alloc(size, i));
    workspaceFile('launch-many/data/test.csv', '0\n');
    const uri = workspaceFile('launch-many/estimator.json', LOCAL_DATA('launch-many'));
    const started = Date.now();
    assert.equal(await launchCommand(uri), 'launch-many');
    const ms = Date.now() - started;
    assert.equal((await objectKeys('launch-many/input/train/')).length, files);
    console.log(`      [launch] ${files + 1} files, ${((files * size) / 1e6).toFixed(1)} MB uploaded and job created in ${ms} ms `
      + `(${((files * size) / 1e6 / (ms / 1000)).toFixed(1)} MB/s to moto)`);
    fs.rmSync(path.join(workspaceFolder(), 'launch-many'), { recursive: true, force: true });
  });
});
