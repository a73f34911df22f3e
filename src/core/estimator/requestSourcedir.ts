/**
 * Staging of training code as the SageMaker Python SDK v2 does it
 * (`EstimatorBase._stage_user_code_in_s3`, `fw_utils.tar_and_upload_dir`,
 * `fw_utils._list_files_to_compress`, `utils.create_tar_file`):
 * - the tar is `s3://<code bucket>/<code prefix>/<job name>/source/sourcedir.tar.gz`, where the code
 *   bucket and prefix come from `code_location`, else the bucket of `output_path` (no prefix);
 * - with a `source_dir` every top-level entry of the folder is added under its own name (recursively),
 *   and `sagemaker_program` is the `entry_point` as written (relative to `source_dir`);
 * - without one the entry point file alone is added, at the top level, and `sagemaker_program` is its
 *   file name;
 * - each of `dependencies` is added under its own folder (or file) name;
 * - a `source_dir` that is an S3 URI is used as is, nothing is uploaded.
 *
 * Symbolic links, where we depart from the SDK: its tar is opened with `dereference=True`, so every link is
 * followed wherever it points (a link to a file outside is packed as that file, a link to `/etc` packs `/etc`,
 * a link back to a parent folder recurses until the OS refuses the path with ELOOP and the tar fails). We follow
 * a link only when its target stays inside the `source_dir` (or the dependency folder) being listed; the others
 * are left out with a warning naming the link (see `core/fsWalk.ts`). The walk here is synchronous (validation
 * runs as the user types) and bounded by the editor's small limits; a listing they cut short is flagged
 * `listingComplete: false` and is redone, asynchronously and with larger limits, at launch.
 *
 * `.sagemakerignore`, the other place we knowingly differ, and only when the user opts in: a file of that name at the
 * root of `source_dir` (gitignore syntax, matched by the `ignore` package) leaves the paths it names out of the tar.
 * The SDK has no such file and uploads everything; the preview says what was left out.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve as resolvePath } from 'node:path';
import ignore from 'ignore';
import { walkTree, walkTreeSync, type WalkLimits, type WalkOptions, type WalkResult, type WalkWarningKind } from '../fsWalk';
import { isLocalUri, isS3Uri, parseS3Url, PlanError, s3PathJoin, type UploadPlan } from './channels';
import type { JsonPath } from './types';

/** `EstimatorBase.CONTAINER_CODE_CHANNEL_SOURCEDIR_PATH`: `sagemaker_submit_directory` under network isolation. */
export const CONTAINER_CODE_CHANNEL_SOURCEDIR_PATH = '/opt/ml/input/data/code/sourcedir.tar.gz';

export interface StagedCode {
  /** `UploadedCode.s3_prefix`: the S3 URI of `sourcedir.tar.gz` (or the S3 `source_dir`). */
  s3Prefix: string;
  /** `UploadedCode.script_name`: the value of `sagemaker_program`. */
  scriptName: string;
  /** The upload to make, absent for an S3 `source_dir`. */
  upload?: UploadPlan;
}

/** A problem found while listing the code, for a warning at `path` in estimator.json. */
export interface ListingWarning {
  kind: WalkWarningKind;
  message: string;
  /** The link or entry concerned. */
  entry: string;
  path: JsonPath;
}

/** A file or folder walked into the tar: the `source_dir` (its content at the top), the entry point, a dependency. */
export interface ListingRoot {
  localPath: string;
  /** The name it has in the tar ('' for the `source_dir`, whose content is at the top). */
  arcname: string;
  /** Its field in estimator.json. */
  path: JsonPath;
}

export interface TarListing {
  /** Every file name inside the tar, sorted. */
  files: string[];
  warnings: ListingWarning[];
  /** False when a walk limit stopped the listing (the launch lists again, without the editor's small limits). */
  complete: boolean;
  /** The `source_dir`'s `.sagemakerignore`, when it has one, and the files it left out (sorted). */
  sagemakerignore?: { file: string; excluded: string[] };
}

export const SAGEMAKERIGNORE = '.sagemakerignore';

/** The matcher of `<root>/.sagemakerignore`, or undefined when the folder has none. */
export function readSagemakerignore(root: string): { file: string; ignores: (relativePath: string) => boolean } | undefined {
  const file = join(root, SAGEMAKERIGNORE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const matcher = ignore().add(text);
  return { file, ignores: relativePath => matcher.ignores(relativePath) };
}

/** At most this many warnings per listing: a folder full of links must not flood the Problems panel. */
const MAX_LISTING_WARNINGS = 20;

function capWarnings(warnings: ListingWarning[]): ListingWarning[] {
  if (warnings.length <= MAX_LISTING_WARNINGS) return warnings;
  // The limit warning says the listing is incomplete: it is kept whatever else is dropped.
  const limit = warnings.find(w => w.kind === 'limit');
  const others = warnings.filter(w => w !== limit);
  const kept = others.slice(0, MAX_LISTING_WARNINGS - (limit ? 2 : 1));
  const dropped = others.length - kept.length;
  const first = others[kept.length]!;
  kept.push({ ...first, message: `${first.message} And ${dropped - 1} more entries like it were left out of the listing (links leaving the folder, loops, unreadable entries).` });
  if (limit) kept.push(limit);
  return kept;
}

/**
 * The file names inside the tar, walking each top-level entry with the one bounded walker. Where the SDK's tar
 * (`dereference=True`) follows every symbolic link, we follow only those that stay inside the walked root (the
 * `source_dir`, or a dependency folder): the others are left out with a warning naming the link.
 */
export function listTarContents(roots: ListingRoot[], options: WalkOptions = {}): TarListing {
  return mergeListing(roots, roots.map(root => walkTreeSync(root.localPath, options)));
}

/** {@link listTarContents} off the main path, for the launch: asynchronous, with the packing limits and a signal. */
export async function listTarContentsAsync(roots: ListingRoot[], options: WalkOptions & { signal?: AbortSignal } = {}): Promise<TarListing> {
  const walks: WalkResult[] = [];
  for (const root of roots) walks.push(await walkTree(root.localPath, options));
  return mergeListing(roots, walks);
}

function mergeListing(roots: ListingRoot[], walks: WalkResult[]): TarListing {
  const files = new Set<string>();
  const warnings: ListingWarning[] = [];
  let complete = true;
  let sagemakerignore: TarListing['sagemakerignore'];
  roots.forEach((root, i) => {
    const walked = walks[i]!;
    // Only the source_dir (its content at the top of the tar) honours a .sagemakerignore.
    const ignoreFile = root.arcname === '' && !walked.rootIsFile ? readSagemakerignore(root.localPath) : undefined;
    if (ignoreFile) sagemakerignore = { file: ignoreFile.file, excluded: [] };
    for (const file of walked.files) {
      if (ignoreFile?.ignores(file.relativePath)) {
        sagemakerignore!.excluded.push(file.relativePath);
        continue;
      }
      files.add(walked.rootIsFile ? root.arcname : root.arcname ? `${root.arcname}/${file.relativePath}` : file.relativePath);
    }
    for (const warning of walked.warnings) warnings.push({ kind: warning.kind, message: warning.message, entry: warning.path, path: root.path });
    complete &&= walked.complete;
  });
  if (sagemakerignore) sagemakerignore.excluded.sort();
  return { files: [...files].sort(), warnings: capWarnings(warnings), complete, ...(sagemakerignore ? { sagemakerignore } : {}) };
}

export interface StageOptions {
  entryPoint: string;
  sourceDir?: string;
  dependencies: string[];
  baseDir: string;
  jobName: string;
  outputPath: string;
  /** True when `output_path` was not given (the SDK then also keeps the default bucket's prefix, which is empty here). */
  outputPathIsDefault: boolean;
  codeLocation?: string;
  outputKmsKey?: string;
  defaultBucket: string;
  /** Bounds of the walk of the code (default: the editor's small ones, {@link VALIDATION_WALK_LIMITS}). */
  walkLimits?: WalkLimits;
}

/** Where the code's tar goes (`_stage_user_code_in_s3`), and the KMS key it is encrypted with. */
function codeDestination(o: StageOptions): { codeBucket: string; codePrefix: string; kmsKey: string | undefined } {
  if (o.outputPath.toLowerCase().startsWith('file://')) {
    // Local mode: the default bucket, or code_location, and never a KMS key.
    if (o.codeLocation === undefined) {
      return { codeBucket: o.defaultBucket, codePrefix: s3PathJoin([o.jobName, 'source']), kmsKey: undefined };
    }
    const loc = parseS3Url(o.codeLocation, ['code_location']);
    return { codeBucket: loc.bucket, codePrefix: s3PathJoin([loc.key, o.jobName, 'source']), kmsKey: undefined };
  }
  if (o.codeLocation === undefined) {
    const out = parseS3Url(o.outputPath, ['output_path']);
    const codePrefix = o.outputPathIsDefault
      ? s3PathJoin([out.key, o.jobName, 'source'])
      : s3PathJoin([o.jobName, 'source']);
    return { codeBucket: out.bucket, codePrefix, kmsKey: o.outputKmsKey };
  }
  const loc = parseS3Url(o.codeLocation, ['code_location']);
  const codeBucket = loc.bucket;
  const kmsKey = codeBucket === parseS3Url(o.outputPath, ['output_path']).bucket ? o.outputKmsKey : undefined;
  return { codeBucket, codePrefix: s3PathJoin([loc.key, o.jobName, 'source']), kmsKey };
}

function isFileAt(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function isFolderAt(folder: string): boolean {
  try {
    return statSync(folder).isDirectory();
  } catch {
    return false;
  }
}

/** What goes into the tar, the roots its listing walks, and the script the container runs. */
interface CodeContents {
  entries: { localPath: string; arcname: string }[];
  roots: ListingRoot[];
  scriptName: string;
  localPath: string;
}

/** With a `source_dir`: its whole content at the top of the tar, the entry point relative to it. */
function sourceDirContents(o: StageOptions, sourceDir: string): CodeContents {
  const dir = resolvePath(o.baseDir, sourceDir);
  if (!isFolderAt(dir)) {
    throw new PlanError(`source_dir: no folder at ${dir}. Give the folder that holds the training code.`, ['source_dir']);
  }
  if (!isFileAt(join(dir, o.entryPoint))) {
    throw new PlanError(`No file named "${o.entryPoint}" was found in directory "${dir}".`, ['entry_point']);
  }
  return {
    entries: readdirSync(dir).sort().map((name) => ({ localPath: join(dir, name), arcname: name })),
    roots: [{ localPath: dir, arcname: '', path: ['source_dir'] }],
    scriptName: o.entryPoint,
    localPath: dir,
  };
}

/** Without a `source_dir`: the entry point file alone, at the top of the tar. */
function entryPointContents(o: StageOptions): CodeContents {
  const script = resolvePath(o.baseDir, o.entryPoint);
  if (!isFileAt(script)) {
    throw new PlanError(`entry_point: no file at ${script}. Give the training script (relative to estimator.json's folder).`, [
      'entry_point',
    ]);
  }
  return {
    entries: [{ localPath: script, arcname: basename(script) }],
    roots: [{ localPath: script, arcname: basename(script), path: ['entry_point'] }],
    scriptName: basename(o.entryPoint),
    localPath: script,
  };
}

function addDependencies(o: StageOptions, contents: CodeContents): void {
  o.dependencies.forEach((dep, i) => {
    const depPath = resolvePath(o.baseDir, dep);
    if (!existsSync(depPath)) {
      throw new PlanError(`dependencies[${i}]: no file or folder at ${depPath}.`, ['dependencies', i]);
    }
    contents.entries.push({ localPath: depPath, arcname: basename(depPath) });
    contents.roots.push({ localPath: depPath, arcname: basename(depPath), path: ['dependencies', i] });
  });
}

/** `_stage_user_code_in_s3` + `tar_and_upload_dir`, as a plan. */
export function stageCode(o: StageOptions): StagedCode {
  const { codeBucket, codePrefix, kmsKey } = codeDestination(o);
  if (o.sourceDir && isS3Uri(o.sourceDir)) {
    return { s3Prefix: o.sourceDir, scriptName: o.entryPoint };
  }
  if (o.sourceDir && !isLocalUri(o.sourceDir)) {
    throw new PlanError(`source_dir ${o.sourceDir} must be a local folder or an s3:// URI.`, ['source_dir']);
  }
  const contents = o.sourceDir ? sourceDirContents(o, o.sourceDir) : entryPointContents(o);
  addDependencies(o, contents);
  const { entries, roots, scriptName, localPath } = contents;

  const s3Prefix = `s3://${codeBucket}/${codePrefix}/sourcedir.tar.gz`;
  const listing = listTarContents(roots, o.walkLimits ? { limits: o.walkLimits } : {});
  return {
    s3Prefix,
    scriptName,
    upload: {
      kind: 'sourcedir',
      localPath,
      s3Uri: s3Prefix,
      files: listing.files,
      entries,
      listingWarnings: listing.warnings,
      listingComplete: listing.complete,
      listingRoots: roots,
      ...(listing.sagemakerignore ? { sagemakerignore: listing.sagemakerignore } : {}),
      encryption: kmsKey ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: kmsKey } : { ServerSideEncryption: 'aws:kms' },
    },
  };
}
