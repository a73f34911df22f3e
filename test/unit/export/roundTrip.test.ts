/**
 * Every example under examples/ and every estimator of the plan tests' corpus (test/fixtures/plans), exported three
 * ways: each export compiles (`python3 -m py_compile`), and the SDK v2 export, read back with Python's `ast`
 * (test/fixtures/export/sdk_v2_calls.py), names every key the file holds with the file's value.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { loadEstimator } from '../../../src/core/estimator/load';
import { planEstimator } from '../../../src/core/estimator/plan';
import type { EstimatorSpec } from '../../../src/core/estimator/types';
import { exportEstimatorFile } from '../../../src/core/export/fromFile';
import { EXPORT_TARGETS } from '../../../src/core/export/index';
import { FRAMEWORK_CLASSES } from '../../../src/core/export/sdkV2';
import { tempDir } from '../tempDir';

function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'test', 'fixtures', 'plans'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('test/fixtures/plans not found above ' + __dirname);
    dir = up;
  }
  return dir;
}

const ROOT = repoRoot();
const EXAMPLE_ENV = { SAGEMAKER_ROLE: 'arn:aws:iam::123456789012:role/SageMakerRole', SAGEMAKER_BUCKET: 'my-bucket' };

interface Case { name: string; text: string; spec: EstimatorSpec; baseDir: string; region: string; account: string }

function exampleCases(): Case[] {
  return fs.readdirSync(path.join(ROOT, 'examples')).sort().flatMap(dir => {
    const file = path.join(ROOT, 'examples', dir, 'estimator.json');
    if (!fs.existsSync(file)) return [];
    const text = fs.readFileSync(file, 'utf8');
    const loaded = loadEstimator(text, { fileName: file, env: EXAMPLE_ENV, workspaceFolder: ROOT, region: 'us-west-2' });
    assert.ok(loaded.spec, `${dir}: ${JSON.stringify(loaded.diagnostics)}`);
    return [{ name: `examples/${dir}`, text, spec: loaded.spec, baseDir: path.dirname(file), region: 'us-west-2', account: '123456789012' }];
  });
}

/** The plan corpus's estimators (not the cases that must fail), with their own text so that `1.0` stays a float. */
function corpusCases(): Case[] {
  const folder = path.join(ROOT, 'test', 'fixtures', 'plans');
  return fs.readdirSync(folder).filter(f => f.endsWith('.json')).sort().flatMap(file => {
    const fixtureText = fs.readFileSync(path.join(folder, file), 'utf8');
    const fixture = JSON.parse(fixtureText) as { error?: string; estimator?: EstimatorSpec; ctx: { region: string; account: string; baseDir?: string } };
    if (fixture.error || !fixture.estimator) return [];
    const node = findNodeAtLocation(parseTree(fixtureText)!, ['estimator'])!;
    const text = fixtureText.slice(node.offset, node.offset + node.length);
    const baseDir = fixture.ctx.baseDir ? path.resolve(ROOT, fixture.ctx.baseDir) : folder;
    return [{ name: `plans/${file}`, text, spec: fixture.estimator, baseDir, region: fixture.ctx.region, account: fixture.ctx.account }];
  });
}

type Py = unknown;
interface PyCall { __call__: string; args: Py[]; kwargs: Record<string, Py> }
const isCall = (v: Py): v is PyCall => typeof v === 'object' && v !== null && '__call__' in v;

/** Whether the Python value holds the file's value: equal literals, or a call whose keyword arguments hold the object's keys. */
function assertHolds(fileValue: unknown, py: Py, where: string, local: boolean): void {
  if (isCall(py)) {
    if (typeof fileValue === 'string') {
      if (py.__call__ === 'session.upload_data') return assert.equal(py.kwargs.path, fileValue.replace(/^file:\/\//, ''), where);
      return assert.equal(py.kwargs.name, fileValue, `${where} (CollectionConfig)`);
    }
    assert.ok(fileValue && typeof fileValue === 'object', `${where}: a call for ${JSON.stringify(fileValue)}`);
    for (const [key, value] of Object.entries(fileValue as Record<string, unknown>)) {
      if (key === 'rule_type') continue; // the class says it (Rule or ProfilerRule)
      const ruleConfig: Py = py.args[0];
      // A built-in profiler rule takes its parameters in its rule config's constructor.
      if (!(key in py.kwargs) && key === 'rule_parameters' && isCall(ruleConfig)) assert.deepEqual(ruleConfig.kwargs, value, `${where}.${key}`);
      else assertHolds(value, py.kwargs[key], `${where}.${key}`, local);
    }
    return;
  }
  if (Array.isArray(fileValue)) {
    assert.ok(Array.isArray(py) && py.length === fileValue.length, `${where}: ${JSON.stringify(py)}`);
    return fileValue.forEach((v, i) => assertHolds(v, (py as Py[])[i], `${where}[${i}]`, local));
  }
  if (fileValue && typeof fileValue === 'object') {
    assert.ok(py && typeof py === 'object', `${where}: ${JSON.stringify(py)}`);
    assert.deepEqual(Object.keys(py as object), Object.keys(fileValue), `${where}: keys`);
    return Object.entries(fileValue).forEach(([k, v]) => assertHolds(v, (py as Record<string, Py>)[k], `${where}.${k}`, local));
  }
  if (local && typeof fileValue === 'string' && py === `file://${fileValue}`) return;
  assert.deepEqual(py, fileValue, where);
}

interface Calls { estimator: { class: string; kwargs: Record<string, Py> }; session: { class: string; kwargs: Record<string, Py> }; fit: Record<string, Py> }

function assertSdkV2(c: Case, calls: Calls): void {
  const local = c.spec.instance_type === 'local' || c.spec.instance_type === 'local_gpu';
  assert.equal(calls.estimator.class, c.spec.framework ? FRAMEWORK_CLASSES[c.spec.framework] : 'sagemaker.estimator.Estimator', `${c.name}: class`);
  assert.equal(calls.session.class, local ? 'sagemaker.local.LocalSession' : 'sagemaker.Session', `${c.name}: session`);
  for (const [key, value] of Object.entries(c.spec)) {
    const where = `${c.name}: ${key}`;
    if (key === 'framework' || key === 'deploy') continue; // the class; a comment (deploy() is not fit())
    else if (key === 'region') assert.equal((calls.session.kwargs.boto_session as PyCall).kwargs.region_name, value, where);
    else if (key === 'inputs' || key === 'job_name') assertHolds(value, calls.fit[key], where, local);
    else {
      assert.ok(key in calls.estimator.kwargs, `${where}: missing from the estimator's arguments`);
      assertHolds(value, calls.estimator.kwargs[key], where, local);
    }
  }
}

test('every example and every plan-corpus estimator exports to Python that compiles; SDK v2 names the file\'s arguments', () => {
  const cases = [...exampleCases(), ...corpusCases()];
  assert.ok(cases.length >= 60, `${cases.length} cases`);
  // What `plan` refuses (requests the SDK builds but the API refuses) is not exported either: the same problems are printed.
  const refusedByPlan = new Set(cases.filter(c => planEstimator(c.text, c.spec, { region: c.region, account: c.account, baseDir: c.baseDir }).diagnostics.length > 0));
  assert.ok(refusedByPlan.size <= 2, [...refusedByPlan].map(c => c.name).join(', '));
  for (const c of refusedByPlan) {
    const result = exportEstimatorFile(c.text, c.spec, { target: 'sdk-v2', fileName: 'estimator.json', baseDir: c.baseDir, region: c.region, account: c.account });
    assert.ok(result.python === undefined && result.diagnostics.length > 0, `${c.name}: exported what plan refuses`);
  }
  const dir = tempDir('sagemaker-export-');
  const written: string[] = [];
  const sdkV2Files = new Map<string, Case>();
  cases.forEach((c, i) => {
    for (const target of EXPORT_TARGETS) {
      if (refusedByPlan.has(c)) continue;
      const result = exportEstimatorFile(c.text, c.spec, { target, fileName: 'estimator.json', baseDir: c.baseDir, region: c.region, account: c.account });
      assert.ok(result.python !== undefined, `${c.name} ${target}: ${JSON.stringify(result.diagnostics)}`);
      const file = path.join(dir, `case${i}_${target.replace('-', '_')}.py`);
      fs.writeFileSync(file, result.python);
      written.push(file);
      if (target === 'sdk-v2') sdkV2Files.set(file, c);
    }
  });
  // py_compile stops at the first file that does not compile and names it.
  execFileSync('python3', ['-m', 'py_compile', ...written], { stdio: 'pipe' });
  const parsed = JSON.parse(execFileSync('python3', [path.join(ROOT, 'test', 'fixtures', 'export', 'sdk_v2_calls.py'), ...sdkV2Files.keys()],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as Record<string, Calls>;
  for (const [file, c] of sdkV2Files) assertSdkV2(c, parsed[file]!);
});
