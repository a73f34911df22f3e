/**
 * The training image of an estimator, as the SDK's estimators choose it (`image_uris.retrieve`,
 * `get_training_image_uri`); errors name the estimator field to fix.
 */
import { ImageUriError, retrieve, trainingImageUri, type RetrieveOptions } from '../images/imageUris';
import { PlanError } from './channels';
import { effectiveDistribution } from './requestHyperparameters';
import type { EstimatorSpec, FrameworkName, ImageUriSpec } from './types';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const FRAMEWORK_IMAGE_NAMES: Record<FrameworkName, string> = {
  pytorch: 'pytorch',
  tensorflow: 'tensorflow',
  mxnet: 'mxnet',
  huggingface: 'huggingface',
  sklearn: 'sklearn',
  xgboost: 'xgboost',
};

/** `EstimatorBase._get_instance_type`: the instance type, else a GPU instance group's, else the first group's. */
function instanceTypeForImage(spec: EstimatorSpec): string | undefined {
  if (spec.instance_type) return spec.instance_type;
  const groups = spec.instance_groups ?? [];
  for (const g of groups) {
    const m = /^ml[._]([a-z\d-]+)\.?\w*$/.exec(g.instance_type);
    if (m && (m[1][0] === 'g' || m[1][0] === 'p')) return g.instance_type;
  }
  return groups[0]?.instance_type;
}

function wrapImageErrors(fn: () => string, path: (string | number)[]): string {
  try {
    return fn();
  } catch (e) {
    if (e instanceof PlanError) throw e;
    const argument = e instanceof ImageUriError ? e.argument : undefined;
    const at: Record<string, (string | number)[]> = {
      instance_type: ['instance_type'],
      region: ['region'],
      py_version: ['py_version'],
    };
    throw new PlanError(
      `Training image: ${e instanceof Error ? e.message : String(e)}`,
      (argument && at[argument]) || path,
    );
  }
}

export function callRetrieve(options: Record<string, unknown>, path: (string | number)[]): string {
  const clean: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) if (v !== undefined) clean[k] = v;
  return wrapImageErrors(() => retrieve(clean as unknown as RetrieveOptions), path);
}

/** The region the job runs in: the estimator's `region`, else the connection's. */
export function jobRegion(spec: EstimatorSpec, region: string): string {
  return spec.region || region;
}

function imageFromSpecObject(image: ImageUriSpec, spec: EstimatorSpec, region: string): string {
  return callRetrieve(
    {
      ...image,
      region: image.region || region,
      instance_type: image.instance_type ?? instanceTypeForImage(spec),
      image_scope: image.image_scope ?? 'training',
    },
    ['image_uri'],
  );
}

/**
 * The training image: `image_uri` as is, an `image_uri` object through `image_uris.retrieve`
 * (region and instance type defaulting to the job's), or the framework estimator's image
 * (`image_uris.get_training_image_uri` / the `SKLearn` and `XGBoost` constructors).
 */
export function buildImageUri(spec: EstimatorSpec, region: string): string {
  const r = jobRegion(spec, region);
  if (typeof spec.image_uri === 'string' && spec.image_uri !== '') return spec.image_uri;
  if (isObj(spec.image_uri)) return imageFromSpecObject(spec.image_uri as ImageUriSpec, spec, r);
  const fw = spec.framework;
  if (!fw) {
    throw new PlanError('image_uri is required for the generic Estimator (or set "framework").', ['image_uri']);
  }
  const name = FRAMEWORK_IMAGE_NAMES[fw];
  if (fw === 'sklearn' || fw === 'xgboost') {
    return callRetrieve(
      {
        framework: name,
        region: r,
        version: spec.framework_version,
        py_version: spec.py_version ?? 'py3',
        instance_type: spec.instance_type,
        image_scope: 'training',
      },
      ['framework_version'],
    );
  }
  // Framework.training_image_uri -> image_uris.get_training_image_uri.
  const distribution = fw === 'mxnet' ? undefined : effectiveDistribution(spec);
  return wrapImageErrors(
    () =>
      trainingImageUri({
        region: r,
        framework: name,
        framework_version: fw === 'huggingface' ? spec.transformers_version : spec.framework_version,
        py_version: spec.py_version,
        distribution,
        compiler_config: fw === 'mxnet' ? undefined : spec.compiler_config,
        tensorflow_version: fw === 'huggingface' ? spec.tensorflow_version : undefined,
        pytorch_version: fw === 'huggingface' ? spec.pytorch_version : undefined,
        instance_type: instanceTypeForImage(spec),
      }),
    [fw === 'huggingface' ? 'transformers_version' : 'framework_version'],
  );
}
