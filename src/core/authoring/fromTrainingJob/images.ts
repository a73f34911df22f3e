/**
 * A training image back to the estimator arguments that select it: a framework estimator's versions, or
 * `image_uris.retrieve` arguments for a table image, found by asking the image tables the planner uses.
 */
import { frameworkVersions, type FrameworkVersions } from '../../images/imageUris';
import tableJson from '../../images/imageTable.json';
import { buildImageUri } from '../../estimator/request';
import type { EstimatorSpec, FrameworkName } from '../../estimator/types';
import { isObj, repositoryOf, type Obj } from './values';

/** The framework estimators' training image repositories. */
const FRAMEWORK_REPOSITORIES: [RegExp, FrameworkName][] = [
  [/^pytorch-training(-neuronx?)?$/, 'pytorch'],
  [/^tensorflow-training$/, 'tensorflow'],
  [/^sagemaker-scikit-learn$/, 'sklearn'],
  [/^sagemaker-xgboost$/, 'xgboost'],
  [/^mxnet-training$/, 'mxnet'],
  [/^huggingface-(pytorch|tensorflow)-training(-neuronx)?$/, 'huggingface'],
];

/** The framework estimator whose training images live in this repository, if any. */
export function frameworkOfRepository(repository: string): FrameworkName | undefined {
  return FRAMEWORK_REPOSITORIES.find(([re]) => re.test(repository))?.[1];
}

function trainingVersions(framework: string): FrameworkVersions | undefined {
  try {
    return frameworkVersions(framework, 'training');
  } catch {
    return undefined;
  }
}

/** Concrete versions first (the tag shows which was used), then aliases. */
function orderedVersions(versions: FrameworkVersions): string[] {
  const isAlias = (v: string) => Object.prototype.hasOwnProperty.call(versions.aliases, v);
  return [...versions.versions.filter((v) => !isAlias(v)), ...versions.versions.filter(isAlias)];
}

function imageOf(spec: EstimatorSpec, region: string): string | undefined {
  try {
    return buildImageUri(spec, region);
  } catch {
    return undefined;
  }
}

/** The framework estimator arguments that select exactly `image` (with the estimator's instances), if any. */
export function frameworkImageArguments(framework: FrameworkName, image: string, base: EstimatorSpec, region: string): Obj | undefined {
  const versions = trainingVersions(framework);
  if (!versions) return undefined;
  const tag = image.split(':').pop() ?? '';
  // Versions named in the tag first: a handful of lookups instead of every version.
  const candidates = orderedVersions(versions).sort((a, b) => Number(!tag.includes(a)) - Number(!tag.includes(b)));
  for (const version of candidates) {
    if (framework === 'huggingface') {
      for (const baseFramework of versions.baseFrameworkVersions(version)) {
        const m = /^(pytorch|tensorflow)(.+)$/.exec(baseFramework);
        if (!m || m[2].split('.').length !== version.split('.').length) continue;
        for (const py of versions.pyVersions(version)) {
          const args: Obj = { transformers_version: version, [`${m[1]}_version`]: m[2], py_version: py };
          if (imageOf({ ...base, framework, ...args } as EstimatorSpec, region) === image) return args;
        }
      }
      continue;
    }
    const pys: (string | undefined)[] =
      framework === 'sklearn' || framework === 'xgboost' ? [undefined, ...versions.pyVersions(version)] : versions.pyVersions(version);
    for (const py of pys) {
      const args: Obj = { framework_version: version, ...(py ? { py_version: py } : {}) };
      if (imageOf({ ...base, framework, ...args } as EstimatorSpec, region) === image) return args;
    }
  }
  return undefined;
}

/** `image_uri` as `image_uris.retrieve` arguments when a table image of that repository matches. */
export function retrieveArguments(image: string, base: EstimatorSpec, region: string): Obj | undefined {
  const repository = repositoryOf(image);
  const tag = image.split(':').pop() ?? '';
  const candidates = tableFrameworksFor(repository);
  for (const framework of candidates) {
    const versions = trainingVersions(framework);
    const tries: Obj[] = [{ framework }];
    if (versions) {
      const ordered = orderedVersions(versions).sort((a, b) => Number(!tag.includes(a)) - Number(!tag.includes(b)));
      for (const version of ordered) {
        tries.push({ framework, version });
        for (const py of versions.pyVersions(version)) tries.push({ framework, version, py_version: py });
      }
    }
    for (const args of tries) {
      if (imageOf({ ...base, image_uri: args } as unknown as EstimatorSpec, region) === image) return args;
    }
  }
  return undefined;
}

let repositoryIndex: Map<string, string[]> | undefined;

/** The table frameworks (training scope) whose images live in a repository of that name. */
function tableFrameworksFor(repository: string): string[] {
  if (!repositoryIndex) {
    repositoryIndex = new Map();
    const table = tableJson as unknown as { frameworks: Record<string, unknown> };
    const walk = (node: unknown, framework: string): void => {
      if (!isObj(node)) return;
      if (typeof node.repository === 'string') {
        const list = repositoryIndex!.get(node.repository) ?? [];
        if (!list.includes(framework)) list.push(framework);
        repositoryIndex!.set(node.repository, list);
      }
      for (const value of Object.values(node)) walk(value, framework);
    };
    for (const [framework, config] of Object.entries(table.frameworks)) walk(config, framework);
  }
  return repositoryIndex.get(repository) ?? [];
}

/** Whether an image is a SageMaker built-in algorithm's (whose metric definitions SageMaker fills in). */
export function isBuiltInAlgorithmImage(image: string): boolean {
  const frameworks = tableFrameworksFor(repositoryOf(image));
  return frameworks.some((framework) => {
    const versions = trainingVersions(framework);
    return !!versions && versions.processors(versions.versions[0] ?? '').length === 0 && versions.versions.includes('1');
  });
}
