import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';

const root = path.resolve(__dirname, '../../../..');

/** The README's first `plan` command, as a reader copies it: its continuation lines joined, its VAR=value prefixes apart. */
function firstPlanExample(): { env: Record<string, string>; args: string[]; text: string } {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map(m => m[1]!);
  const block = blocks.find(b => /sagemaker-estimator plan /.test(b));
  assert.ok(block, 'the README has a sh block with a plan command');
  const commands = block.replace(/\\\n\s*/g, ' ').split('\n').filter(line => /sagemaker-estimator plan /.test(line));
  const text = commands[0]!.replace(/#.*$/, '').trim();
  const words = text.split(/\s+/);
  const env: Record<string, string> = {};
  while (/^\w+=/.test(words[0]!)) {
    const [name, ...value] = words.shift()!.split('=');
    env[name!] = value.join('=');
  }
  assert.deepEqual(words.slice(0, 3), ['npx', 'sagemaker-estimator', 'plan'], text);
  return { env, args: words.slice(2), text };
}

test('the README\'s first plan example runs as written: exit 0 and a request on stdout, with only the variables it names', async () => {
  const { env, args, text } = firstPlanExample();
  let stdout = '';
  let stderr = '';
  // Only PATH and what the example sets: nothing of this machine's environment may make it work.
  const code = await runCli(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: { PATH: process.env.PATH ?? '', ...env },
    cwd: root,
  });
  assert.equal(code, 0, `${text}\n${stderr}`);
  const request = JSON.parse(stdout) as { TrainingJobName?: string; AlgorithmSpecification?: unknown };
  assert.ok(request.TrainingJobName && request.AlgorithmSpecification, stdout.slice(0, 200));
});
