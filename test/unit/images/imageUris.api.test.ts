/**
 * The helpers around retrieve(): framework introspection, processors, instance families, ECR
 * domains by partition, PEP 440 ordering, the table's header, load time, and that the committed
 * table matches its generator.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  frameworkVersions,
  IMAGE_TABLE_HEADER,
  ImageUriError,
  instanceTypeFamily,
  knownFrameworks,
  processorFor,
  retrieveWithConfigs,
} from '../../../src/core/images/imageUris';
import { dnsSuffixForRegion, ecrHostname } from '../../../src/core/images/partitions';
import { compareVersions, parseVersion } from '../../../src/core/images/pep440';

test('knownFrameworks: the SDK config names, sorted, without instance_gpu_info', () => {
  const names = knownFrameworks();
  assert.equal(names.length, 66);
  assert.deepEqual(names, [...names].sort());
  for (const n of ['pca', 'kmeans', 'linear-learner', 'xgboost', 'sklearn', 'pytorch', 'tensorflow', 'mxnet', 'huggingface', 'huggingface-llm', 'djl-lmi', 'sagemaker-tritonserver', 'spark', 'clarify', 'model-monitor']) {
    assert.ok(names.includes(n), n);
  }
  assert.ok(!names.includes('instance_gpu_info'));
});

test('frameworkVersions: scopes, versions then aliases, py versions per version or alias', () => {
  const pt = frameworkVersions('pytorch', 'training');
  assert.deepEqual(pt.scopes, ['eia', 'inference', 'inference_graviton', 'training']);
  assert.equal(pt.scope, 'training');
  assert.ok(pt.versions.includes('1.7.1') && pt.versions.includes('1.13') && pt.versions.includes('2.8.0'));
  assert.ok(pt.versions.indexOf('2.8.0') < pt.versions.indexOf('0.4'), 'versions before aliases');
  assert.equal(pt.aliases['1.13'], '1.13.1');
  assert.deepEqual(pt.pyVersions('1.7.1'), ['py3', 'py36']);
  assert.deepEqual(pt.pyVersions('1.13'), pt.pyVersions('1.13.1'));
  assert.deepEqual(pt.pyVersions('9.9'), []);
  assert.deepEqual(pt.processors('1.7.1'), ['cpu', 'gpu']);

  const noScope = frameworkVersions('pytorch');
  assert.equal(noScope.scope, null);
  assert.deepEqual(noScope.versions, []);

  const pca = frameworkVersions('pca');
  assert.deepEqual(pca.scopes, ['inference', 'training']);
  assert.equal(pca.scope, 'inference');
  assert.deepEqual(pca.versions, ['1']);
  assert.deepEqual(pca.pyVersions('1'), []);

  const xgb = frameworkVersions('xgboost');
  assert.equal(xgb.scope, 'training');
  assert.equal(xgb.aliases.latest, '1');
  assert.ok(xgb.versions.includes('1.7-1') && xgb.versions.includes('latest'));
  assert.deepEqual(xgb.pyVersions('1.0-1'), ['py3']);

  const mx = frameworkVersions('mxnet', 'training');
  assert.deepEqual(mx.pyVersions('1.4.1'), ['py2', 'py3']); // py versions as keys

  const hf = frameworkVersions('huggingface', 'training');
  assert.ok(hf.versions.includes('4.26.0'));
  assert.deepEqual(hf.pyVersions('4.26.0'), ['py39']);
  assert.deepEqual(hf.baseFrameworkVersions('4.26.0'), ['pytorch1.13.1', 'pytorch1.13']);

  assert.throws(() => frameworkVersions('pytorch', 'bogus'), (e: unknown) => e instanceof ImageUriError && e.argument === 'image_scope');
  assert.throws(() => frameworkVersions('nope'), (e: unknown) => e instanceof ImageUriError && e.kind === 'FileNotFoundError');
});

test('processorFor: the SDK processor rules', () => {
  const cg = ['cpu', 'gpu'];
  assert.equal(processorFor('local', cg), 'cpu');
  assert.equal(processorFor('local_gpu', cg), 'gpu');
  assert.equal(processorFor('ml.m5.xlarge', cg), 'cpu');
  assert.equal(processorFor('ml.t3.medium', cg), 'cpu');
  assert.equal(processorFor('ml.p3.2xlarge', cg), 'gpu');
  assert.equal(processorFor('ml.g5.48xlarge', cg), 'gpu');
  assert.equal(processorFor('ml.p6-b200.48xlarge', cg), 'gpu');
  assert.equal(processorFor('ml.inf2.xlarge', ['inf']), 'inf');
  assert.equal(processorFor('ml.trn1.32xlarge', ['trn']), 'trn');
  assert.equal(processorFor('neuron', ['neuron']), 'neuron');
  assert.equal(processorFor('ml.c5.xlarge', ['c5', 'cpu']), 'c5');
  assert.equal(processorFor(null, ['cpu']), 'cpu');
  assert.equal(processorFor('anything', []), null);
  assert.throws(() => processorFor(null, cg), /^ImageUriError: Empty SageMaker instance type/);
  assert.throws(() => processorFor('ml.inf1.xlarge', cg), (e: unknown) => e instanceof ImageUriError && e.message.startsWith('Unsupported processor: inf.'));
  assert.throws(() => processorFor('m5.large', cg), /Invalid SageMaker instance type: m5.large/);
});

test('instanceTypeFamily: ml.<family>.<size> and ml_<family>', () => {
  assert.equal(instanceTypeFamily('ml.p3.2xlarge'), 'p3');
  assert.equal(instanceTypeFamily('ml.g4dn.xlarge'), 'g4dn');
  assert.equal(instanceTypeFamily('ml.trn1n.32xlarge'), 'trn1n');
  assert.equal(instanceTypeFamily('ml.p6-b200.48xlarge'), 'p6-b200');
  assert.equal(instanceTypeFamily('ml_inf1'), 'inf1');
  assert.equal(instanceTypeFamily('ml.c5'), 'c5');
  assert.equal(instanceTypeFamily('local'), '');
  assert.equal(instanceTypeFamily('local_gpu'), '');
  assert.equal(instanceTypeFamily('m5.large'), '');
  assert.equal(instanceTypeFamily('ml.c5.x.large'), '');
  assert.equal(instanceTypeFamily(null), '');
  assert.equal(instanceTypeFamily(undefined), '');
});

test('ECR domains by partition (botocore endpoints data)', () => {
  const cases: [string, string][] = [
    ['us-east-1', 'amazonaws.com'],
    ['us-west-2', 'amazonaws.com'],
    ['il-central-1', 'amazonaws.com'],
    ['mx-central-1', 'amazonaws.com'],
    ['ap-southeast-7', 'amazonaws.com'],
    ['us-gov-west-1', 'amazonaws.com'],
    ['us-gov-east-1', 'amazonaws.com'],
    ['cn-north-1', 'amazonaws.com.cn'],
    ['cn-northwest-1', 'amazonaws.com.cn'],
    ['us-iso-east-1', 'c2s.ic.gov'],
    ['us-iso-west-1', 'c2s.ic.gov'],
    ['us-isob-east-1', 'sc2s.sgov.gov'],
    ['eu-isoe-west-1', 'cloud.adc-e.uk'],
    ['us-isof-south-1', 'csp.hci.ic.gov'],
    ['us-isof-east-1', 'csp.hci.ic.gov'],
    ['eusc-de-east-1', 'amazonaws.eu'],
    ['eu-central-9', 'amazonaws.com'], // by the partition's regionRegex
    ['cn-south-7', 'amazonaws.com.cn'],
  ];
  for (const [region, suffix] of cases) {
    assert.equal(dnsSuffixForRegion(region), suffix, region);
    assert.equal(ecrHostname(region), `ecr.${region}.${suffix}`, region);
  }
  assert.equal(ecrHostname('xx-none-1'), undefined);
  assert.equal(ecrHostname('local'), undefined);

  const config = {
    scope: ['training'],
    versions: { '1': { registries: { 'eu-isoe-west-1': '111111111111', 'eusc-de-east-1': '222222222222', 'us-isof-south-1': '333333333333' }, repository: 'algo' } },
  };
  const uri = (region: string): string => retrieveWithConfigs({ framework: 'algo', region }, () => config);
  assert.equal(uri('eu-isoe-west-1'), '111111111111.dkr.ecr.eu-isoe-west-1.cloud.adc-e.uk/algo:1');
  assert.equal(uri('eusc-de-east-1'), '222222222222.dkr.ecr.eusc-de-east-1.amazonaws.eu/algo:1');
  assert.equal(uri('us-isof-south-1'), '333333333333.dkr.ecr.us-isof-south-1.csp.hci.ic.gov/algo:1');
});

test('PEP 440 ordering like packaging.version.Version', () => {
  const ordered = ['1.0.dev1', '1.0a1', '1.0b2', '1.0rc1', '1.0', '1.0.post1', '1.0-1', '1.1', '1.10', '1.12.1', '1.13', '2.0.0', '1!0.1'];
  for (let i = 0; i < ordered.length - 1; i++) {
    const a = ordered[i] as string;
    const b = ordered[i + 1] as string;
    assert.ok(compareVersions(a, b) <= 0, `${a} <= ${b}`);
  }
  assert.equal(compareVersions('1.0.post1', '1.0-1'), 0);
  assert.equal(compareVersions('1.13', '1.13.0'), 0);
  assert.ok(compareVersions('2.12', '2.9.1') > 0);
  assert.ok(compareVersions('25.09', '23.12') > 0);
  assert.throws(() => parseVersion('latest'), /Invalid version: 'latest'/);
  assert.throws(() => parseVersion('2.x'), /Invalid version/);
});

test('the table names its source, license and NOTICE', () => {
  assert.equal(IMAGE_TABLE_HEADER.sdkTag, 'v2.257.6');
  assert.equal(IMAGE_TABLE_HEADER.license, 'Apache-2.0');
  assert.match(IMAGE_TABLE_HEADER.source, /github\.com\/aws\/sagemaker-python-sdk/);
  assert.match(IMAGE_TABLE_HEADER.copyright, /Amazon\.com, Inc\. or its affiliates/);
  const notice = IMAGE_TABLE_HEADER.notice.join('\n');
  assert.match(notice, /Licensed under the Apache License, Version 2\.0/);
  assert.match(notice, /Amazon SageMaker Python SDK/);
});

const projectRoot = resolve(__dirname, '..', '..', '..', '..');

// CPU time, not wall time: what the load costs, the same on a machine busy with other work (where the wall
// time of the same load is several times longer).
const configDir = resolve(projectRoot, '..', 'shared', 'reference', 'sagemaker-image-uri-config');
test(
  'imageTable.json is what scripts/build-image-table.mjs generates from the reference configs',
  { skip: existsSync(configDir) ? false : `no reference configs at ${configDir}` },
  () => {
    const r = spawnSync(process.execPath, [join(projectRoot, 'scripts', 'build-image-table.mjs'), configDir, '--check'], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr + r.stdout);
  },
);
