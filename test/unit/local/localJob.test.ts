import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tar from 'tar';
import type { EstimatorSpec } from '../../../src/core/estimator/types';
import { LocalModeError } from '../../../src/core/local/errors';
import { listLocalJobs, readLocalJob, readLocalJobLog, stopLocalJob, writeJobDescription, type LocalJobDescription } from '../../../src/core/local/jobStore';
import { checkLocalMode, defaultLocalJobName, failureTail, startLocalTrainingJob, type LocalJobLine, type LocalJobStatusEvent } from '../../../src/core/local/localJob';
import { jobPaths, localJobDir } from '../../../src/core/local/paths';
import { formatLocalJobLine } from '../../../src/core/local/jobOutput';
import { formatTransition } from '../../../src/core/logs/format';

const PYTHON = process.env.SAGEMAKER_TEST_PYTHON ?? 'python3';
const temps: string[] = [];
after(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

/** A workspace with an estimator folder holding `code/<files>` and `data/`. */
function workspace(files: Record<string, string>): { ws: string; est: string } {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-local-'));
  temps.push(ws);
  const est = path.join(ws, 'project');
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(est, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return { ws, est };
}

function spec(extra: Partial<EstimatorSpec> = {}): EstimatorSpec {
  return { framework: 'sklearn', framework_version: '1.2-1', entry_point: 'train.py', source_dir: 'code', instance_type: 'local', instance_count: 1, ...extra } as EstimatorSpec;
}

async function listTar(file: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  await tar.t({
    file,
    onReadEntry: (entry) => {
      const chunks: Buffer[] = [];
      entry.on('data', (c: Buffer) => chunks.push(c));
      entry.on('end', () => (out[entry.path] = Buffer.concat(chunks).toString('utf8')));
    },
  });
  return out;
}

const DUMP_SCRIPT = `
import json, os, sys
print("first line", flush=True)
env = {k: v for k, v in os.environ.items() if k.startswith("SM_") or k in ("PYTHONPATH", "PYTHONUNBUFFERED", "TRAINING_JOB_NAME", "SAGEMAKER_BASE_DIR", "MY_VAR")}
with open(os.path.join(os.environ["SM_MODEL_DIR"], "env.json"), "w") as f:
    json.dump({"env": env, "argv": sys.argv[1:], "cwd": os.getcwd(), "train": sorted(os.listdir(os.environ["SM_CHANNEL_TRAIN"]))}, f)
with open(os.path.join(os.environ["SM_OUTPUT_DATA_DIR"], "extra.txt"), "w") as f:
    f.write("extra")
print("loss=0.5", flush=True)
print("loss=0.25 acc=0.75", file=sys.stderr, flush=True)
`;

test('a Completed job: the /opt/ml layout, config files, toolkit environment, argv, artifacts, metrics and job.json', async () => {
  const { ws, est } = workspace({ 'code/train.py': DUMP_SCRIPT, 'code/requirements.txt': 'numpy\n', 'data/train.csv': '1,2\n3,4\n', 'data/validation/v.csv': '5,6\n' });
  const lines: LocalJobLine[] = [];
  const statuses: LocalJobStatusEvent[] = [];
  const metrics: { name: string; value: number }[] = [];
  const handle = startLocalTrainingJob(
    spec({
      hyperparameters: { epochs: 10, lr: 0.1, name: 'pca' },
      inputs: { train: { s3_data: 'file://data/train.csv', content_type: 'text/csv' }, validation: 'data/validation' },
      metric_definitions: [{ Name: 'loss', Regex: 'loss=([0-9.]+)' }, { Name: 'acc', Regex: 'acc=([0-9.]+)' }],
      environment: { MY_VAR: 'hello' },
    }),
    { estimatorDir: est, workspaceDir: ws, jobName: 'job-ok', python: PYTHON, region: 'eu-west-1', env: { ...process.env, PYTHONPATH: '/extra' }, useVenv: false },
  );
  handle.events.on('line', (l) => lines.push(l));
  handle.events.on('status', (s) => statuses.push(s));
  handle.events.on('metric', (m) => metrics.push(m));
  assert.equal(handle.jobDir, path.join(ws, '.sagemaker', 'local', 'job-ok'));
  const result = await handle.done;
  assert.equal(result.status, 'Completed', result.failureReason);
  assert.equal(result.exitCode, 0);
  const p = jobPaths(handle.jobDir);

  // Layout and config files, as SageMaker writes them.
  for (const dir of [p.inputConfig, p.model, p.output, p.outputData, p.checkpoints]) assert.ok(fs.statSync(dir).isDirectory(), dir);
  const hps = JSON.parse(fs.readFileSync(p.hyperparameters, 'utf8'));
  assert.equal(hps.epochs, '10');
  assert.equal(hps.name, '"pca"');
  assert.equal(hps.sagemaker_program, '"train.py"');
  assert.equal(hps.sagemaker_region, '"eu-west-1"');
  assert.deepEqual(JSON.parse(fs.readFileSync(p.inputDataConfig, 'utf8')), {
    train: { ContentType: 'text/csv', TrainingInputMode: 'File', S3DistributionType: 'FullyReplicated', RecordWrapperType: 'None' },
    validation: { TrainingInputMode: 'File', S3DistributionType: 'FullyReplicated', RecordWrapperType: 'None' },
  });
  const resource = JSON.parse(fs.readFileSync(p.resourceConfig, 'utf8'));
  assert.equal(resource.current_host, 'algo-1');
  assert.deepEqual(resource.hosts, ['algo-1']);
  assert.equal(resource.network_interface_name, 'eth0');
  // Local data in place: a folder is linked, a file linked into the channel folder.
  assert.ok(fs.lstatSync(path.join(p.inputData, 'validation')).isSymbolicLink());
  assert.equal(fs.readFileSync(path.join(p.inputData, 'train', 'train.csv'), 'utf8'), '1,2\n3,4\n');

  // What the script saw.
  const seen = JSON.parse(fs.readFileSync(path.join(p.model, 'env.json'), 'utf8'));
  assert.deepEqual(seen.argv, ['--epochs', '10', '--lr', '0.1', '--name', 'pca']);
  assert.equal(fs.realpathSync(seen.cwd), fs.realpathSync(path.join(est, 'code')));
  assert.deepEqual(seen.train, ['train.csv']);
  const env = seen.env as Record<string, string>;
  assert.equal(env.SM_MODEL_DIR, p.model);
  assert.equal(env.SM_CHANNEL_TRAIN, path.join(p.inputData, 'train'));
  assert.equal(env.SM_CHANNEL_VALIDATION, path.join(p.inputData, 'validation'));
  assert.equal(env.SM_CHANNELS, '["train","validation"]');
  assert.equal(env.SM_HPS, '{"epochs":10,"lr":0.1,"name":"pca"}');
  assert.equal(env.SM_HP_EPOCHS, '10');
  assert.equal(env.SM_HP_NAME, 'pca');
  assert.equal(env.SM_USER_ARGS, '["--epochs","10","--lr","0.1","--name","pca"]');
  assert.equal(env.SM_OUTPUT_DATA_DIR, p.outputData);
  assert.equal(env.SM_OUTPUT_DIR, p.output);
  assert.equal(env.SM_INPUT_DIR, p.input);
  assert.equal(env.SM_INPUT_CONFIG_DIR, p.inputConfig);
  assert.equal(env.SM_CURRENT_HOST, 'algo-1');
  assert.equal(env.SM_HOSTS, '["algo-1"]');
  assert.equal(env.SM_NUM_CPUS, String(os.cpus().length));
  assert.equal(env.SM_NUM_GPUS, '0');
  assert.equal(env.SM_MODULE_DIR, path.join(est, 'code'));
  assert.equal(env.SM_MODULE_NAME, 'train');
  assert.equal(env.SM_LOG_LEVEL, '20');
  assert.equal(JSON.parse(env.SM_TRAINING_ENV).job_name, 'job-ok');
  assert.equal(env.TRAINING_JOB_NAME, 'job-ok');
  assert.equal(env.SAGEMAKER_BASE_DIR, p.root);
  assert.equal(env.PYTHONUNBUFFERED, '1');
  assert.deepEqual(env.PYTHONPATH.split(path.delimiter), [path.join(est, 'code'), '/extra']);
  assert.equal(env.MY_VAR, 'hello');

  // Artifacts: model/ and output/data/ at the root of their archives.
  assert.equal(result.modelArtifacts, p.modelTarGz);
  assert.deepEqual(Object.keys(await listTar(p.modelTarGz)), ['env.json']);
  assert.deepEqual(await listTar(p.outputTarGz), { 'extra.txt': 'extra' });

  // Events, metrics, log.
  assert.deepEqual(statuses.map((s) => s.secondaryStatus), ['Starting', 'Downloading', 'Training', 'Uploading', 'Completed']);
  assert.deepEqual(statuses.map((s) => s.status), ['InProgress', 'InProgress', 'InProgress', 'InProgress', 'Completed']);
  assert.ok(lines.some((l) => l.stream === 'stdout' && l.text === 'first line'));
  assert.ok(lines.some((l) => l.stream === 'stderr' && l.text === 'loss=0.25 acc=0.75'));
  assert.ok(lines.some((l) => l.stream === 'system' && /requirements\.txt is not installed/.test(l.text)));
  assert.deepEqual(metrics.map((m) => [m.name, m.value]).sort(), [['acc', 0.75], ['loss', 0.25], ['loss', 0.5]]);
  assert.deepEqual(result.finalMetrics.map((m) => [m.name, m.value]).sort(), [['acc', 0.75], ['loss', 0.25]]);
  // Each status change once, in the cloud tail's words: "--- 2026-11-25 10:00:03 Training: ...".
  const log = readLocalJobLog(handle.jobDir);
  assert.match(log, /first line\n[\s\S]*^--- \d{4}-\d\d-\d\d \d\d:\d\d:\d\d Completed: Training job completed/m);
  for (const status of ['Starting', 'Downloading', 'Training', 'Uploading', 'Completed']) {
    assert.equal(log.split('\n').filter((l) => new RegExp(`^--- \\S+ \\S+ ${status}: `).test(l)).length, 1, `${status} once in\n${log}`);
  }
  const statusLines = lines.filter((l) => l.stream === 'system' && /^\S+ \S+ (Starting|Downloading|Training|Uploading|Completed)/.test(l.text));
  assert.deepEqual(statusLines.map((l) => formatLocalJobLine(l)), statuses.map((s) => formatTransition({ status: s.secondaryStatus, startTime: s.timestamp, message: s.message })));
  assert.equal(fs.readFileSync(p.metrics, 'utf8').trim().split('\n').length, 3);
  assert.ok(result.firstOutputAt && result.spawnedAt && result.firstOutputAt >= result.spawnedAt);

  const d = readLocalJob(ws, 'job-ok')!;
  assert.equal(d.TrainingJobStatus, 'Completed');
  assert.equal(d.ModelArtifacts?.LocalPath, p.modelTarGz);
  assert.equal(d.OutputArtifacts?.LocalPath, p.outputTarGz);
  assert.deepEqual(d.SecondaryStatusTransitions.map((t) => t.Status), ['Starting', 'Downloading', 'Training', 'Uploading', 'Completed']);
  assert.ok(d.SecondaryStatusTransitions.every((t) => t.EndTime));
  assert.deepEqual(d.FinalMetricDataList.map((m) => m.MetricName).sort(), ['acc', 'loss']);
  assert.equal(d.HyperParameters.epochs, '10');
  assert.equal(d.ServingEntryPoint, 'train.py');
  assert.match(d.AlgorithmSpecification.TrainingImage ?? '', /sagemaker-scikit-learn:1\.2-1-cpu-py3$/);
  assert.ok(fs.readFileSync(path.join(ws, '.sagemaker', 'local', '.gitignore'), 'utf8').includes('*'));
});

test('a script that raises ends Failed with the end of its traceback as the reason', async () => {
  const { ws, est } = workspace({
    'code/train.py': 'import sys\nprint("starting")\ndef go():\n    raise ValueError("boom: bad value")\ngo()\n',
  });
  const handle = startLocalTrainingJob(spec({ hyperparameters: { epochs: 2 } }), { estimatorDir: est, workspaceDir: ws, jobName: 'job-raise', python: PYTHON });
  const result = await handle.done;
  assert.equal(result.status, 'Failed');
  assert.equal(result.exitCode, 1);
  assert.match(result.failureReason!, /^AlgorithmError: ExecuteUserScriptError:\nExitCode 1\nErrorMessage "/);
  assert.match(result.failureReason!, /File ".*train\.py", line 4, in go\n {4}raise ValueError\("boom: bad value"\)\nValueError: boom: bad value"/);
  assert.match(result.failureReason!, /Command ".*train\.py --epochs 2", exit code: 1$/);
  assert.equal(result.modelArtifacts, undefined);
  const d = readLocalJob(ws, 'job-raise')!;
  assert.equal(d.TrainingJobStatus, 'Failed');
  assert.equal(d.FailureReason, result.failureReason);
});

test('the framework version is asked of the Python while the entry point runs, and its warning is logged before the end', async () => {
  // The interpreter answers the version question (`-c`) only once the entry point has started and left a marker:
  // asked before the entry point, as it was, the question gives up after 20 s and no warning is logged.
  const { ws, est } = workspace({ 'code/train.py': 'import pathlib, sys\npathlib.Path(sys.argv[-1]).touch()\nprint("entry point ran", flush=True)\n' });
  const marker = path.join(ws, 'entry-point-started');
  const python = path.join(ws, 'python-after-entry-point');
  fs.writeFileSync(python, `#!/bin/sh\nif [ "$1" = "-c" ]; then\n  i=0\n  while [ ! -f '${marker}' ]; do i=$((i+1)); [ $i -gt 200 ] && exit 1; sleep 0.1; done\nfi\nexec ${PYTHON} "$@"\n`, { mode: 0o755 });
  const lines: LocalJobLine[] = [];
  const handle = startLocalTrainingJob(spec({ hyperparameters: { marker } }), { estimatorDir: est, workspaceDir: ws, jobName: 'job-version-beside', python });
  handle.events.on('line', (line) => lines.push(line));
  const result = await handle.done;
  assert.equal(result.status, 'Completed');
  const texts = lines.map((line) => line.text);
  const warning = texts.findIndex((text) => text.startsWith('Warning: framework_version is 1.2-1, but scikit-learn'));
  assert.ok(warning >= 0, texts.join('\n'));
  assert.equal(texts.filter((text) => text.startsWith('Warning: framework_version')).length, 1);
  assert.ok(texts.includes('entry point ran'), texts.join('\n'));
  assert.match(readLocalJobLog(localJobDir(ws, 'job-version-beside')), /Warning: framework_version is 1\.2-1[^\n]*\n(.*\n)*.*Completed/);
});

test('a script that writes output/failure ends Failed with that reason', async () => {
  const { ws, est } = workspace({
    'code/train.py': 'import os, sys\nopen(os.path.join(os.environ["SM_OUTPUT_DIR"], "failure"), "w").write("ClientError: feature_dim does not match the data")\nsys.exit(2)\n',
  });
  const result = await startLocalTrainingJob(spec(), { estimatorDir: est, workspaceDir: ws, jobName: 'job-failure-file', python: PYTHON }).done;
  assert.equal(result.status, 'Failed');
  assert.equal(result.exitCode, 2);
  assert.equal(result.failureReason, 'ClientError: feature_dim does not match the data');
});

function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\S+ \(.*\) [ZX] /.test(stat);
  } catch {
    return false;
  }
}

test('stop() kills the whole process group and the job ends Stopped', async () => {
  const { ws, est } = workspace({
    'code/train.py': [
      'import os, subprocess, sys, time',
      'child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])',
      'open(os.path.join(os.environ["SM_MODEL_DIR"], "pids"), "w").write("%d %d" % (os.getpid(), child.pid))',
      'print("ready", flush=True)',
      'time.sleep(60)',
    ].join('\n'),
  });
  const handle = startLocalTrainingJob(spec(), { estimatorDir: est, workspaceDir: ws, jobName: 'job-stop', python: PYTHON, stopGraceMs: 1000 });
  const statuses: string[] = [];
  handle.events.on('status', (s) => statuses.push(s.secondaryStatus));
  await new Promise<void>((resolve) => handle.events.on('line', (l) => l.text === 'ready' && resolve()));
  const [main, child] = fs.readFileSync(path.join(handle.jobDir, 'model', 'pids'), 'utf8').split(' ').map(Number);
  assert.ok(alive(main) && alive(child));
  assert.equal(handle.status, 'InProgress');
  await handle.stop();
  const result = await handle.done;
  assert.equal(result.status, 'Stopped');
  assert.ok(statuses.includes('Stopping'));
  assert.equal(statuses[statuses.length - 1], 'Stopped');
  const deadline = Date.now() + 60_000; // a ceiling for a busy machine: the loop ends as soon as both are gone
  while ((alive(main) || alive(child)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.ok(!alive(main), 'the entry point is gone');
  assert.ok(!alive(child), 'its child is gone');
  assert.equal(readLocalJob(ws, 'job-stop')!.TrainingJobStatus, 'Stopped');
  // Like SageMaker, what the job saved before it was stopped is kept.
  assert.ok(fs.existsSync(jobPaths(handle.jobDir).modelTarGz));
});

test('stopLocalJob by name stops a job of this process', async () => {
  const { ws, est } = workspace({ 'code/train.py': 'import time\nprint("ready", flush=True)\ntime.sleep(60)\n' });
  const handle = startLocalTrainingJob(spec(), { estimatorDir: est, workspaceDir: ws, jobName: 'job-stop-by-name', python: PYTHON });
  await new Promise<void>((resolve) => handle.events.on('line', (l) => l.text === 'ready' && resolve()));
  const d = await stopLocalJob(ws, 'job-stop-by-name');
  assert.equal(d.TrainingJobStatus, 'Stopped');
});

test('an estimator that only names an image cannot run without Docker: LocalModeError saying what can', () => {
  const image = { image_uri: { framework: 'pca' }, instance_type: 'local', instance_count: 1 } as EstimatorSpec;
  assert.throws(
    () => checkLocalMode(image, () => ({ answers: false, detail: 'docker info failed: Cannot connect to the Docker daemon' })),
    (error: unknown) =>
      error instanceof LocalModeError &&
      error.kind === 'image-only' &&
      /only an image/.test(error.message) &&
      /none answers here \(docker info failed: Cannot connect/.test(error.message) &&
      /entry_point/.test(error.message),
  );
  // Through startLocalTrainingJob, with this machine's real probe.
  const { ws, est } = workspace({});
  assert.throws(() => startLocalTrainingJob(image, { estimatorDir: est, workspaceDir: ws, jobName: 'img', python: PYTHON }), LocalModeError);
  assert.ok(!fs.existsSync(localJobDir(ws, 'img')));
  assert.throws(() => checkLocalMode({ ...spec(), instance_type: 'ml.m5.xlarge' }), (e: unknown) => e instanceof LocalModeError && e.kind === 'not-local');
});

test('an estimator that only names an image may run in local mode when Docker answers', () => {
  const image = { image_uri: 'my-algorithm:1', instance_type: 'local', instance_count: 1 } as EstimatorSpec;
  assert.doesNotThrow(() => checkLocalMode(image, () => ({ answers: true, detail: 'Docker 26.1.5' })));
});

test('problems found before starting: missing entry point, missing data, S3 without a connection, a job that exists', async () => {
  const { ws, est } = workspace({ 'code/train.py': 'print("hi")\n' });
  const start = (s: EstimatorSpec, name: string): unknown => startLocalTrainingJob(s, { estimatorDir: est, workspaceDir: ws, jobName: name, python: PYTHON });
  assert.throws(() => start(spec({ entry_point: 'nope.py' }), 'a'), (e: unknown) => e instanceof LocalModeError && e.kind === 'entry-point' && e.field === 'entry_point');
  assert.throws(() => start(spec({ inputs: { train: 'data/missing' } }), 'b'), (e: unknown) => e instanceof LocalModeError && e.kind === 'input' && e.field === 'inputs.train');
  assert.throws(() => start(spec({ inputs: 's3://bucket/prefix/' }), 'c'), (e: unknown) => e instanceof LocalModeError && /AWS connection/.test(e.message) && e.field === 'inputs');
  assert.throws(() => start(spec(), 'bad_name'), (e: unknown) => e instanceof LocalModeError && e.kind === 'name');
  const ok = startLocalTrainingJob(spec(), { estimatorDir: est, workspaceDir: ws, jobName: 'twice', python: PYTHON });
  assert.throws(() => start(spec(), 'twice'), (e: unknown) => e instanceof LocalModeError && e.kind === 'exists');
  assert.equal((await ok.done).status, 'Completed');
});

test('S3 inputs go through the downloader; a Python that is not there fails the job with a hint', async () => {
  const { ws, est } = workspace({ 'code/train.py': 'import os\nprint(sorted(os.listdir(os.environ["SM_CHANNEL_TRAIN"])))\n' });
  const downloads: string[] = [];
  const downloaded = startLocalTrainingJob(spec({ inputs: { train: 's3://bucket/train/' } }), {
    estimatorDir: est, workspaceDir: ws, jobName: 's3-job', python: PYTHON,
    downloadS3: async (uri, dest) => {
      downloads.push(uri);
      fs.writeFileSync(path.join(dest, 'part-0.csv'), '1\n');
    },
  });
  const lines: string[] = [];
  downloaded.events.on('line', (l) => lines.push(l.text));
  assert.equal((await downloaded.done).status, 'Completed');
  assert.deepEqual(downloads, ['s3://bucket/train/']);
  assert.ok(lines.includes("['part-0.csv']"));

  const missing = await startLocalTrainingJob(spec(), { estimatorDir: est, workspaceDir: ws, jobName: 'no-python', python: '/nonexistent/python3' }).done;
  assert.equal(missing.status, 'Failed');
  assert.match(missing.failureReason!, /not found\. Set sagemaker\.local\.pythonPath/);
});

test('listLocalJobs reads the jobs back after a restart; a job whose runner died is Failed', async () => {
  const { ws, est } = workspace({ 'code/train.py': 'print("ok")\n' });
  const first = await startLocalTrainingJob(spec(), { estimatorDir: est, workspaceDir: ws, jobName: 'job-a', python: PYTHON }).done;
  await new Promise((r) => setTimeout(r, 5));
  const second = await startLocalTrainingJob(spec(), { estimatorDir: est, workspaceDir: ws, jobName: 'job-b', python: PYTHON }).done;
  assert.equal(first.status, 'Completed');
  assert.equal(second.status, 'Completed');
  // A job an editor left running when it exited: its runner pid no longer exists.
  const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid!;
  const orphan: LocalJobDescription = { ...first.description, TrainingJobName: 'job-c', TrainingJobStatus: 'InProgress', SecondaryStatus: 'Training', RunnerPid: dead, Pid: dead, CreationTime: new Date(Date.now() + 1000).toISOString() };
  delete orphan.TrainingEndTime;
  const orphanDir = localJobDir(ws, 'job-c');
  fs.mkdirSync(orphanDir, { recursive: true });
  writeJobDescription(orphanDir, orphan);
  fs.mkdirSync(path.join(ws, '.sagemaker', 'local', 'not-a-job'));

  const jobs = listLocalJobs(ws);
  assert.deepEqual(jobs.map((j) => j.TrainingJobName), ['job-c', 'job-b', 'job-a']);
  assert.deepEqual(jobs.map((j) => j.TrainingJobStatus), ['Failed', 'Completed', 'Completed']);
  assert.match(jobs[0].FailureReason!, /runner/);
  assert.equal(JSON.parse(fs.readFileSync(jobPaths(orphanDir).jobJson, 'utf8')).TrainingJobStatus, 'Failed');
  assert.deepEqual(listLocalJobs(path.join(ws, 'nowhere')), []);
});

test('a file:// output_path gets model.tar.gz and output.tar.gz under <path>/<job>/, as in the SDK\'s local mode', async () => {
  const { ws, est } = workspace({ 'code/train.py': 'import os\nopen(os.path.join(os.environ["SM_MODEL_DIR"], "m.txt"), "w").write("m")\n' });
  const result = await startLocalTrainingJob(spec({ output_path: 'file://out' }), { estimatorDir: est, workspaceDir: ws, jobName: 'with-output', python: PYTHON }).done;
  assert.equal(result.status, 'Completed');
  assert.deepEqual(fs.readdirSync(path.join(est, 'out', 'with-output')).sort(), ['model.tar.gz', 'output.tar.gz']);
  assert.deepEqual(await listTar(path.join(est, 'out', 'with-output', 'model.tar.gz')), { 'm.txt': 'm' });
});

test('failure tails and default job names', () => {
  assert.equal(
    failureTail(['noise', 'Traceback (most recent call last):', '  File "a.py", line 1, in <module>', '    f()', '  File "a.py", line 3, in f', '    raise KeyError("k")', "KeyError: 'k'"]),
    '  File "a.py", line 3, in f\n    raise KeyError("k")\nKeyError: \'k\'',
  );
  assert.equal(failureTail(['a', 'b', 'c', 'd', 'e', 'f']), 'b\nc\nd\ne\nf');
  const now = new Date(Date.UTC(2024, 0, 31, 9, 5, 7, 42));
  assert.equal(defaultLocalJobName(spec({ base_job_name: 'pca-local' }), now), 'pca-local-2024-01-31-09-05-07-042');
  assert.equal(defaultLocalJobName(spec(), now), 'sagemaker-scikit-learn-2024-01-31-09-05-07-042');
});
