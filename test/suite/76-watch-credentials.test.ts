/**
 * Watched jobs over an expired AWS session (issue 19) in a real VS Code against moto: the proxy refuses
 * DescribeTrainingJob with ExpiredTokenException for a few seconds while the job ends; the window shows one message
 * naming the renew command with "Retry", keeps the job on the list, and after the session works again raises the
 * job's one end notification, with no second expiry message.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { seedTrainingJob } from './seed';
import { activated, injectFaults, motoTransitions, recordMessages, resetMoto, waitFor } from './support';

const config = () => vscode.workspace.getConfiguration('sagemaker');
describe('Watched jobs over an expired session', function () {
  this.timeout(180_000);
  before(async () => { await config().update('refreshIntervalSeconds', 1, vscode.ConfigurationTarget.Global); });
  after(async () => {
    await config().update('refreshIntervalSeconds', undefined, vscode.ConfigurationTarget.Global);
    await motoTransitions('sagemaker::training_job', undefined);
  });

  it('pauses with one message and Retry, keeps the job, and announces its end once after the session works again', async () => {
    const api = await activated();
    await resetMoto();
    await motoTransitions('sagemaker::training_job', { progression: 'time', seconds: 3_600 });
    await seedTrainingJob('watch-expired');
    const notifications = recordMessages();
    // A watcher of its own with a short check (the window's checks once a minute); it watches only this job.
    const watched = api.watchedJobs.reopened({ credentialCheckMs: 500 });
    try {
      watched.watch('watch-expired');
      const rounds = watched.rounds;
      await waitFor(() => watched.rounds > rounds || undefined, 'a first round of DescribeTrainingJob');
      await injectFaults([{ operation: 'SageMaker.DescribeTrainingJob', kind: 'error', status: 400, type: 'ExpiredTokenException', message: 'The security token included in the request is expired', forMs: 4_000 }]);
      await waitFor(() => watched.pause.paused || undefined, 'the watch to pause');
      await motoTransitions('sagemaker::training_job', { progression: 'immediate' });
      assert.ok(watched.has('watch-expired'), 'the job stays on the list while paused');
      await waitFor(() => !watched.has('watch-expired') || undefined, 'the job to end after the session works again', 60_000);
      await waitFor(() => notifications.shown.some(s => s.message.includes('job watch-expired ')) || undefined, 'its end notification');

      const expiry = notifications.shown.filter(s => /have expired/.test(s.message));
      assert.equal(expiry.length, 1, `one expiry message: ${JSON.stringify(expiry)}`);
      assert.match(expiry[0]!.message, /aws sso login/);
      assert.deepEqual(expiry[0]!.items, ['Retry']);
      assert.equal(notifications.shown.filter(s => s.message.includes('job watch-expired ')).length, 1, 'one end notification');
      assert.equal(watched.pause.paused, false);
      assert.equal(watched.pause.outages, 1);
    } finally {
      notifications.restore();
      watched.dispose();
    }
  });
});
