// A launch uploading 1 GB in 2,000 files (the code the launch runs, bench/uploadsBench.ts) next to boto3 with its
// default TransferConfig, on the same moto server in the same run: an `upload_file` loop (the stand-in for
// `aws s3 cp --recursive` when the AWS CLI is missing) and an s3transfer TransferManager with every file queued,
// which is what `aws s3 cp --recursive` does. moto keeps objects in memory: it is reset between the sides, and its
// peak RSS is reported.
//   node bench/uploads.mjs   (BENCH_UPLOAD_FILES, BENCH_UPLOAD_MB to change the size)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** `count` files of equal size totalling `totalBytes`, 100 to a folder, of random bytes (nothing compresses). */
function makeData(dir, count, totalBytes) {
  const size = Math.floor(totalBytes / count);
  const pool = randomBytes(size + count);
  for (let i = 0; i < count; i++) {
    const folder = join(dir, `part-${String(Math.floor(i / 100)).padStart(2, '0')}`);
    if (i % 100 === 0) mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `file-${String(i).padStart(5, '0')}.bin`), pool.subarray(i, i + size));
  }
  return { files: count, bytes: size * count };
}

/** The moto server's process (the harness does not hand out its pid): the python3 listening on `port`. */
function motoPid(port) {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'latin1').split('\0');
      if (cmd.some(a => a.endsWith('moto_server.py')) && cmd.includes(String(port))) return Number(name);
    } catch { /* gone */ }
  }
  return undefined;
}

function rssMiB(pid) {
  try {
    const kib = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return kib / 1024;
  } catch { return 0; }
}

async function bundle() {
  const outfile = join(root, '.cache/bench/bench_uploadsBench.cjs');
  await esbuild.build({ entryPoints: [join(root, 'bench/uploadsBench.ts')], bundle: true, platform: 'node', format: 'cjs', outfile,
    logLevel: 'error', mainFields: ['module', 'main'] });
  return require(outfile);
}

export async function benchUploads({ files = Number(process.env.BENCH_UPLOAD_FILES || 2000), megabytes = Number(process.env.BENCH_UPLOAD_MB || 1000) } = {}) {
  const { startMoto, FAKE_CREDENTIALS, MOTO_ACCOUNT } = require(join(root, 'test/harness/moto.js'));
  Object.assign(process.env, FAKE_CREDENTIALS);
  const { benchLaunchUpload } = await bundle();
  const dataDir = mkdtempSync(join(tmpdir(), 'sagemaker-bench-uploads-'));
  let moto;
  let sampler;
  try {
    const data = makeData(dataDir, files, megabytes * 1_000_000);
    moto = await startMoto();
    const pid = motoPid(moto.port);
    let motoPeakMiB = 0;
    sampler = setInterval(() => { if (pid) motoPeakMiB = Math.max(motoPeakMiB, rssMiB(pid)); }, 250);
    const mbps = (bytes, ms) => Math.round(bytes / 1_000_000 / (ms / 1000) * 10) / 10;

    const ours = await benchLaunchUpload({ endpointUrl: moto.url, dataDir, account: MOTO_ACCOUNT, region: 'us-east-1' });
    if (ours.files !== data.files || ours.bytes !== data.bytes) throw new Error(`the launch uploaded ${ours.files} files, ${ours.bytes} bytes of ${data.files}, ${data.bytes}`);
    const boto3 = {};
    for (const mode of ['loop', 'manager']) {
      await moto.reset();
      const r = spawnSync('python3', [join(root, 'bench/uploads_boto3.py'), moto.url, `bench-boto3-${mode}`, dataDir, mode],
        { encoding: 'utf8', env: { ...process.env, ...FAKE_CREDENTIALS } });
      if (r.status !== 0) throw new Error(`boto3 ${mode} failed:\n${r.stderr}`);
      boto3[mode] = JSON.parse(r.stdout.trim().split('\n').at(-1));
      if (boto3[mode].files !== data.files || boto3[mode].bytes !== data.bytes) throw new Error(`boto3 ${mode} uploaded ${r.stdout}`);
    }
    const oursMBps = mbps(data.bytes, ours.uploadMs);
    const loopMBps = mbps(data.bytes, boto3.loop.ms);
    const managerMBps = mbps(data.bytes, boto3.manager.ms);
    return {
      files: data.files, bytes: data.bytes,
      target: 'ours >= boto3 (ratio >= 1)',
      ours: { ms: ours.uploadMs, mbPerSecond: oursMBps },
      boto3UploadFileLoop: { ms: boto3.loop.ms, mbPerSecond: loopMBps },
      boto3TransferManager: { ms: boto3.manager.ms, mbPerSecond: managerMBps },
      ratioToUploadFileLoop: Math.round(oursMBps / loopMBps * 100) / 100,
      ratioToTransferManager: Math.round(oursMBps / managerMBps * 100) / 100,
      motoPeakRssMiB: Math.round(motoPeakMiB),
    };
  } finally {
    clearInterval(sampler);
    await moto?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function printTable(r) {
  console.log(`\nUploads: ${r.files} files, ${(r.bytes / 1e9).toFixed(2)} GB, launch vs boto3 (default TransferConfig), same moto, same run`);
  console.log(`  launch (launchTrainingJob, clientFactory's S3 client): ${r.ours.mbPerSecond} MB/s (${(r.ours.ms / 1000).toFixed(1)} s)`);
  console.log(`  boto3 upload_file loop:                                ${r.boto3UploadFileLoop.mbPerSecond} MB/s (${(r.boto3UploadFileLoop.ms / 1000).toFixed(1)} s), ratio ${r.ratioToUploadFileLoop}×   target ≥ 1`);
  console.log(`  boto3 TransferManager, all queued (aws s3 cp --recursive): ${r.boto3TransferManager.mbPerSecond} MB/s (${(r.boto3TransferManager.ms / 1000).toFixed(1)} s), ratio ${r.ratioToTransferManager}×`);
  console.log(`  moto peak RSS ${r.motoPeakRssMiB} MiB`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchUploads();
  printTable(result);
  console.log(JSON.stringify(result));
}
