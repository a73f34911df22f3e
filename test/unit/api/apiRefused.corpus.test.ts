/**
 * The API-refused corpus (test/fixtures/api-refused): estimator files the JSON schema accepts but whose
 * CreateTrainingJob request the SageMaker API model refuses (too many channels, over-long values, bad ARNs, empty
 * list items, bad tag keys, out-of-range numbers, ...). Each file's first line says where the problem must be
 * reported: `// refused at: <JSON path> (<why>)`. Through the CLI's `plan` (as a user runs it), each must fail
 * with a `file:line:col` error at exactly that field's value, and print no request.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import { nodeAtPath, parseEstimatorText, rangeOfNode } from '../../../src/core/estimator/parse';
import type { JsonPath } from '../../../src/core/estimator/types';
import { schemaDiagnostics } from '../../../src/core/estimator/validateSchema';

function corpusDir(): string {
  for (const start of [__dirname, process.cwd()]) {
    let dir = start;
    for (;;) {
      const candidate = path.join(dir, 'test', 'fixtures', 'api-refused');
      if (fs.existsSync(candidate)) return candidate;
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  throw new Error('test/fixtures/api-refused not found');
}

const CORPUS = corpusDir();
const files = fs.readdirSync(CORPUS).filter(name => /^\d{3}-.*\.json$/.test(name)).sort();
const ENV = { PATH: process.env.PATH ?? '' };

/** The field the file's first line names. */
function expectedPath(text: string, file: string): JsonPath {
  const match = /^\/\/ refused at: (\[.*?\]) \(/.exec(text);
  assert.ok(match, `${file}: the first line must be "// refused at: [path] (why)"`);
  return JSON.parse(match[1]!) as JsonPath;
}

async function plan(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env: ENV, cwd: CORPUS };
  const code = await runCli(['plan', file, '--region', 'us-east-1', '--account', '123456789012'], io);
  return { code, stdout, stderr };
}

test('the API-refused corpus has at least 40 files', () => {
  assert.ok(files.length >= 40, `only ${files.length} files`);
});

for (const file of files) {
  test(`refused by the API model at its field: ${file}`, async () => {
    const text = fs.readFileSync(path.join(CORPUS, file), 'utf8');
    const at = expectedPath(text, file);
    const parsed = parseEstimatorText(text);
    assert.deepEqual(parsed.diagnostics, [], `${file}: not valid JSON`);
    const value = JSON.parse(text.slice(text.indexOf('\n') + 1)) as unknown;
    const schema = schemaDiagnostics({ value, root: parsed.root!, lines: parsed.lines, isUnresolved: () => false });
    assert.deepEqual(schema.diagnostics.map(d => d.message), [], `${file}: the schema must accept it (the API model is what refuses it)`);

    const node = nodeAtPath(parsed.root, at);
    assert.ok(node, `${file}: ${JSON.stringify(at)} is not in the file`);
    const { start } = rangeOfNode(parsed.lines, node);
    const where = `${file}:${start.line + 1}:${start.character + 1}: error: `;

    const run = await plan(file);
    assert.equal(run.code, 1, `${file}: plan accepted it:\n${run.stdout.slice(0, 500)}`);
    assert.equal(run.stdout, '', `${file}: printed a request and failed`);
    const errors = run.stderr.split('\n').filter(line => / error: /.test(line));
    assert.ok(errors.length > 0, `${file}: no error line:\n${run.stderr.slice(0, 1000)}`);
    assert.ok(errors[0]!.startsWith(where), `${file}: the first error is not at ${JSON.stringify(at)} (${where}):\n${errors.join('\n').slice(0, 1500)}`);
  });
}
