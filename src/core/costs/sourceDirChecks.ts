/**
 * What the code upload would carry that it should not: likely secrets, version control and dependency folders,
 * virtual environments, and sheer size (the SDK uploads all of `source_dir`). Reads only the plan's file list (after
 * `.sagemakerignore`) and the sizes of those files.
 */
import { statSync } from 'node:fs';
import { basename, posix } from 'node:path';
import type { TrainingJobPlan } from '../estimator/request';
import { resolveSourceFiles } from '../launch/sourceFiles';
import type { CostCheck } from './checks';

/** Above this, the upload is worth a second look. */
export const SOURCE_DIR_WARN_BYTES = 50 * 1024 * 1024;
/** Named in a message at most: the rest is counted. */
const MAX_NAMED = 8;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** A file name that likely holds a secret: `.env*`, keys, AWS credentials. */
export function isLikelySecret(name: string): boolean {
  const segments = name.split('/');
  const base = segments[segments.length - 1]!;
  return base === '.env' || base.startsWith('.env.') || base.endsWith('.pem') || /^id_(rsa|dsa|ecdsa|ed25519)$/.test(base)
    || base === 'credentials' || segments.slice(0, -1).includes('.aws');
}

/** The folder (a prefix of `name`) that is `.git`, `node_modules` or a virtual environment, if any. */
function bulkFolderOf(name: string, venvRoots: ReadonlySet<string>): { folder: string; why: string } | undefined {
  const segments = name.split('/');
  for (let i = 0; i < segments.length - 1; i++) {
    const folder = segments.slice(0, i + 1).join('/');
    if (segments[i] === '.git') return { folder, why: 'version control' };
    if (segments[i] === 'node_modules') return { folder, why: 'Node.js packages' };
    if (venvRoots.has(folder) || segments[i] === '.venv') return { folder, why: 'a Python virtual environment' };
  }
  return undefined;
}

const listNamed = (items: string[]) => items.slice(0, MAX_NAMED).join(', ') + (items.length > MAX_NAMED ? ` and ${items.length - MAX_NAMED} more` : '');

interface SizedFile {
  name: string;
  size: number;
}

function sizedFiles(plan: TrainingJobPlan): { files: SizedFile[]; ignoreFile?: string } | undefined {
  const upload = plan.uploads.find(u => u.kind === 'sourcedir');
  if (!upload?.files) return undefined;
  let sources;
  try {
    sources = resolveSourceFiles(upload);
  } catch {
    return undefined; // a file list the launch itself refuses, with its own message
  }
  const files = sources.map(source => {
    let size = 0;
    try {
      size = statSync(source.absolutePath).size;
    } catch {
      // A file gone since the listing: the launch reports it; here it just weighs nothing.
    }
    return { name: source.name, size };
  });
  return { files, ...(upload.sagemakerignore ? { ignoreFile: upload.sagemakerignore.file } : {}) };
}

export function sourceDirChecks(plan: TrainingJobPlan): CostCheck[] {
  const sized = sizedFiles(plan);
  if (!sized) return [];
  const { files } = sized;
  const where = sized.ignoreFile ? `(${basename(sized.ignoreFile)} leaves other paths out)` : '';
  const advice = `Add them to a .sagemakerignore at the root of source_dir (gitignore syntax) or move them out of source_dir. ${where}`.trim();
  const checks: CostCheck[] = [];
  const secrets = files.filter(f => isLikelySecret(f.name));
  if (secrets.length > 0) {
    checks.push({
      code: 'source-dir-secrets',
      path: ['source_dir'],
      message: `source_dir: the code upload would carry files that look like secrets: ${listNamed(secrets.map(f => `${f.name} (${formatBytes(f.size)})`))}. ${advice}`,
    });
  }
  const venvRoots = new Set(files.filter(f => posix.basename(f.name) === 'pyvenv.cfg').map(f => posix.dirname(f.name)).filter(d => d !== '.'));
  const bulk = new Map<string, { why: string; count: number; bytes: number }>();
  for (const file of files) {
    const folder = bulkFolderOf(file.name, venvRoots);
    if (!folder) continue;
    const entry = bulk.get(folder.folder) ?? { why: folder.why, count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += file.size;
    bulk.set(folder.folder, entry);
  }
  if (bulk.size > 0) {
    const named = [...bulk].map(([folder, b]) => `${folder}/ (${b.why}: ${b.count} files, ${formatBytes(b.bytes)})`);
    checks.push({ code: 'source-dir-bulk', path: ['source_dir'], message: `source_dir: the code upload would carry ${listNamed(named)}. ${advice}` });
  }
  const total = files.reduce((sum, f) => sum + f.size, 0);
  if (total > SOURCE_DIR_WARN_BYTES) {
    const largest = [...files].sort((a, b) => b.size - a.size).slice(0, 5).map(f => `${f.name} (${formatBytes(f.size)})`);
    checks.push({
      code: 'source-dir-large',
      path: ['source_dir'],
      message: `source_dir: the code upload is ${formatBytes(total)} in ${files.length} files (the largest: ${largest.join(', ')}), `
        + `over ${formatBytes(SOURCE_DIR_WARN_BYTES)}: data belongs in an input channel. ${advice}`,
    });
  }
  return checks;
}
