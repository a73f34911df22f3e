/**
 * Expired credentials while `wait` and `fit` follow a job: moto refuses DescribeTrainingJob and the log reads with
 * ExpiredTokenException for a while (through the fault-injecting proxy). The command says so once, naming the
 * profile and `aws sso login --profile ...`, retries quietly, and goes on: every line once, the job's exit code.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../unit/tempDir';
import { cli, FAST_TAIL, injectFaults, sentRequests, resetAll, setTransition, startMotoCli, writeJobLogs, type MotoCli } from './motoCli';

const PROFILE = 'ci-sso';
const EXPIRED = { kind: 'error', status: 400, type: 'ExpiredTokenException', message: 'The security token included in the request is expired' };
const PAUSED = `--- AWS credentials of profile "${PROFILE}" have expired. Run "aws sso login --profile ${PROFILE}"; paused work resumes by itself (checked every minute).`;
/** The retry every minute, shortened (the interval is the tail tuning's credentialRetryMs). */
const TUNING = { ...FAST_TAIL, credentialRetryMs: 100 };

let moto: MotoCli;
before(async () => {
  moto = await startMotoCli();
  // A named profile (with moto's keys) so that the message names it: the SDK reads it from these files.
  const dir = tempDir('sagemaker-cli-profile-');
  fs.writeFileSync(path.join(dir, 'credentials'), `[${PROFILE}]\naws_access_key_id = ${process.env.AWS_ACCESS_KEY_ID}\naws_secret_access_key = ${process.env.AWS_SECRET_ACCESS_KEY}\n`);
  fs.writeFileSync(path.join(dir, 'config'), `[profile ${PROFILE}]\nregion = us-east-1\n`);
  process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'credentials');
  process.env.AWS_CONFIG_FILE = path.join(dir, 'config');
});
after(async () => { await moto.stop(); });
beforeEach(async () => { await resetAll(); });

function count(text: string, line: string): number {
  return text.split('\n').filter(l => l === line).length;
}

test('wait pauses on an expired session with one message naming the profile, then follows the job to its end', async () => {
  const created = await cli(['fit', 'examples/pca/estimator.json', '--job-name', 'pca-expired-wait', '--no-wait', '--quiet', '--profile', PROFILE]);
  assert.equal(created.code, 0, created.stderr);
  await setTransition('sagemaker::training_job', 3);
  await injectFaults([{ operation: 'SageMaker.DescribeTrainingJob', forMs: 1000, ...EXPIRED }]);
  const { code, stdout, stderr } = await cli(['wait', 'pca-expired-wait', '--profile', PROFILE], { tailTuning: TUNING });
  assert.equal(code, 0, stderr);
  assert.equal(count(stderr, PAUSED), 1, stderr);
  assert.equal(stderr, `${PAUSED}\n`);
  assert.ok((await sentRequests('SageMaker.DescribeTrainingJob')).length >= 3, 'retried while paused');
  const transitions = stdout.split('\n').filter(l => /^--- \d{4}-/.test(l));
  assert.equal(new Set(transitions).size, transitions.length, `a transition printed twice: ${stdout}`);
  assert.match(stdout, /--- Completed\.( Billable \d+ s × \d+ instances? \(\d+ instance-seconds\)\.)?\n$/);
});

test('fit following its logs pauses once on an expired session, prints every line once and exits with the job\'s status', async () => {
  const jobName = 'pca-expired-fit';
  await setTransition('sagemaker::training_job', 4);
  const expected = Array.from({ length: 20 }, (_, i) => `line ${i}`);
  await writeJobLogs(jobName, { 'algo-1': expected.slice(0, 10), 'algo-2': expected.slice(10) });
  // One outage of the session: every read refused for the same second and a half.
  await injectFaults([
    { operation: 'Logs_20140328.FilterLogEvents', forMs: 1500, ...EXPIRED },
    { operation: 'SageMaker.DescribeTrainingJob', forMs: 1500, ...EXPIRED },
  ]);
  const { code, stdout, stderr } = await cli(['fit', 'examples/pca/estimator.json', '--job-name', jobName, '--profile', PROFILE], { tailTuning: TUNING });
  assert.equal(code, 0, stderr);
  assert.equal(count(stderr, PAUSED), 1, stderr);
  assert.doesNotMatch(stdout, /expired/);
  const shown = stdout.split('\n').filter(l => /^\[algo-\d\] line \d+$/.test(l)).map(l => l.replace(/^\[algo-\d\] /, ''));
  assert.deepEqual([...shown].sort(), [...expected].sort(), 'every line exactly once');
  assert.match(stdout, /^--- Completed\. Billable \d+ s × \d+ instances? \(\d+ instance-seconds\)\.$/m);
});

test('a --profile that the AWS files do not have is named as such, with the profiles they have (not "no credentials")', async () => {
  const { code, stdout, stderr } = await cli(['list', '--profile', 'ci-ssso']);
  assert.equal(code, 3);
  assert.equal(stdout, '');
  assert.equal(stderr, `sagemaker-estimator: could not list training jobs: The AWS profile "ci-ssso" is in neither the AWS config file nor the credentials file (the profiles there: ${PROFILE}). Check --profile.\n`);
});
