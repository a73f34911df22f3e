/**
 * The framework estimators' own arguments (versions, distribution, debugger), the region, and deploy.
 * The rule codes are listed in rules.ts.
 */
import { RuleContext } from './rulesContext';
import { Framework, FRAMEWORK_CLASS, frameworkOf, isLocalMode } from './rulesFacts';
import { checkInstanceType, checkGroupReferences } from './rulesJob';
import { REGION_SHAPE, resourceNameProblem } from './rulesUtil';
import type { JsonPath } from './types';

// ---------------------------------------------------------------------------------------------
// Framework estimators

const FRAMEWORK_ONLY = ['framework_version', 'py_version', 'distribution', 'compiler_config', 'model_dir'];
const HUGGINGFACE_ONLY = ['transformers_version', 'pytorch_version', 'tensorflow_version'];
const COMPILER_FRAMEWORKS: Framework[] = ['pytorch', 'tensorflow', 'huggingface'];

export function checkFrameworkArguments(ctx: RuleContext): void {
  const framework = frameworkOf(ctx);
  const frameworkSet = ctx.has(['framework']);
  if (!frameworkSet) {
    for (const key of [...FRAMEWORK_ONLY, ...HUGGINGFACE_ONLY]) {
      if (!ctx.has([key])) continue;
      const imageHint = key === 'framework_version' && ctx.obj(['image_uri']) ? ' (for the image, write "version" inside image_uri)' : key === 'py_version' && ctx.obj(['image_uri']) ? ' (for the image, write "py_version" inside image_uri)' : '';
      ctx.error('framework-argument', [key], `${key} is an argument of framework estimators only: add "framework" (${HUGGINGFACE_ONLY.includes(key) ? '"huggingface"' : 'e.g. "pytorch"'}) or remove ${key}${imageHint}.`, 'key');
    }
  } else if (framework) {
    if (framework !== 'huggingface') {
      for (const key of HUGGINGFACE_ONLY) {
        if (ctx.has([key])) ctx.error('framework-argument', [key], `${key} is an argument of the HuggingFace estimator only; with "framework": "${framework}" use framework_version.`, 'key');
      }
    } else if (ctx.has(['framework_version'])) {
      ctx.error('framework-argument', ['framework_version'], 'framework_version is not an argument of the HuggingFace estimator: give transformers_version plus pytorch_version or tensorflow_version.', 'key');
    }
    if (ctx.has(['compiler_config']) && !COMPILER_FRAMEWORKS.includes(framework)) {
      ctx.error('framework-argument', ['compiler_config'], `compiler_config (SageMaker Training Compiler) is only for pytorch, tensorflow and huggingface, not ${framework}.`, 'key');
    }
    if (ctx.has(['distribution']) && (framework === 'sklearn' || framework === 'xgboost')) {
      ctx.warning('framework-argument', ['distribution'], `distribution is not an argument of the ${FRAMEWORK_CLASS[framework]} estimator and is ignored.`, 'key');
    }
    if (ctx.has(['model_dir']) && framework !== 'tensorflow') {
      ctx.error('framework-argument', ['model_dir'], `model_dir is an argument of the TensorFlow estimator only, not of ${FRAMEWORK_CLASS[framework]}: remove it.`, 'key');
    }
    if (ctx.get(['model_dir']) === true) {
      ctx.error('framework-argument', ['model_dir'], 'model_dir must be a path (e.g. "/opt/ml/model") or false to leave it out, not true.');
    }
    if (!ctx.has(['entry_point'])) {
      ctx.error('entry-point', ['framework'], `framework "${framework}" needs entry_point, the training script to run (e.g. "entry_point": "train.py"), as the ${FRAMEWORK_CLASS[framework]} estimator requires.`);
    }
    if (framework === 'huggingface') checkHuggingFace(ctx);
  }
  if (!ctx.has(['entry_point']) && !frameworkSet) {
    for (const key of ['source_dir', 'dependencies', 'git_config']) {
      if (ctx.has([key])) {
        ctx.error('entry-point', [key], `${key} needs entry_point, the script to run from the code: add "entry_point" (relative to source_dir).`, 'key');
      }
    }
  }
  const entry = ctx.str(['entry_point']);
  if (entry !== undefined && /^s3:/i.test(entry)) {
    ctx.error('entry-point', ['entry_point'], 'entry_point must be a local file (relative to source_dir), not an S3 URI: put the code in an S3 tar.gz source_dir and name the script in entry_point.');
  }
}

function checkHuggingFace(ctx: RuleContext): void {
  if (ctx.has(['image_uri'])) return; // like the SDK, the image settles it
  const transformers = ctx.get(['transformers_version']);
  const pytorch = ctx.get(['pytorch_version']);
  const tensorflow = ctx.get(['tensorflow_version']);
  if (transformers === undefined) {
    ctx.error('huggingface-version', ['framework'], 'framework "huggingface" needs transformers_version (e.g. "4.28") plus pytorch_version or tensorflow_version, or an image_uri.');
    return;
  }
  if (pytorch === undefined && tensorflow === undefined) {
    ctx.error('huggingface-version', ['transformers_version'], 'transformers_version needs pytorch_version or tensorflow_version beside it: the HuggingFace image is chosen by both (e.g. "pytorch_version": "2.0").', 'key');
    return;
  }
  if (pytorch !== undefined && tensorflow !== undefined) {
    ctx.error('huggingface-version', ['tensorflow_version'], 'pytorch_version and tensorflow_version are both set: the HuggingFace estimator takes only one of them. Remove one.', 'key');
    return;
  }
  const base = pytorch !== undefined ? 'pytorch_version' : 'tensorflow_version';
  const baseValue = ctx.str([base]);
  const transformersValue = ctx.str(['transformers_version']);
  if (baseValue && transformersValue && baseValue.split('.').length !== transformersValue.split('.').length) {
    ctx.error('huggingface-version', [base], `${base} "${baseValue}" and transformers_version "${transformersValue}" must both be full versions (x.y.z) or both short ones (x.y), as the SDK requires.`);
  }
}

const DISTRIBUTION_SUPPORT: Record<string, Framework[]> = {
  torch_distributed: ['pytorch', 'huggingface'],
  pytorchddp: ['pytorch'],
  mpi: ['pytorch', 'tensorflow', 'mxnet', 'huggingface'],
  smdistributed: ['pytorch', 'tensorflow', 'huggingface'],
  parameter_server: ['tensorflow', 'mxnet'],
  multi_worker_mirrored_strategy: ['tensorflow'],
  pytorchxla: ['pytorch', 'huggingface'],
  instance_groups: ['pytorch', 'tensorflow', 'mxnet', 'huggingface'],
};

export function checkDistribution(ctx: RuleContext): void {
  const distribution = ctx.obj(['distribution']);
  if (!distribution) return;
  const framework = frameworkOf(ctx);
  if (framework && framework !== 'sklearn' && framework !== 'xgboost') {
    for (const key of Object.keys(distribution)) {
      const supported = DISTRIBUTION_SUPPORT[key];
      if (supported && !supported.includes(framework)) {
        ctx.error('distribution', ['distribution', key], `distribution.${key} is not supported by the ${FRAMEWORK_CLASS[framework]} estimator (it is for ${supported.map(f => FRAMEWORK_CLASS[f]).join(', ')}).`, 'key');
      }
    }
  }
  checkGroupReferences(ctx, ['distribution', 'instance_groups']);
  const enabled = Object.entries(distribution).filter(([key, value]) => key !== 'instance_groups' && value && typeof value === 'object' && (value as Record<string, unknown>).enabled === true);
  if (enabled.length > 1) {
    ctx.error('distribution', ['distribution', enabled[1][0]], `distribution enables both ${enabled[0][0]} and ${enabled[1][0]}: use one distribution strategy.`, 'key');
  }
  if (isLocalMode(ctx) === true && distribution.smdistributed !== undefined) {
    ctx.warning('distribution', ['distribution', 'smdistributed'], 'distribution.smdistributed needs SageMaker instances (ml.p4d, ml.p5, ...) and does not run in local mode.', 'key');
  }
}

export function checkDebugger(ctx: RuleContext): void {
  if (ctx.bool(['disable_profiler']) === true && ctx.bool(['profiler_config', 'disable_profiler']) === false) {
    ctx.error('debugger', ['profiler_config', 'disable_profiler'], 'profiler_config.disable_profiler cannot be false when disable_profiler is true. Remove one of them.');
  }
  if (ctx.bool(['disable_profiler']) === true) {
    (ctx.arr(['rules']) ?? []).forEach((_, i) => {
      const type = ctx.str(['rules', i, 'rule_type']);
      const name = ctx.str(['rules', i, 'name']);
      if (type === 'profiler' || (type === undefined && name === 'ProfilerReport')) {
        ctx.error('debugger', ['rules', i], `rules[${i}] is a profiler rule, which cannot run when disable_profiler is true.`);
      }
    });
  }
}

export function checkRegion(ctx: RuleContext, path: JsonPath): void {
  const region = ctx.str(path);
  if (region === undefined) return;
  if (!REGION_SHAPE.test(region)) {
    const lower = region.trim().toLowerCase().replace(/_/g, '-');
    ctx.error('region', path, `${ctx.field(path)} "${region}" is not an AWS region name such as us-east-1 or eu-west-1.${REGION_SHAPE.test(lower) ? ` Did you mean "${lower}"?` : ''}`);
  }
}

// ---------------------------------------------------------------------------------------------
// deploy

export function checkDeploy(ctx: RuleContext): void {
  const deploy = ctx.obj(['deploy']);
  if (!deploy) return;
  checkInstanceType(ctx, ['deploy', 'instance_type']);
  for (const key of ['endpoint_name', 'model_name']) {
    const name = ctx.str(['deploy', key]);
    if (name === undefined) continue;
    const problem = resourceNameProblem(name);
    if (problem) ctx.error('deploy', ['deploy', key], `deploy.${key} "${name}" is not a valid name: ${problem}.`);
  }
  const serverless = ctx.obj(['deploy', 'serverless_inference_config']);
  if (serverless) {
    for (const key of ['instance_type', 'initial_instance_count']) {
      if (ctx.has(['deploy', key])) {
        ctx.warning('deploy', ['deploy', key], `deploy.${key} is not used with serverless_inference_config: a serverless endpoint has no instances. Remove one of them.`, 'key');
      }
    }
    const provisioned = ctx.num(['deploy', 'serverless_inference_config', 'provisioned_concurrency']);
    const max = ctx.num(['deploy', 'serverless_inference_config', 'max_concurrency']) ?? 5;
    if (provisioned !== undefined && provisioned > max) {
      ctx.error('deploy', ['deploy', 'serverless_inference_config', 'provisioned_concurrency'], `deploy.serverless_inference_config.provisioned_concurrency (${provisioned}) cannot exceed max_concurrency (${max}).`);
    }
  } else if (ctx.has(['deploy', 'instance_type']) !== ctx.has(['deploy', 'initial_instance_count'])) {
    const [given, missing] = ctx.has(['deploy', 'instance_type']) ? ['instance_type', 'initial_instance_count'] : ['initial_instance_count', 'instance_type'];
    ctx.warning('deploy', ['deploy', given], `deploy.${given} is set without deploy.${missing}: deploy() needs both for a real-time endpoint (or serverless_inference_config instead). Add deploy.${missing}.`, 'key');
  }
  const count = ctx.num(['deploy', 'initial_instance_count']);
  if (ctx.str(['deploy', 'instance_type']) === 'local_gpu' && count !== undefined && count > 1) {
    ctx.error('deploy', ['deploy', 'initial_instance_count'], 'deploy.initial_instance_count must be 1 with instance_type "local_gpu".');
  }
}
