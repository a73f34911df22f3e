/**
 * Every snippet of snippets/*.code-snippets, with the default of each tab stop, is right: a whole estimator
 * validates and plans with no diagnostic at all; a part does inside a minimal valid estimator (channels inside
 * "inputs"); a Python snippet is valid Python. Also: no choice of any tab stop makes an error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, type ParseError } from 'jsonc-parser';
import { estimatorProblems } from '../../../src/core/estimator/plan';
import type { EstimatorDiagnostic } from '../../../src/core/estimator/types';
import { expandSnippetDefaults, snippetChoices, type SnippetEntry } from '../../../src/core/authoring/snippetDefaults';
import { partHost, snippetWorkspace } from './snippetHost';
import { tempDir } from '../tempDir';

function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'snippets', 'estimator.code-snippets'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`snippets/ not found above ${__dirname}`);
    dir = up;
  }
  return dir;
}

const ROOT = repoRoot();

function readSnippets(file: string): Record<string, SnippetEntry> {
  const errors: ParseError[] = [];
  const value = parse(fs.readFileSync(path.join(ROOT, 'snippets', file), 'utf8'), errors, { allowTrailingComma: true }) as Record<string, SnippetEntry>;
  assert.deepEqual(errors, [], `${file} is valid JSON with comments`);
  return value;
}

const show = (diagnostics: EstimatorDiagnostic[]) => diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} [${d.code}] ${d.message}`).join('\n');

function documentOf(entry: SnippetEntry, text: string): string {
  const prefix = Array.isArray(entry.prefix) ? entry.prefix[0] : entry.prefix ?? '';
  return entry.isFileTemplate ? text : partHost(prefix, text);
}

test('the snippet expander: tab stops, placeholders, choices, nesting, mirrors, variables, escapes, transforms', () => {
  assert.equal(expandSnippetDefaults('a $1 b ${2} c $0'), 'a  b  c ');
  assert.equal(expandSnippetDefaults('${1:x} and $1 and ${1}'), 'x and x and x');
  assert.equal(expandSnippetDefaults('$1 before ${1:late}'), 'late before late', 'a mirror before its placeholder');
  assert.equal(expandSnippetDefaults('${1|a,b,c|} ${2|x\\,y,z|}'), 'a x,y');
  assert.equal(expandSnippetDefaults('${1|a,b,c|}', {}, { 1: 2 }), 'c');
  assert.equal(expandSnippetDefaults('${1:outer ${2:inner} end}/$2'), 'outer inner end/inner');
  assert.equal(expandSnippetDefaults('\\$1 \\${x\\} a\\\\b \\n'), '$1 ${x} a\\b \\n');
  assert.equal(expandSnippetDefaults('${1:a \\} b}'), 'a } b');
  assert.equal(expandSnippetDefaults('$TM_FILENAME ${TM_FILENAME:train.py} ${UNKNOWN}', { TM_FILENAME: 'x.py' }), 'x.py x.py UNKNOWN');
  assert.equal(expandSnippetDefaults('${TM_FILENAME:train.py}'), 'train.py');
  assert.equal(expandSnippetDefaults('${1:my-data} ${1/(.*)/${1:/upcase}/} ${1/-/_/g}'), 'my-data MY-DATA my_data');
  assert.equal(expandSnippetDefaults('cost: $ 5, {x}, }'), 'cost: $ 5, {x}, }');
  assert.deepEqual([...snippetChoices('${1|a,b|} ${2:x} ${3|c|}')], [[1, ['a', 'b']], [3, ['c']]]);
  assert.equal(expandSnippetDefaults(['{', '  $1', '}']), '{\n  \n}');
});

test('every estimator snippet, defaults taken, gives an estimator with no diagnostic', () => {
  const snippets = readSnippets('estimator.code-snippets');
  const dir = snippetWorkspace(tempDir('snippets-'));
  const names = Object.keys(snippets);
  assert.ok(names.length >= 25, `${names.length} snippets`);
  for (const [name, entry] of Object.entries(snippets)) {
    assert.ok(entry.prefix && entry.description && entry.body, `${name}: prefix, description and body`);
    const document = documentOf(entry, expandSnippetDefaults(entry.body));
    const problems = estimatorProblems(document, { fileName: path.join(dir, 'estimator.json'), env: {}, baseDir: dir, workspaceFolder: dir });
    assert.equal(problems.length, 0, `${name}:\n${document}\n${show(problems)}`);
  }
});

test('the snippets cover the whole estimators and parts the issue lists', () => {
  const prefixes = Object.values(readSnippets('estimator.code-snippets')).map((e) => String(e.prefix));
  for (const prefix of [
    'sagemaker-pca', 'sagemaker-linear-learner', 'sagemaker-xgboost-builtin', 'sagemaker-kmeans', 'sagemaker-pytorch', 'sagemaker-tensorflow',
    'sagemaker-sklearn', 'sagemaker-xgboost-script', 'sagemaker-huggingface', 'sagemaker-byom', 'sagemaker-local',
    'sagemaker-channel-s3', 'sagemaker-channel-efs', 'sagemaker-channel-fsx', 'sagemaker-channel-manifest', 'sagemaker-channel-augmented-manifest',
    'sagemaker-spot', 'sagemaker-vpc', 'sagemaker-kms', 'sagemaker-tags', 'sagemaker-metric-definitions', 'sagemaker-deploy', 'sagemaker-deploy-serverless',
  ]) assert.ok(prefixes.includes(prefix), prefix);
  const whole = Object.values(readSnippets('estimator.code-snippets')).filter((e) => e.isFileTemplate).map((e) => String(e.prefix));
  assert.ok(whole.includes('sagemaker-local') && !whole.includes('sagemaker-spot'), 'whole estimators are file templates, parts are not');
});

test('no choice of any tab stop of any estimator snippet makes an error or a warning', () => {
  const dir = snippetWorkspace(tempDir('snippets-'));
  for (const [name, entry] of Object.entries(readSnippets('estimator.code-snippets'))) {
    for (const [index, choices] of snippetChoices(entry.body)) {
      choices.forEach((choice, i) => {
        const document = documentOf(entry, expandSnippetDefaults(entry.body, {}, { [index]: i }));
        // S3 data in local mode is an info (it needs a connection), as it should be.
        const problems = estimatorProblems(document, { fileName: path.join(dir, 'estimator.json'), env: {}, baseDir: dir }).filter((d) => d.severity !== 'info');
        assert.equal(problems.length, 0, `${name}, tab stop ${index} = ${choice}:\n${show(problems)}`);
      });
    }
  }
});

test('every Python snippet, defaults taken, is valid Python', { skip: spawnSync('python3', ['--version']).status !== 0 && 'no python3' }, () => {
  const snippets = readSnippets('python.code-snippets');
  const prefixes = Object.values(snippets).map((e) => String(e.prefix));
  for (const prefix of ['sm-train', 'sm-env', 'sm-inference', 'sm-model-fn', 'sm-input-fn', 'sm-predict-fn', 'sm-output-fn']) assert.ok(prefixes.includes(prefix), prefix);
  for (const [name, entry] of Object.entries(snippets)) {
    const code = expandSnippetDefaults(entry.body);
    const result = spawnSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: code, encoding: 'utf8' });
    assert.equal(result.status, 0, `${name}:\n${code}\n${result.stderr}`);
  }
  const train = expandSnippetDefaults(snippets['SageMaker training script'].body);
  for (const variable of ['SM_MODEL_DIR', 'SM_CHANNEL_TRAIN', 'SM_HOSTS', 'SM_CURRENT_HOST', 'SM_NUM_GPUS', 'SM_OUTPUT_DATA_DIR']) assert.ok(train.includes(variable), variable);
  const inference = expandSnippetDefaults(snippets['SageMaker inference script'].body);
  for (const fn of ['def model_fn(', 'def input_fn(', 'def predict_fn(', 'def output_fn(']) assert.ok(inference.includes(fn), fn);
});
