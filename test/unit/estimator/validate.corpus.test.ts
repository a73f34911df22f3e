/**
 * The invalid corpus: every test/fixtures/invalid/NNN-*.json has the diagnostics expected.json lists
 * (code, 0-based start position, a piece of the message, and the severity where it is not an error),
 * every message names its field, and loadEstimator never throws.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadEstimator } from '../../../src/core/estimator/load';
import type { EstimatorDiagnostic, JsonPath } from '../../../src/core/estimator/types';

interface Expected {
  line: number;
  character: number;
  code: string;
  messageIncludes: string;
  severity?: 'error' | 'warning' | 'info';
}

/** test/fixtures/invalid, found from the compiled test wherever its output directory is. */
function corpusDir(): string {
  const starts = [__dirname, process.cwd()];
  for (const start of starts) {
    let dir = start;
    for (;;) {
      const candidate = path.join(dir, 'test', 'fixtures', 'invalid');
      if (fs.existsSync(path.join(candidate, 'expected.json'))) return candidate;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error('test/fixtures/invalid/expected.json not found');
}

const dir = corpusDir();
const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Record<string, Expected[]>;
const files = fs.readdirSync(dir).filter(name => /^\d{3}-.*\.json$/.test(name)).sort();

export const OPTIONS = {
  fileName: 'estimator.json',
  env: { SAGEMAKER_ROLE: 'arn:aws:iam::123456789012:role/SageMakerRole', REGION: 'us-west-2', HOME: '/home/user' },
  workspaceFolder: '/work/project',
};

/** The last key of the path: what a message must name. */
function fieldOf(p: JsonPath): string | undefined {
  for (let i = p.length - 1; i >= 0; i--) if (typeof p[i] === 'string') return p[i] as string;
  return undefined;
}

function show(d: EstimatorDiagnostic): string {
  return `${d.range.start.line}:${d.range.start.character} ${d.severity} [${d.code}] ${d.message}`;
}

test('the corpus has at least 110 files, each listed in expected.json', () => {
  assert.ok(files.length >= 110, `only ${files.length} corpus files`);
  assert.deepEqual(Object.keys(expected).sort(), files);
  for (const file of files) assert.ok(expected[file].length > 0, `${file} expects nothing`);
});

for (const file of files) {
  test(`invalid corpus: ${file}`, () => {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    let result: ReturnType<typeof loadEstimator>;
    assert.doesNotThrow(() => {
      result = loadEstimator(text, OPTIONS);
    });
    result = result!;
    const got = result.diagnostics;
    for (const want of expected[file]) {
      const hit = got.find(d => d.code === want.code && d.range.start.line === want.line && d.range.start.character === want.character);
      assert.ok(hit, `${file}: no [${want.code}] at ${want.line}:${want.character}; got:\n  ${got.map(show).join('\n  ')}`);
      assert.ok(hit.message.includes(want.messageIncludes), `${file}: message of [${want.code}] lacks ${JSON.stringify(want.messageIncludes)}: ${hit.message}`);
      assert.equal(hit.severity, want.severity ?? 'error', `${file}: severity of [${want.code}]`);
    }
    for (const d of got) {
      const field = fieldOf(d.path);
      if (field !== undefined) {
        assert.ok(d.message.includes(field) || d.message.includes(field.slice(0, 39)), `${file}: message does not name its field "${field}": ${d.message}`);
      }
      assert.ok(d.range.start.line < d.range.end.line || (d.range.start.line === d.range.end.line && d.range.start.character <= d.range.end.character), `${file}: reversed range`);
      assert.ok(d.message.length > 20, `${file}: terse message ${d.message}`);
    }
    if (got.some(d => d.severity === 'error')) assert.equal(result.spec, undefined, `${file}: spec given despite errors`);
    else assert.ok(result.spec, `${file}: no spec without errors`);
  });
}

test('loadEstimator never throws, even on every prefix of the corpus files', () => {
  for (const file of files.slice(0, 40)) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    for (let end = 0; end <= text.length; end += 7) {
      const result = loadEstimator(text.slice(0, end), OPTIONS);
      assert.ok(Array.isArray(result.diagnostics));
    }
  }
});
