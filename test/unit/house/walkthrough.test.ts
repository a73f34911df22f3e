// The walkthrough's steps are marked done by what the user did (a context key per step, set by the command table
// when the command gave something), not by a command merely started: held against src/core/walkthroughSteps.ts.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import test from 'node:test';
import { WALKTHROUGH_STEPS, walkthroughContextKey } from '../../../src/core/walkthroughSteps';

const root = path.resolve(__dirname, '../../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  contributes: { walkthroughs: { id: string; steps: { id: string; completionEvents?: string[] }[] }[] };
};
const steps = manifest.contributes.walkthroughs[0]!.steps;

test('the walkthrough has the seven steps, in the order of the loop', () => {
  assert.deepEqual(steps.map(s => s.id), WALKTHROUGH_STEPS.map(s => `sagemaker.${s}`));
});

test('each step completes on the context key that marks it done', () => {
  for (const step of WALKTHROUGH_STEPS) {
    const events = steps.find(s => s.id === `sagemaker.${step}`)!.completionEvents ?? [];
    assert.ok(events.includes(`onContext:${walkthroughContextKey(step)}`), `${step}: ${JSON.stringify(events)}`);
  }
});

test('no step past the first completes by a command merely started (the user may back out of its questions) or a view merely shown', () => {
  const early = steps.slice(1).flatMap(s => (s.completionEvents ?? []).filter(e => /^(onCommand|onView):/.test(e)).map(e => `${s.id}: ${e}`));
  assert.deepEqual(early, []);
});
