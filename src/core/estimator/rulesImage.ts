/**
 * Where the training image comes from, checked against the SDK's image tables (src/core/images):
 *
 * - image-source: there must be a way to get an image: image_uri (string or retrieve() object), or
 *   "framework" with its versions;
 * - image-version: framework_version / transformers_version / pytorch_version / tensorflow_version /
 *   image_uri.version unknown to the tables (the message lists the known ones);
 * - py-version: py_version unknown for that version, or missing where the SDK requires it;
 * - image-uri: anything else retrieve() rejects (unknown image family, processor, region, ...), and
 *   image URI strings that cannot be image references.
 */
import { frameworkVersions, ImageUriError, knownFrameworks, retrieve, trainingImageUri, type FrameworkVersions } from '../images/imageUris';
import { compareVersions } from '../images/pep440';
import { FRAMEWORK_CLASS, Framework, frameworkOf } from './rules';
import { RuleContext } from './rulesContext';
import { didYouMean, instanceTypeProblem, quoteList, REGION_SHAPE } from './rulesUtil';
import type { JsonPath } from './types';

/** Frameworks whose estimators need py_version unless image_uri is given (sklearn/xgboost default to py3). */
const PY_VERSION_REQUIRED: Framework[] = ['pytorch', 'tensorflow', 'mxnet', 'huggingface'];

const FALLBACK_REGION = 'us-east-1';

interface RegionChoice {
  region: string;
  /** Where the region came from: the file's `region`, the connection's, or none known. */
  source: 'file' | 'connection' | 'none';
}

function regionOf(ctx: RuleContext): RegionChoice | undefined {
  if (ctx.has(['region'])) {
    const region = ctx.str(['region']);
    if (region === undefined || !REGION_SHAPE.test(region)) return undefined; // unresolved or reported
    return { region, source: 'file' };
  }
  if (ctx.options.region && REGION_SHAPE.test(ctx.options.region)) return { region: ctx.options.region, source: 'connection' };
  return { region: FALLBACK_REGION, source: 'none' };
}

/** The instance type an image is chosen for: the estimator's, else the first instance group's. */
function trainingInstanceType(ctx: RuleContext): { value?: string; path?: JsonPath; unresolved: boolean } {
  for (const path of [['instance_type'], ['instance_groups', 0, 'instance_type']] as JsonPath[]) {
    if (!ctx.has(path)) continue;
    const value = ctx.str(path);
    // Unset variables and invalid instance types are reported already: do not check images against them.
    return { value, path, unresolved: value === undefined || instanceTypeProblem(value) !== undefined };
  }
  return { unresolved: false };
}

function listVersions(versions: FrameworkVersions): string {
  const concrete = versions.versions.filter(version => !Object.prototype.hasOwnProperty.call(versions.aliases, version));
  const aliasList = Object.entries(versions.aliases);
  let text = concrete.join(', ');
  if (aliasList.length > 0) {
    const sample = aliasList.slice(-3).map(([alias, target]) => `"${alias}" for ${target}`);
    text += `; aliases such as ${sample.join(', ')} are accepted too`;
  }
  return text;
}

/** The known version sharing the most leading components with `version` (concrete versions first, then the newest). */
function closestVersion(version: string, versions: FrameworkVersions): string | undefined {
  const parts = version.split(/[.-]/);
  const isAlias = (candidate: string): boolean => Object.prototype.hasOwnProperty.call(versions.aliases, candidate);
  let best: string | undefined;
  let bestScore = 0;
  for (const candidate of versions.versions) {
    const other = candidate.split(/[.-]/);
    let shared = 0;
    while (shared < parts.length && shared < other.length && parts[shared] === other[shared]) shared++;
    const score = shared * 2 + (isAlias(candidate) ? 0 : 1);
    if (shared > 0 && (score > bestScore || (score === bestScore && best !== undefined && candidate > best))) {
      best = candidate;
      bestScore = score;
    }
  }
  if (best !== undefined && bestScore >= 2 * Math.min(2, parts.length)) return best;
  return nearestOfSameMajor(version, versions.versions.filter(candidate => !isAlias(candidate))) ?? didYouMean(version, versions.versions);
}

/**
 * For a version whose major the tables know but whose minor they do not (often one newer than the SDK's tables, such
 * as "2.9" when they end at 2.8.0): the newest known version of that major not above it, else the oldest above it.
 * A spelling match would name another major ("1.9"), the wrong advice for a version number.
 */
function nearestOfSameMajor(version: string, concrete: string[]): string | undefined {
  const NUMERIC = /^\d+(\.\d+)*$/;
  if (!NUMERIC.test(version)) return undefined;
  const major = (text: string): number => Number(text.split('.')[0]);
  const sameMajor = concrete.filter(candidate => NUMERIC.test(candidate) && major(candidate) === major(version)).sort(compareVersions);
  return sameMajor.filter(candidate => compareVersions(candidate, version) <= 0).at(-1) ?? sameMajor[0];
}

export function runImageRules(ctx: RuleContext): void {
  const framework = frameworkOf(ctx);
  const frameworkWritten = ctx.has(['framework']);
  const imageUri = ctx.get(['image_uri']);

  if (imageUri === undefined && !frameworkWritten) {
    ctx.error(
      'image-source',
      ['image_uri'],
      'The estimator has no training image: add "image_uri" (an image URI, or {"framework": "xgboost", "version": "1.7-1"} to look one up), or "framework" with framework_version and py_version (e.g. "framework": "pytorch").',
      'anchor',
    );
    return;
  }

  if (typeof imageUri === 'string') checkImageUriString(ctx);
  else if (imageUri && typeof imageUri === 'object' && !Array.isArray(imageUri)) checkImageUriObject(ctx, framework);

  if (framework && imageUri === undefined) checkFrameworkImage(ctx, framework);
}

function checkImageUriString(ctx: RuleContext): void {
  const uri = ctx.str(['image_uri']);
  if (uri === undefined) return;
  if (uri.trim() === '') return; // the schema reports empty strings
  if (/\s/.test(uri)) {
    ctx.error('image-uri', ['image_uri'], `image_uri "${uri}" contains whitespace: an image URI looks like 123456789012.dkr.ecr.us-east-1.amazonaws.com/repository:tag.`);
    return;
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(uri)) {
    ctx.error('image-uri', ['image_uri'], `image_uri "${uri}" is a URL: write the image reference without a scheme, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/repository:tag.`);
    return;
  }
  // [registry/]repository[:tag][@digest]; repository path components are lowercase.
  const match = /^(?:([^/]+\.[^/]+|localhost(?::\d+)?)\/)?([^:@]+)(?::([^@]+))?(?:@(.+))?$/.exec(uri);
  if (!match) {
    ctx.error('image-uri', ['image_uri'], `image_uri "${uri}" is not an image reference such as 123456789012.dkr.ecr.us-east-1.amazonaws.com/repository:tag.`);
    return;
  }
  const [, , repository, tag, digest] = match;
  if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(repository)) {
    ctx.error('image-uri', ['image_uri'], `image_uri: the repository "${repository}" is not a valid image repository name: use lowercase letters, digits and . _ - separators${/[A-Z]/.test(repository) ? ` (did you mean "${repository.toLowerCase()}"?)` : ''}.`);
    return;
  }
  if (tag !== undefined && !/^[\w][\w.-]{0,127}$/.test(tag)) {
    ctx.error('image-uri', ['image_uri'], `image_uri: the tag "${tag}" is not a valid image tag (letters, digits, _ . -, at most 128 characters).`);
    return;
  }
  if (digest !== undefined && !/^sha256:[a-f0-9]{64}$/.test(digest)) {
    ctx.error('image-uri', ['image_uri'], `image_uri: the digest "${digest}" is not a sha256:<64 hex digits> digest.`);
  }
}

function imageErrorTarget(ctx: RuleContext, argument: string, mapping: Record<string, JsonPath | undefined>, fallback: JsonPath): JsonPath {
  const mapped = mapping[argument];
  if (mapped && ctx.has(mapped)) return mapped;
  return fallback;
}

function checkImageUriObject(ctx: RuleContext, estimatorFramework: Framework | undefined): void {
  const spec = ctx.obj(['image_uri'])!;
  // Leave values with unset variables (reported already) and wrongly typed ones (reported by the schema) alone.
  for (const [key, value] of Object.entries(spec)) {
    if (ctx.isUnresolved(['image_uri', key])) return;
    if (['framework', 'version', 'py_version', 'instance_type', 'image_scope', 'region', 'accelerator_type', 'container_version', 'base_framework_version'].includes(key) && typeof value !== 'string') return;
  }
  const family = spec.framework;
  if (typeof family !== 'string') return; // schema: required
  const known = knownFrameworks();
  if (!known.includes(family)) {
    const suggestion = didYouMean(family, known);
    ctx.error('image-uri', ['image_uri', 'framework'], `image_uri.framework "${family}" is not an image family the SDK's image tables know${suggestion ? `: did you mean "${suggestion}"?` : ''} Known: ${known.join(', ')}.`);
    return;
  }
  if (estimatorFramework && family !== estimatorFramework && !family.startsWith(`${estimatorFramework}-`)) {
    ctx.warning('image-source', ['image_uri', 'framework'], `image_uri.framework "${family}" differs from "framework": "${estimatorFramework}": the ${FRAMEWORK_CLASS[estimatorFramework]} estimator will run a ${family} image. Check that this is intended.`);
  }
  let versions: FrameworkVersions | undefined;
  const scope = typeof spec.image_scope === 'string' ? spec.image_scope : undefined;
  let effectiveScope = scope;
  try {
    const all = frameworkVersions(family);
    if (!effectiveScope && all.scopes.includes('training')) effectiveScope = 'training';
    versions = frameworkVersions(family, effectiveScope);
  } catch (error) {
    if (error instanceof ImageUriError && error.argument === 'image_scope' && scope) {
      ctx.error('image-uri', ['image_uri', 'image_scope'], `image_uri.image_scope "${scope}" is not a scope of ${family} images: use ${quoteList(error.choices)}.`);
      return;
    }
    versions = undefined;
  }
  const version = typeof spec.version === 'string' ? spec.version : undefined;
  if (versions && version !== undefined && versions.versions.length > 0 && !versions.versions.includes(version)) {
    const suggestion = closestVersion(version, versions);
    ctx.error('image-version', ['image_uri', 'version'], `image_uri.version "${version}" is not a ${family}${versions.scope ? ` ${versions.scope}` : ''} image version in the SDK's image tables.${suggestion ? ` Did you mean "${suggestion}"?` : ''} Known versions: ${listVersions(versions)}.`);
    return;
  }
  const pyVersion = typeof spec.py_version === 'string' ? spec.py_version : undefined;
  if (versions && version !== undefined && pyVersion !== undefined) {
    const known = versions.pyVersions(version);
    if (known.length > 0 && !known.includes(pyVersion)) {
      ctx.error('py-version', ['image_uri', 'py_version'], `image_uri.py_version "${pyVersion}" is not available for ${family} ${version}: use ${quoteList(known)}.`);
      return;
    }
  }
  checkImageUriRetrieves(ctx, spec, family, effectiveScope);
}

/** What else `image_uris.retrieve` rejects for these arguments (region, instance type, ...), at the field to fix. */
function checkImageUriRetrieves(ctx: RuleContext, spec: Record<string, unknown>, family: string, effectiveScope: string | undefined): void {
  const region = regionOf(ctx);
  if (!region) return;
  const instance = trainingInstanceType(ctx);
  if (spec.instance_type === undefined && instance.unresolved) return;
  const explicitRegion = typeof spec.region === 'string' ? spec.region : undefined;
  try {
    retrieve({
      ...(spec as Record<string, unknown>),
      framework: family,
      region: explicitRegion ?? region.region,
      instance_type: (spec.instance_type as string | undefined) ?? instance.value ?? null,
      image_scope: effectiveScope ?? null,
    } as Parameters<typeof retrieve>[0]);
  } catch (error) {
    if (!(error instanceof ImageUriError)) {
      ctx.error('image-uri', ['image_uri'], `image_uri could not be resolved: ${(error as Error).message}`, 'key');
      return;
    }
    if (error.argument === 'region' && !explicitRegion && region.source === 'none') return;
    if (error.argument === 'instance_type' && spec.instance_type === undefined && instance.value === undefined) return;
    const mapping: Record<string, JsonPath | undefined> = {
      instance_type: spec.instance_type !== undefined ? ['image_uri', 'instance_type'] : instance.path,
      region: explicitRegion !== undefined ? ['image_uri', 'region'] : ctx.has(['region']) ? ['region'] : undefined,
    };
    const argumentPath: JsonPath = Object.prototype.hasOwnProperty.call(spec, error.argument) ? ['image_uri', error.argument] : imageErrorTarget(ctx, error.argument, mapping, ['image_uri']);
    const code = error.argument === 'version' ? 'image-version' : error.argument === 'py_version' ? 'py-version' : 'image-uri';
    const where = error.argument === 'region' && !ctx.has(argumentPath) ? ` (region ${region.region}, from the connection)` : '';
    ctx.report(
      region.source === 'connection' && error.argument === 'region' ? 'warning' : 'error',
      code,
      argumentPath,
      `${ctx.field(argumentPath)}: no ${family} image from image_uris.retrieve${where}: ${error.withoutUpgradeAdvice()}`,
      argumentPath.length === 1 && argumentPath[0] === 'image_uri' ? 'key' : 'value',
    );
  }
}

/** HuggingFace: the base framework's version (pytorch_version or tensorflow_version) against the transformers version's
 *  images. The key that holds it; null when the checks stop here (reported here or by huggingface-version). */
function checkHuggingFaceBase(ctx: RuleContext, versions: FrameworkVersions, version: string): string | null {
  const baseKey = ctx.has(['pytorch_version']) ? 'pytorch_version' : ctx.has(['tensorflow_version']) ? 'tensorflow_version' : undefined;
  if (!baseKey || (ctx.has(['pytorch_version']) && ctx.has(['tensorflow_version']))) return null; // huggingface-version
  const base = ctx.str([baseKey]);
  if (base === undefined) return null;
  const baseName = baseKey === 'pytorch_version' ? 'pytorch' : 'tensorflow';
  const bases = versions.baseFrameworkVersions(version);
  if (bases.length > 0 && !bases.includes(`${baseName}${base}`)) {
    const available = bases.filter(b => b.startsWith(baseName)).map(b => b.slice(baseName.length));
    const others = bases.filter(b => !b.startsWith(baseName));
    ctx.error(
      'image-version',
      [baseKey],
      `${baseKey} "${base}" has no HuggingFace training image with transformers_version ${version}: ${available.length ? `use ${quoteList(available)}` : `transformers ${version} images are built on ${others.join(', ')} only`}.`,
    );
    return null;
  }
  return baseKey;
}

function checkFrameworkImage(ctx: RuleContext, framework: Framework): void {
  const className = FRAMEWORK_CLASS[framework];
  const isHuggingFace = framework === 'huggingface';
  const versionKey = isHuggingFace ? 'transformers_version' : 'framework_version';
  const versionPath = [versionKey];
  if (!ctx.has(versionPath)) {
    if (!isHuggingFace) {
      ctx.error('image-source', ['framework'], `framework "${framework}" needs framework_version (and py_version) to pick the ${className} training image, or an image_uri. Add e.g. "framework_version": "${exampleVersion(framework)}".`);
    }
    return; // HuggingFace: reported by huggingface-version
  }
  const version = ctx.str(versionPath);
  if (version === undefined) return;
  let versions: FrameworkVersions;
  try {
    versions = frameworkVersions(framework, 'training');
  } catch {
    return;
  }
  if (!versions.versions.includes(version)) {
    const suggestion = closestVersion(version, versions);
    ctx.error('image-version', versionPath, `${versionKey} "${version}" is not a ${className} training image version in the SDK's image tables.${suggestion ? ` Did you mean "${suggestion}"?` : ''} Known versions: ${listVersions(versions)}.`);
    return;
  }
  let baseKey: string | undefined;
  if (isHuggingFace) {
    const checked = checkHuggingFaceBase(ctx, versions, version);
    if (checked === null) return;
    baseKey = checked;
  }
  const pyVersion = ctx.get(['py_version']);
  const knownPy = versions.pyVersions(version);
  if (pyVersion === undefined) {
    if (PY_VERSION_REQUIRED.includes(framework)) {
      ctx.error('py-version', ['py_version'], `py_version is required with ${versionKey} for the ${className} estimator (no image_uri): add "py_version"${knownPy.length ? `, ${quoteList(knownPy)} for ${version}` : ''}.`, 'key', versionPath);
      return;
    }
  } else if (typeof pyVersion === 'string' && !ctx.isUnresolved(['py_version'])) {
    if (knownPy.length > 0 && !knownPy.includes(pyVersion)) {
      ctx.error('py-version', ['py_version'], `py_version "${pyVersion}" is not available for ${className} ${version}: use ${quoteList(knownPy)}.`);
      return;
    }
  } else {
    return;
  }
  checkFrameworkRetrieves(ctx, { framework, version, versionPath, pyVersion, baseKey });
}

/** Everything else `image_uris.retrieve` checks for the framework's training image, at the field to fix. */
function checkFrameworkRetrieves(
  ctx: RuleContext,
  image: { framework: Framework; version: string; versionPath: string[]; pyVersion: unknown; baseKey: string | undefined },
): void {
  const { framework, version, versionPath, pyVersion, baseKey } = image;
  const className = FRAMEWORK_CLASS[framework];
  // Everything else retrieve() checks: processors for the instance type, region, distribution, ...
  const region = regionOf(ctx);
  const instance = trainingInstanceType(ctx);
  if (!region || instance.unresolved) return;
  for (const key of ['pytorch_version', 'tensorflow_version']) if (ctx.has([key]) && ctx.str([key]) === undefined) return;
  const distribution = ctx.obj(['distribution']);
  const compiler = ctx.obj(['compiler_config']);
  try {
    trainingImageUri({
      region: region.region,
      framework,
      framework_version: version,
      py_version: typeof pyVersion === 'string' ? pyVersion : framework === 'sklearn' || framework === 'xgboost' ? 'py3' : null,
      distribution: distribution ?? null,
      compiler_config: compiler ?? null,
      pytorch_version: ctx.str(['pytorch_version']) ?? null,
      tensorflow_version: ctx.str(['tensorflow_version']) ?? null,
      instance_type: instance.value ?? null,
    });
  } catch (error) {
    if (!(error instanceof ImageUriError)) return;
    if (error.argument === 'region' && region.source === 'none') return;
    if (error.argument === 'instance_type' && instance.value === undefined) return;
    const mapping: Record<string, JsonPath | undefined> = {
      version: versionPath,
      framework: ['framework'],
      image_scope: ['framework'],
      py_version: ['py_version'],
      instance_type: instance.path,
      region: ctx.has(['region']) ? ['region'] : undefined,
      base_framework_version: baseKey ? [baseKey] : undefined,
      distribution: ['distribution'],
      container_version: versionPath,
      accelerator_type: ['instance_type'],
    };
    const path = imageErrorTarget(ctx, error.argument, mapping, versionPath);
    const where = error.argument === 'region' && !ctx.has(['region']) ? ` in region ${region.region} (the connection's)` : '';
    const code = error.argument === 'version' ? 'image-version' : error.argument === 'py_version' ? 'py-version' : 'image-uri';
    ctx.report(
      region.source === 'connection' && error.argument === 'region' ? 'warning' : 'error',
      code,
      path,
      `${ctx.field(path)}: no ${className} ${version} training image${where}: ${error.withoutUpgradeAdvice()}`,
      error.argument === 'distribution' ? 'key' : 'value',
    );
  }
}

function exampleVersion(framework: Framework): string {
  switch (framework) {
    case 'pytorch':
      return '2.1';
    case 'tensorflow':
      return '2.16';
    case 'sklearn':
      return '1.2-1';
    case 'xgboost':
      return '1.7-1';
    case 'mxnet':
      return '1.9.0';
    default:
      return '4.28';
  }
}
