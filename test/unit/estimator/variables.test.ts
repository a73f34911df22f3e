import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEstimatorText } from '../../../src/core/estimator/parse';
import { substituteString, substituteTree } from '../../../src/core/estimator/variables';
import { loadEstimator } from '../../../src/core/estimator/load';

const context = { env: { SAGEMAKER_ROLE: 'arn:aws:iam::123456789012:role/R', EMPTY: '', HOME: '/home/u' }, workspaceFolder: '/work/my-project' };

test('${env:NAME}, ${workspaceFolder}, ${workspaceFolderBasename}, ${userHome}, ${pathSeparator}', () => {
  assert.deepEqual(substituteString('${env:SAGEMAKER_ROLE}', context), { value: 'arn:aws:iam::123456789012:role/R', resolved: true, problems: [] });
  assert.equal(substituteString('${workspaceFolder}/src', context).value, '/work/my-project/src');
  assert.equal(substituteString('job-${workspaceFolderBasename}', context).value, 'job-my-project');
  assert.equal(substituteString('${userHome}/data', context).value, '/home/u/data');
  assert.equal(substituteString('${userHome}', { env: { USERPROFILE: 'C:\\Users\\u' } }).value, 'C:\\Users\\u');
  assert.equal(substituteString('${userHome}', { ...context, userHome: '/h' }).value, '/h');
  assert.equal(substituteString('a${pathSeparator}b', context).value, 'a/b');
  assert.equal(substituteString('a${pathSeparator}b', { env: {}, workspaceFolder: 'C:\\work' }).value, 'a\\b');
  assert.equal(substituteString('${env:EMPTY}x', context).value, 'x', 'a variable set to "" is set');
  assert.equal(substituteString('s3://${env:SAGEMAKER_ROLE}/${env:SAGEMAKER_ROLE}', context).value.split('arn').length, 3);
  assert.equal(substituteString('no variables $ { here }', context).value, 'no variables $ { here }');
});

test('unset and unknown variables', () => {
  const unset = substituteString('${env:NOPE}/x', context);
  assert.equal(unset.resolved, false);
  assert.equal(unset.value, '${env:NOPE}/x');
  assert.deepEqual(unset.problems.map(p => [p.kind, p.variable]), [['unset', '${env:NOPE}']]);
  assert.match(unset.problems[0].message, /NOPE/);
  assert.equal(substituteString('${workspaceFolder}', { env: {} }).resolved, false);
  assert.equal(substituteString('${userHome}', { env: {} }).resolved, false);
  assert.equal(substituteString('${env:}', context).resolved, false);
  const unknown = substituteString('${workspaceRoot}/src', context);
  assert.equal(unknown.resolved, true, 'unknown variables are kept, not errors');
  assert.deepEqual(unknown.problems.map(p => p.kind), ['unknown']);
  assert.match(unknown.problems[0].message, /did you mean \$\{workspaceFolder\}/);
  assert.match(substituteString('${SAGEMAKER_ROLE}', context).problems[0].message, /\$\{env:SAGEMAKER_ROLE\}/);
  assert.match(substituteString('${workspaceFolder:other}', context).problems[0].message, /multi-root/);
  assert.equal(substituteString('${env:undefined}', { env: { undefined: undefined } }).resolved, false);
});

test('substituteTree substitutes every string value, never keys, and reports at the string', () => {
  const text = '{\n  "role": "${env:SAGEMAKER_ROLE}",\n  "hyperparameters": {"${env:KEY}": "${env:MISSING}", "n": 1},\n  "tags": [{"Key": "home", "Value": "${userHome}"}]\n}';
  const parsed = parseEstimatorText(text);
  const result = substituteTree(parsed.root!, parsed.lines, context);
  assert.deepEqual(result.value, {
    role: 'arn:aws:iam::123456789012:role/R',
    hyperparameters: { '${env:KEY}': '${env:MISSING}', n: 1 },
    tags: [{ Key: 'home', Value: '/home/u' }],
  });
  assert.deepEqual(result.unresolved, [['hyperparameters', '${env:KEY}']]);
  assert.equal(result.diagnostics.length, 1);
  const [d] = result.diagnostics;
  assert.equal(d.code, 'unresolved-variable');
  assert.equal(d.severity, 'error');
  assert.match(d.message, /MISSING/);
  const line = text.split('\n')[2];
  const start = line.indexOf('"${env:MISSING}"');
  assert.deepEqual(d.range, { start: { line: 2, character: start }, end: { line: 2, character: start + '"${env:MISSING}"'.length } });
});

test('loadEstimator: only the env passed in is seen', () => {
  process.env.SAGEMAKER_TEST_ONLY_IN_PROCESS = 'x';
  try {
    const text = '{"image_uri": "a/b:1", "role": "${env:SAGEMAKER_TEST_ONLY_IN_PROCESS}", "instance_count": 1, "instance_type": "local"}';
    const result = loadEstimator(text, { fileName: 'estimator.json', env: {} });
    assert.deepEqual(result.diagnostics.map(d => d.code), ['unresolved-variable']);
    assert.match(result.diagnostics[0].message, /SAGEMAKER_TEST_ONLY_IN_PROCESS/);
    const ok = loadEstimator(text, { fileName: 'estimator.json', env: { SAGEMAKER_TEST_ONLY_IN_PROCESS: 'r' } });
    assert.equal(ok.spec?.role, 'r');
  } finally {
    delete process.env.SAGEMAKER_TEST_ONLY_IN_PROCESS;
  }
});
