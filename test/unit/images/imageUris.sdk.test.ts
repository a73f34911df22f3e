/**
 * Expectations taken from the SageMaker Python SDK's own unit tests
 * (tests/unit/sagemaker/image_uris/*.py: test_algos, test_xgboost, test_retrieve, test_trainium,
 * test_huggingface_vllm_neuronx, and tests/unit/test_clarify.py), with the same account tables
 * and the same expected-URI formulas (expected_uris.py).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { retrieve, retrieveWithConfigs, ImageUriError, type RetrieveOptions } from '../../../src/core/images/imageUris';

/** tests/unit/sagemaker/image_uris/expected_uris.py: sagemaker.utils.ALTERNATE_DOMAINS */
const ALTERNATE_DOMAINS: Record<string, string> = {
  'cn-north-1': 'amazonaws.com.cn',
  'cn-northwest-1': 'amazonaws.com.cn',
  'us-iso-east-1': 'c2s.ic.gov',
  'us-isob-east-1': 'sc2s.sgov.gov',
  'us-iso-west-1': 'c2s.ic.gov',
};
const domain = (region: string): string => ALTERNATE_DOMAINS[region] ?? 'amazonaws.com';
const imageUri = (account: string, region: string, repo: string, tag: string): string =>
  `${account}.dkr.ecr.${region}.${domain(region)}/${repo}:${tag}`;

// --- test_algos.py ------------------------------------------------------------------------

const ALGO_REGIONS_AND_ACCOUNTS: { algorithms: string[]; accounts: Record<string, string> }[] = [
  {
    algorithms: ['pca', 'kmeans', 'linear-learner', 'factorization-machines', 'ntm', 'randomcutforest', 'knn', 'object2vec', 'ipinsights'],
    accounts: {
      'af-south-1': '455444449433', 'ap-east-1': '286214385809', 'ap-northeast-1': '351501993468',
      'ap-northeast-2': '835164637446', 'ap-northeast-3': '867004704886', 'ap-south-1': '991648021394',
      'ap-southeast-1': '475088953585', 'ap-southeast-2': '712309505854', 'ap-southeast-3': '951798379941',
      'ca-central-1': '469771592824', 'cn-north-1': '390948362332', 'cn-northwest-1': '387376663083',
      'eu-central-1': '664544806723', 'eu-north-1': '669576153137', 'eu-west-1': '438346466558',
      'eu-west-2': '644912444149', 'eu-west-3': '749696950732', 'eu-south-1': '257386234256',
      'me-south-1': '249704162688', 'sa-east-1': '855470959533', 'us-east-1': '382416733822',
      'us-east-2': '404615174143', 'us-gov-west-1': '226302683700', 'us-iso-east-1': '490574956308',
      'us-west-1': '632365934929', 'us-west-2': '174872318107',
    },
  },
  {
    algorithms: ['lda'],
    accounts: {
      'ap-northeast-1': '258307448986', 'ap-northeast-2': '293181348795', 'ap-south-1': '991648021394',
      'ap-southeast-1': '475088953585', 'ap-southeast-2': '297031611018', 'ca-central-1': '469771592824',
      'eu-central-1': '353608530281', 'eu-west-1': '999678624901', 'eu-west-2': '644912444149',
      'us-east-1': '766337827248', 'us-east-2': '999911452149', 'us-gov-west-1': '226302683700',
      'us-iso-east-1': '490574956308', 'us-west-1': '632365934929', 'us-west-2': '266724342769',
    },
  },
  {
    algorithms: ['forecasting-deepar'],
    accounts: {
      'af-south-1': '455444449433', 'ap-east-1': '286214385809', 'ap-northeast-1': '633353088612',
      'ap-northeast-2': '204372634319', 'ap-northeast-3': '867004704886', 'ap-south-1': '991648021394',
      'ap-southeast-1': '475088953585', 'ap-southeast-2': '514117268639', 'ca-central-1': '469771592824',
      'cn-north-1': '390948362332', 'cn-northwest-1': '387376663083', 'eu-central-1': '495149712605',
      'eu-north-1': '669576153137', 'eu-west-1': '224300973850', 'eu-west-2': '644912444149',
      'eu-west-3': '749696950732', 'eu-south-1': '257386234256', 'me-south-1': '249704162688',
      'sa-east-1': '855470959533', 'us-east-1': '522234722520', 'us-east-2': '566113047672',
      'us-gov-west-1': '226302683700', 'us-iso-east-1': '490574956308', 'us-west-1': '632365934929',
      'us-west-2': '156387875391',
    },
  },
  {
    algorithms: ['seq2seq', 'image-classification', 'blazingtext', 'object-detection', 'semantic-segmentation'],
    accounts: {
      'af-south-1': '455444449433', 'ap-east-1': '286214385809', 'ap-northeast-1': '501404015308',
      'ap-northeast-2': '306986355934', 'ap-northeast-3': '867004704886', 'ap-south-1': '991648021394',
      'ap-southeast-1': '475088953585', 'ap-southeast-2': '544295431143', 'ap-southeast-3': '951798379941',
      'ca-central-1': '469771592824', 'cn-north-1': '390948362332', 'cn-northwest-1': '387376663083',
      'eu-central-1': '813361260812', 'eu-north-1': '669576153137', 'eu-west-1': '685385470294',
      'eu-west-2': '644912444149', 'eu-west-3': '749696950732', 'eu-south-1': '257386234256',
      'me-south-1': '249704162688', 'sa-east-1': '855470959533', 'us-east-1': '811284229777',
      'us-east-2': '825641698319', 'us-gov-west-1': '226302683700', 'us-iso-east-1': '490574956308',
      'us-west-1': '632365934929', 'us-west-2': '433757028032',
    },
  },
];

test('built-in algorithms: every algorithm in every region of the SDK test table (test_algos.py)', () => {
  let checked = 0;
  for (const { algorithms, accounts } of ALGO_REGIONS_AND_ACCOUNTS) {
    for (const algo of algorithms) {
      for (const [region, account] of Object.entries(accounts)) {
        assert.equal(retrieve({ framework: algo, region }), imageUri(account, region, algo, '1'), `${algo} ${region}`);
        checked++;
      }
    }
  }
  assert.equal(checked, 9 * 26 + 15 + 25 + 5 * 26);
});

test('built-in algorithms ignore the image scope when both scopes share an image, and accept version "1"', () => {
  for (const image_scope of ['training', 'inference', null]) {
    assert.equal(
      retrieve({ framework: 'pca', region: 'us-west-2', image_scope, version: '1' }),
      '174872318107.dkr.ecr.us-west-2.amazonaws.com/pca:1',
    );
  }
  // A single version is used whatever version is asked for (the SDK logs a warning).
  assert.equal(
    retrieve({ framework: 'kmeans', region: 'us-gov-west-1', version: '2' }),
    '226302683700.dkr.ecr.us-gov-west-1.amazonaws.com/kmeans:1',
  );
});

// --- test_xgboost.py ----------------------------------------------------------------------

const XGB_ALGO_REGISTRIES: Record<string, string> = {
  'af-south-1': '455444449433', 'ap-east-1': '286214385809', 'ap-northeast-1': '501404015308',
  'ap-northeast-2': '306986355934', 'ap-south-1': '991648021394', 'ap-southeast-1': '475088953585',
  'ap-southeast-2': '544295431143', 'ca-central-1': '469771592824', 'cn-north-1': '390948362332',
  'cn-northwest-1': '387376663083', 'eu-central-1': '813361260812', 'eu-north-1': '669576153137',
  'eu-west-1': '685385470294', 'eu-west-2': '644912444149', 'eu-west-3': '749696950732',
  'eu-south-1': '257386234256', 'me-south-1': '249704162688', 'sa-east-1': '855470959533',
  'us-east-1': '811284229777', 'us-east-2': '825641698319', 'us-gov-west-1': '226302683700',
  'us-iso-east-1': '490574956308', 'us-west-1': '632365934929', 'us-west-2': '433757028032',
};
const XGB_FRAMEWORK_REGISTRIES: Record<string, string> = {
  'af-south-1': '510948584623', 'ap-east-1': '651117190479', 'ap-northeast-1': '354813040037',
  'ap-northeast-2': '366743142698', 'ap-south-1': '720646828776', 'ap-southeast-1': '121021644041',
  'ap-southeast-2': '783357654285', 'ca-central-1': '341280168497', 'cn-north-1': '450853457545',
  'cn-northwest-1': '451049120500', 'eu-central-1': '492215442770', 'eu-north-1': '662702820516',
  'eu-west-1': '141502667606', 'eu-west-2': '764974769150', 'eu-west-3': '659782779980',
  'eu-south-1': '978288397137', 'me-south-1': '801668240914', 'sa-east-1': '737474898029',
  'us-east-1': '683313688378', 'us-east-2': '257758044811', 'us-gov-west-1': '414596584902',
  'us-iso-east-1': '833128469047', 'us-west-1': '746614075791', 'us-west-2': '246618743249',
};

test('xgboost as a built-in algorithm: versions "1" and "latest" (tag is the alias itself)', () => {
  for (const version of ['1', 'latest']) {
    for (const [region, account] of Object.entries(XGB_ALGO_REGISTRIES)) {
      assert.equal(retrieve({ framework: 'xgboost', region, version }), imageUri(account, region, 'xgboost', version));
    }
  }
});

test('xgboost framework versions: "-cpu-py3" tags up to 1.0-1, bare repo versions from 1.2-1 on', () => {
  for (const version of ['0.90-1', '0.90-2', '1.0-1']) {
    for (const [region, account] of Object.entries(XGB_FRAMEWORK_REGISTRIES)) {
      assert.equal(
        retrieve({ framework: 'xgboost', region, version }),
        imageUri(account, region, 'sagemaker-xgboost', `${version}-cpu-py3`),
      );
    }
  }
  for (const version of ['1.2-1', '1.2-2', '1.3-1', '1.5-1', '1.7-1', '3.0-5']) {
    for (const [region, account] of Object.entries(XGB_FRAMEWORK_REGISTRIES)) {
      assert.equal(retrieve({ framework: 'xgboost', region, version }), imageUri(account, region, 'sagemaker-xgboost', version));
      // instance type and image scope do not change the tag
      assert.equal(
        retrieve({ framework: 'xgboost', region, version, instance_type: 'ml.p3.2xlarge', image_scope: 'inference' }),
        imageUri(account, region, 'sagemaker-xgboost', version),
      );
    }
  }
});

// --- test_retrieve.py (mocked configs) -----------------------------------------------------

const BASE_CONFIG = {
  processors: ['cpu', 'gpu'],
  scope: ['training', 'inference'],
  versions: {
    '1.0.0': { registries: { 'us-west-2': '123412341234' }, repository: 'dummy', py_versions: ['py3', 'py37'] },
    '1.1.0': { registries: { 'us-west-2': '123412341234' }, repository: 'dummy', py_versions: ['py3', 'py37'] },
  },
};
type Config = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const clone = (): Config => JSON.parse(JSON.stringify(BASE_CONFIG)) as Config;
const withConfig = (config: Config, options: Partial<RetrieveOptions>): string =>
  retrieveWithConfigs({ framework: 'useless-string', region: 'us-west-2', ...options } as RetrieveOptions, () => config);
const base = { version: '1.0.0', py_version: 'py3', instance_type: 'ml.c4.xlarge', image_scope: 'training' };

function throwsSdk(fn: () => unknown, kind: string, ...fragments: string[]): ImageUriError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof ImageUriError, `expected an ImageUriError, got ${String(caught)}`);
  assert.equal(caught.kind, kind, caught.message);
  for (const f of fragments) assert.ok(caught.message.includes(f), `${JSON.stringify(f)} not in ${JSON.stringify(caught.message)}`);
  return caught;
}

test('test_retrieve_framework / unsupported and default image scope', () => {
  assert.equal(withConfig(clone(), base), '123412341234.dkr.ecr.us-west-2.amazonaws.com/dummy:1.0.0-cpu-py3');
  throwsSdk(
    () => withConfig(clone(), { ...base, image_scope: 'invalid-image-scope' }),
    'ValueError',
    'Unsupported image scope: invalid-image-scope.',
    'Supported image scope(s): training, inference.',
  );
  const eia = clone();
  eia.scope.push('eia');
  throwsSdk(
    () => withConfig(eia, { ...base, image_scope: null }),
    'ValueError',
    'Unsupported image scope: None.',
    'Supported image scope(s): training, inference, eia.',
  );
  assert.equal(
    withConfig(clone(), { ...base, image_scope: undefined }),
    '123412341234.dkr.ecr.us-west-2.amazonaws.com/dummy:1.0.0-cpu-py3',
  );
  const single = clone();
  single.scope = ['eia'];
  assert.equal(
    withConfig(single, { ...base, image_scope: 'ignorable-scope' }),
    '123412341234.dkr.ecr.us-west-2.amazonaws.com/dummy:1.0.0-cpu-py3',
  );
});

test('test_retrieve_eia / invalid accelerator', () => {
  const training = clone();
  delete training.scope;
  const config = {
    training,
    eia: {
      processors: ['cpu'],
      versions: { '1.0.0': { registries: { 'us-west-2': '123412341234' }, repository: 'dummy-eia', py_versions: ['py3', 'py37'] } },
    },
  };
  const expected = '123412341234.dkr.ecr.us-west-2.amazonaws.com/dummy-eia:1.0.0-cpu-py3';
  assert.equal(withConfig(config, { ...base, image_scope: undefined, accelerator_type: 'ml.eia1.medium' }), expected);
  assert.equal(withConfig(config, { ...base, accelerator_type: 'local_sagemaker_notebook' }), expected);
  throwsSdk(
    () => withConfig(clone(), { ...base, image_scope: undefined, accelerator_type: 'fake-accelerator' }),
    'ValueError',
    'Invalid SageMaker Elastic Inference accelerator type: fake-accelerator.',
  );
});

test('test_retrieve_aliased_version / default version / unsupported version', () => {
  const aliased = clone();
  aliased.version_aliases = { '1.0.0-build123': '1.0.0' };
  assert.equal(
    withConfig(aliased, { ...base, version: '1.0.0-build123' }),
    '123412341234.dkr.ecr.us-west-2.amazonaws.com/dummy:1.0.0-build123-cpu-py3',
  );
  delete aliased.versions['1.1.0'];
  assert.equal(
    withConfig(aliased, { ...base, version: '1.0.0-build123' }),
    '123412341234.dkr.ecr.us-west-2.amazonaws.com/dummy:1.0.0-build123-cpu-py3',
  );
  const single = clone();
  delete single.versions['1.1.0'];
  assert.equal(withConfig(single, { ...base, version: undefined }), '123412341234.dkr.ecr.us-west-2.amazonaws.com/dummy:1.0.0-cpu-py3');
  assert.equal(withConfig(single, { ...base, version: 'invalid-version' }), '123412341234.dkr.ecr.us-west-2.amazonaws.com/dummy:1.0.0-cpu-py3');
  const e = throwsSdk(
    () => retrieveWithConfigs({ framework: 'some-framework', region: 'us-west-2', ...base, version: '1' }, () => clone()),
    'ValueError',
    'Unsupported some-framework version: 1.',
    'Supported some-framework version(s): 1.0.0, 1.1.0.',
  );
  assert.equal(e.argument, 'version');
  assert.deepEqual(e.choices, ['1.0.0', '1.1.0']);
});

test('version None with several versions takes the latest one (_fetch_latest_version_from_config)', () => {
  assert.equal(
    retrieveWithConfigs({ framework: 'some-framework', region: 'us-west-2', ...base, version: null }, () => clone()),
    '123412341234.dkr.ecr.us-west-2.amazonaws.com/dummy:1.1.0-cpu-py3',
  );
});

test('test_retrieve_unsupported_region / ecr hostnames', () => {
  throwsSdk(
    () => withConfig(clone(), { ...base, region: 'us-east-2' }),
    'ValueError',
    'Unsupported region: us-east-2.',
    'Supported region(s): us-west-2.',
  );
  const config = clone();
  config.versions['1.0.0'].registries = {
    'cn-north-1': '000000010010',
    'cn-northwest-1': '010000001000',
    'us-iso-east-1': '000111111000',
    'us-isob-east-1': '000111111000',
  };
  assert.equal(withConfig(config, { ...base, region: 'cn-north-1' }), '000000010010.dkr.ecr.cn-north-1.amazonaws.com.cn/dummy:1.0.0-cpu-py3');
  assert.equal(withConfig(config, { ...base, region: 'cn-northwest-1' }), '010000001000.dkr.ecr.cn-northwest-1.amazonaws.com.cn/dummy:1.0.0-cpu-py3');
  assert.equal(withConfig(config, { ...base, region: 'us-iso-east-1' }), '000111111000.dkr.ecr.us-iso-east-1.c2s.ic.gov/dummy:1.0.0-cpu-py3');
  assert.equal(withConfig(config, { ...base, region: 'us-isob-east-1' }), '000111111000.dkr.ecr.us-isob-east-1.sc2s.sgov.gov/dummy:1.0.0-cpu-py3');
});

test('test_retrieve_no_python_version / per-python config / default and unsupported python version', () => {
  const noPy = clone();
  noPy.versions['1.0.0'].py_versions = [];
  assert.equal(withConfig(noPy, { ...base, py_version: undefined }), '123412341234.dkr.ecr.us-west-2.amazonaws.com/dummy:1.0.0-cpu');
  assert.equal(withConfig(noPy, base), '123412341234.dkr.ecr.us-west-2.amazonaws.com/dummy:1.0.0-cpu');

  const perPy = {
    processors: ['cpu', 'gpu'],
    scope: ['training', 'inference'],
    versions: {
      '1.0.0': {
        py3: { registries: { 'us-west-2': '123412341234' }, repository: 'foo' },
        py37: { registries: { 'us-west-2': '012345678901' }, repository: 'bar' },
      },
    },
  };
  assert.equal(withConfig(perPy, base), '123412341234.dkr.ecr.us-west-2.amazonaws.com/foo:1.0.0-cpu-py3');
  assert.equal(withConfig(perPy, { ...base, py_version: 'py37' }), '012345678901.dkr.ecr.us-west-2.amazonaws.com/bar:1.0.0-cpu-py37');

  const onePy = clone();
  onePy.versions['1.0.0'].py_versions = ['py3'];
  assert.equal(withConfig(onePy, { ...base, py_version: undefined }), '123412341234.dkr.ecr.us-west-2.amazonaws.com/dummy:1.0.0-cpu-py3');

  throwsSdk(() => withConfig(clone(), { ...base, py_version: 'py2' }), 'ValueError', 'Unsupported Python version: py2.', 'Supported Python version(s): py3, py37.');
  throwsSdk(() => withConfig(clone(), { ...base, py_version: null }), 'ValueError', 'Unsupported Python version: None.', 'Supported Python version(s): py3, py37.');
});

test('test_retrieve_processor_type (+ neo-style ml_<family> names)', () => {
  for (const cpu of ['local', 'ml.t2.medium', 'ml.m5.xlarge', 'ml.r5.large', 'ml_m4', 'ml_m5', 'ml_c4', 'ml_c5']) {
    assert.equal(withConfig(clone(), { ...base, instance_type: cpu }), '123412341234.dkr.ecr.us-west-2.amazonaws.com/dummy:1.0.0-cpu-py3', cpu);
  }
  for (const gpu of ['local_gpu', 'ml.p3.2xlarge', 'ml.g4dn.xlarge', 'ml_p2', 'ml_p3']) {
    assert.equal(withConfig(clone(), { ...base, instance_type: gpu }), '123412341234.dkr.ecr.us-west-2.amazonaws.com/dummy:1.0.0-gpu-py3', gpu);
  }
  const inf = clone();
  inf.processors = ['inf'];
  assert.equal(withConfig(inf, { ...base, instance_type: 'ml_inf1' }), '123412341234.dkr.ecr.us-west-2.amazonaws.com/dummy:1.0.0-inf-py3');
  const c5 = clone();
  c5.processors = ['c5'];
  assert.equal(withConfig(c5, { ...base, instance_type: 'ml_c5' }), '123412341234.dkr.ecr.us-west-2.amazonaws.com/dummy:1.0.0-c5-py3');
});

test('test_retrieve_processor_type_from_version_specific_processor_config / default processor', () => {
  const config = clone();
  delete config.processors;
  config.versions['1.0.0'].processors = ['cpu'];
  assert.equal(withConfig(config, base), '123412341234.dkr.ecr.us-west-2.amazonaws.com/dummy:1.0.0-cpu-py3');
  assert.equal(withConfig(config, { ...base, version: '1.1.0' }), '123412341234.dkr.ecr.us-west-2.amazonaws.com/dummy:1.1.0-py3');
  const cpuOnly = clone();
  cpuOnly.processors = ['cpu'];
  assert.equal(withConfig(cpuOnly, { ...base, instance_type: undefined }), '123412341234.dkr.ecr.us-west-2.amazonaws.com/dummy:1.0.0-cpu-py3');
});

test('test_retrieve_unsupported_processor_type', () => {
  throwsSdk(() => withConfig(clone(), { ...base, instance_type: 'not-an-instance-type' }), 'ValueError', 'Invalid SageMaker instance type: not-an-instance-type.');
  throwsSdk(() => withConfig(clone(), { ...base, instance_type: undefined }), 'ValueError', 'Empty SageMaker instance type.');
  const cpuOnly = clone();
  cpuOnly.processors = ['cpu'];
  const e = throwsSdk(() => withConfig(cpuOnly, { ...base, instance_type: 'ml.p2.xlarge' }), 'ValueError', 'Unsupported processor: gpu.', 'Supported processor(s): cpu.');
  assert.equal(e.argument, 'instance_type');
});

test('test_tag_prefix', () => {
  const config = clone();
  config.versions['1.0.0'].tag_prefix = '1.0.0-build123';
  assert.equal(withConfig(config, base), '123412341234.dkr.ecr.us-west-2.amazonaws.com/dummy:1.0.0-build123-cpu-py3');
});

test('test_retrieve_huggingface (mocked config)', () => {
  const config = {
    training: {
      processors: ['gpu'],
      version_aliases: { '4.2': '4.2.1' },
      versions: {
        '4.2.1': {
          version_aliases: { 'pytorch1.6': 'pytorch1.6.0', 'tensorflow2.3': 'tensorflow2.3.0' },
          'pytorch1.6.0': { py_versions: ['py37'], registries: { 'us-east-1': '564829616587' }, repository: 'huggingface-pytorch-training' },
          'tensorflow2.3.0': { py_versions: ['py36'], registries: { 'us-east-1': '564829616587' }, repository: 'huggingface-tensorflow-training' },
        },
      },
    },
  };
  const hf = (o: Partial<RetrieveOptions>): string =>
    retrieveWithConfigs(
      { framework: 'huggingface', region: 'us-east-1', instance_type: 'ml.p2.xlarge', image_scope: 'training', container_version: 'cu110-ubuntu18.04', ...o } as RetrieveOptions,
      () => config,
    );
  const prefix = '564829616587.dkr.ecr.us-east-1.amazonaws.com/';
  assert.equal(hf({ version: '4.2', py_version: 'py37', base_framework_version: 'pytorch1.6' }), `${prefix}huggingface-pytorch-training:1.6-transformers4.2-gpu-py37-cu110-ubuntu18.04`);
  assert.equal(hf({ version: '4.2.1', py_version: 'py37', base_framework_version: 'pytorch1.6.0' }), `${prefix}huggingface-pytorch-training:1.6.0-transformers4.2.1-gpu-py37-cu110-ubuntu18.04`);
  assert.equal(hf({ version: '4.2.1', py_version: 'py36', base_framework_version: 'tensorflow2.3.0' }), `${prefix}huggingface-tensorflow-training:2.3.0-transformers4.2.1-gpu-py36-cu110-ubuntu18.04`);
  // A single version answers for any version; the tag keeps the version asked for.
  assert.equal(hf({ version: '4.3.1', py_version: 'py37', base_framework_version: 'pytorch1.6.0' }), `${prefix}huggingface-pytorch-training:1.6.0-transformers4.3.1-gpu-py37-cu110-ubuntu18.04`);
});

test('test_retrieve_auto_selected_container_version / test_retrieve_pytorch_container_version (real configs)', () => {
  assert.equal(
    retrieve({ framework: 'tensorflow', region: 'us-west-2', version: '2.3', py_version: 'py37', instance_type: 'ml.p4d.24xlarge', image_scope: 'training' }),
    '763104351884.dkr.ecr.us-west-2.amazonaws.com/tensorflow-training:2.3-gpu-py37-cu110-ubuntu18.04-v3',
  );
  assert.equal(
    retrieve({ framework: 'pytorch', region: 'us-west-2', version: '1.6', py_version: 'py3', instance_type: 'ml.p4d.24xlarge', image_scope: 'training' }),
    '763104351884.dkr.ecr.us-west-2.amazonaws.com/pytorch-training:1.6-gpu-py3-cu110-ubuntu18.04-v3',
  );
});

test('tests/unit/test_clarify.py test_uri', () => {
  assert.equal(retrieve({ framework: 'clarify', region: 'us-west-2' }), '306415355426.dkr.ecr.us-west-2.amazonaws.com/sagemaker-clarify-processing:1.0');
});

test('test_trainium.py: pytorch on ml.trn1 uses the pytorch-neuron config and the neuron tag', () => {
  // expected_uris.neuron_framework_uri: {version}-neuron-py38-sdk2.4.0-ubuntu20.04
  for (const region of ['us-west-2', 'us-east-1', 'eu-west-1', 'ap-northeast-1']) {
    assert.equal(
      retrieve({ framework: 'pytorch', region, instance_type: 'ml.trn1.xlarge', version: '1.11.0' }),
      `763104351884.dkr.ecr.${region}.amazonaws.com/pytorch-training-neuron:1.11.0-neuron-py38-sdk2.4.0-ubuntu20.04`,
    );
  }
  throwsSdk(
    () => retrieve({ framework: 'autogluon', region: 'us-west-2', instance_type: 'ml.trn1.xlarge', version: '1.11.0' }),
    'ValueError',
    'Unsupported framework: autogluon. Supported framework(s) for Trainium instances: pytorch.',
  );
});

test('test_huggingface_vllm_neuronx.py: 0.10.2-neuronx-py310-sdk2.26.0-ubuntu22.04', () => {
  // get_huggingface_llm_image_uri("huggingface-vllm-neuronx") = retrieve(..., image_scope="inference", inference_tool="neuronx")
  for (const version of ['0.4.1', '0.4']) {
    assert.equal(
      retrieve({ framework: 'huggingface-vllm-neuronx', region: 'us-east-1', version, image_scope: 'inference', inference_tool: 'neuronx' }),
      '763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-vllm-inference-neuronx:0.10.2-neuronx-py310-sdk2.26.0-ubuntu22.04',
    );
  }
});
