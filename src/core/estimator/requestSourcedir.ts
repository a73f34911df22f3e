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
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isLocalUri, isS3Uri, parseS3Url, PlanError, s3PathJoin, type UploadPlan } from './channels';

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

function walkFiles(localPath: string, arcname: string, out: string[], seen: Set<string>): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(localPath); // follows symbolic links, as the SDK's tar (dereference=True)
  } catch {
    return;
  }
  if (stat.isDirectory()) {
    let real: string;
    try {
      real = fs.realpathSync(localPath);
    } catch {
      real = localPath;
    }
    if (seen.has(real)) return;
    seen.add(real);
    for (const name of fs.readdirSync(localPath).sort()) {
      walkFiles(path.join(localPath, name), `${arcname}/${name}`, out, seen);
    }
    seen.delete(real);
  } else {
    out.push(arcname);
  }
}

/** The top-level tar entries and every file name inside the tar. */
export function listTarContents(entries: { localPath: string; arcname: string }[]): string[] {
  const files: string[] = [];
  for (const entry of entries) walkFiles(entry.localPath, entry.arcname, files, new Set());
  return [...new Set(files)].sort();
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
}

/** `_stage_user_code_in_s3` + `tar_and_upload_dir`, as a plan. */
export function stageCode(o: StageOptions): StagedCode {
  let codeBucket: string;
  let codePrefix: string;
  let kmsKey: string | undefined;
  if (o.outputPath.toLowerCase().startsWith('file://')) {
    // Local mode: the default bucket, or code_location, and never a KMS key.
    if (o.codeLocation === undefined) {
      codeBucket = o.defaultBucket;
      codePrefix = s3PathJoin([o.jobName, 'source']);
    } else {
      const loc = parseS3Url(o.codeLocation, ['code_location']);
      codeBucket = loc.bucket;
      codePrefix = s3PathJoin([loc.key, o.jobName, 'source']);
    }
    kmsKey = undefined;
  } else if (o.codeLocation === undefined) {
    const out = parseS3Url(o.outputPath, ['output_path']);
    codeBucket = out.bucket;
    codePrefix = o.outputPathIsDefault
      ? s3PathJoin([out.key, o.jobName, 'source'])
      : s3PathJoin([o.jobName, 'source']);
    kmsKey = o.outputKmsKey;
  } else {
    const loc = parseS3Url(o.codeLocation, ['code_location']);
    codeBucket = loc.bucket;
    codePrefix = s3PathJoin([loc.key, o.jobName, 'source']);
    kmsKey = codeBucket === parseS3Url(o.outputPath, ['output_path']).bucket ? o.outputKmsKey : undefined;
  }

  if (o.sourceDir && isS3Uri(o.sourceDir)) {
    return { s3Prefix: o.sourceDir, scriptName: o.entryPoint };
  }
  if (o.sourceDir && !isLocalUri(o.sourceDir)) {
    throw new PlanError(`source_dir ${o.sourceDir} must be a local folder or an s3:// URI.`, ['source_dir']);
  }

  const entries: { localPath: string; arcname: string }[] = [];
  let scriptName: string;
  let localPath: string;
  if (o.sourceDir) {
    const dir = path.resolve(o.baseDir, o.sourceDir);
    let isDir = false;
    try {
      isDir = fs.statSync(dir).isDirectory();
    } catch {
      isDir = false;
    }
    if (!isDir) {
      throw new PlanError(`source_dir: no folder at ${dir}. Give the folder that holds the training code.`, ['source_dir']);
    }
    const script = path.join(dir, o.entryPoint);
    let isFile = false;
    try {
      isFile = fs.statSync(script).isFile();
    } catch {
      isFile = false;
    }
    if (!isFile) {
      throw new PlanError(`No file named "${o.entryPoint}" was found in directory "${dir}".`, ['entry_point']);
    }
    for (const name of fs.readdirSync(dir).sort()) entries.push({ localPath: path.join(dir, name), arcname: name });
    scriptName = o.entryPoint;
    localPath = dir;
  } else {
    const script = path.resolve(o.baseDir, o.entryPoint);
    let isFile = false;
    try {
      isFile = fs.statSync(script).isFile();
    } catch {
      isFile = false;
    }
    if (!isFile) {
      throw new PlanError(`entry_point: no file at ${script}. Give the training script (relative to estimator.json's folder).`, [
        'entry_point',
      ]);
    }
    entries.push({ localPath: script, arcname: path.basename(script) });
    scriptName = path.basename(o.entryPoint);
    localPath = script;
  }
  o.dependencies.forEach((dep, i) => {
    const depPath = path.resolve(o.baseDir, dep);
    if (!fs.existsSync(depPath)) {
      throw new PlanError(`dependencies[${i}]: no file or folder at ${depPath}.`, ['dependencies', i]);
    }
    entries.push({ localPath: depPath, arcname: path.basename(depPath) });
  });

  const s3Prefix = `s3://${codeBucket}/${codePrefix}/sourcedir.tar.gz`;
  return {
    s3Prefix,
    scriptName,
    upload: {
      kind: 'sourcedir',
      localPath,
      s3Uri: s3Prefix,
      files: listTarContents(entries),
      entries,
      encryption: kmsKey ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: kmsKey } : { ServerSideEncryption: 'aws:kms' },
    },
  };
}
