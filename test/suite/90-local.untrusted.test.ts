import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activated } from './support';

// Issue #12, finding 2: "an untrusted workspace cannot start or signal any local process". This suite runs alone in
// a VS Code whose workspace trust is on and whose folder is not trusted (runVsCodeTests.js --untrusted): the real
// registered commands, through vscode.commands, with VS Code's own answer to "is this workspace trusted?".

const workspace = () => vscode.workspace.workspaceFolders![0]!.uri.fsPath;

function isAlive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) [ZX]/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('Local mode in an untrusted workspace (workspace trust on)', function () {
  this.timeout(180_000);
  let sleeper: ChildProcess | undefined;

  afterEach(() => {
    sleeper?.kill('SIGKILL');
    sleeper = undefined;
  });

  it('VS Code itself says the workspace is untrusted, and the extension is active in restricted mode', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const api = await activated();
    assert.ok(api.local, 'the extension activated');
  });

  it('launch, stop, deploy, invoke and delete of local resources start and signal nothing', async () => {
    await activated();
    // A local estimator from the repository: launching it would run its entry point here.
    const dir = path.join(workspace(), 'untrusted-local');
    fs.cpSync(path.join(process.env.SAGEMAKER_TEST_ROOT!, 'examples/pca-local'), dir, {
      recursive: true, filter: source => !source.includes(`${path.sep}.sagemaker`),
    });
    const file = path.join(dir, 'estimator.json');
    const spec = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\s*\/\/.*$/m, '')) as Record<string, unknown>;
    const marker = path.join(dir, 'ran.txt');
    fs.writeFileSync(path.join(dir, 'code/mark.py'), `open(${JSON.stringify(marker)}, "w").write("ran")\n`);
    fs.writeFileSync(file, JSON.stringify({ ...spec, job_name: 'pca-untrusted', entry_point: 'mark.py' }, null, 2));
    const launched = await vscode.commands.executeCommand('sagemaker.launchTrainingJob', vscode.Uri.file(file));
    assert.equal(launched, undefined);
    assert.ok(!fs.existsSync(path.join(workspace(), '.sagemaker/local/pca-untrusted')), 'no job folder');
    assert.ok(!fs.existsSync(marker), 'the entry point did not run');

    // A process of the user's, named by records that describe a running job and a live endpoint.
    sleeper = spawn('sleep', ['300'], { stdio: 'ignore' });
    const pid = sleeper.pid!;
    const now = new Date().toISOString();
    const job = {
      TrainingJobName: 'pca-untrusted-running', TrainingJobStatus: 'InProgress', SecondaryStatus: 'Training', HyperParameters: {},
      AlgorithmSpecification: { TrainingInputMode: 'File' }, ResourceConfig: { InstanceType: 'local', InstanceCount: 1, VolumeSizeInGB: 1 },
      StoppingCondition: { MaxRuntimeInSeconds: 86_400 }, InputDataConfig: [], CreationTime: now, LastModifiedTime: now,
      Pid: pid, RunnerPid: pid, JobDir: dir, LogFile: path.join(dir, 'job.log'),
    };
    const endpoint = {
      EndpointName: 'pca-untrusted-endpoint', EndpointStatus: 'InService', Pid: pid, Port: 8080, CreationTime: now,
      LogFile: path.join(dir, 'endpoint.log'), ModelDir: dir, TrainingJobName: 'pca-untrusted-running',
    };
    const local = (value: object) => ({ kind: 'local', value });
    await vscode.commands.executeCommand('sagemaker.stopTrainingJob', local(job), { confirmed: true });
    await vscode.commands.executeCommand('sagemaker.deleteEndpoint', local(endpoint), { confirmed: true });
    assert.equal(await vscode.commands.executeCommand('sagemaker.deploy', local({ ...job, TrainingJobStatus: 'Completed' })), undefined);
    assert.equal(await vscode.commands.executeCommand('sagemaker.invokeEndpoint', local(endpoint)), undefined);
    assert.equal(await vscode.commands.executeCommand('sagemaker.invokeEndpointWithFile', local(endpoint)), undefined);
    assert.ok(isAlive(pid), 'the process was not signalled');
    assert.ok(!fs.existsSync(path.join(workspace(), '.sagemaker/local/endpoints')) || fs.readdirSync(path.join(workspace(), '.sagemaker/local/endpoints')).length === 0,
      'no endpoint started');
    assert.ok(!fs.existsSync(marker), 'no workspace code ran');
  });
});
