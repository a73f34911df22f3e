// A launch uploading 1 GB in 2,000 files (the code the launch runs, bench/uploadsBench.ts) next to
// `aws s3 cp --recursive` (the AWS CLI with its default s3 settings: 10 concurrent requests, 8 MB multipart threshold
// and chunks), on the same moto server in the same run, in alternating order over BENCH_UPLOAD_ROUNDS rounds so that
// the machine's drift hits both. The ratio is the median of the rounds' own ratios (each round's two sides ran back
// to back, under about the same load), so that one round disturbed by other work on the machine does not decide it;
// at least 3 rounds (BENCH_UPLOAD_ROUNDS, default 3). Without `aws` on PATH the comparison is a boto3 `upload_file` loop with its default
// TransferConfig (bench/uploads_boto3.py), as the issue says; the output names the comparison used.
// The CLI's figure leaves its start-up out: it runs in its own interpreter through bench/uploads_awscli.py, which
// times from the first file handed to s3transfer to the end (when its Python cannot be found: its wall time, start-up
// included, which the output says). Ours is the whole launch: bucket, listing, uploads and CreateTrainingJob.
// moto keeps objects in memory: it is reset before each side. After each side every object is checked (key, size,
// MD5 ETag); before the rounds, a launch and a copy of two small files warm moto and both sides. Reported per side: wall time, MB/s, moto's CPU and the client's CPU, the load average (1 min) before it and after it.
//   node bench/uploads.mjs   (BENCH_UPLOAD_FILES, BENCH_UPLOAD_MB, BENCH_UPLOAD_ROUNDS;
//                             BENCH_UPLOAD_BASELINE=boto3-loop to use the fallback even with the CLI there)
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const REGION = 'us-east-1';

/**
 * `count` files of equal size totalling `totalBytes`, 100 to a folder, of random bytes (nothing compresses);
 * returns each file's relative path, size and MD5 for the arrival check.
 */
function makeData(dir, count, totalBytes) {
  const size = Math.floor(totalBytes / count);
  const pool = randomBytes(size + count);
  const expected = [];
  for (let i = 0; i < count; i++) {
    const folderName = `part-${String(Math.floor(i / 100)).padStart(2, '0')}`;
    const fileName = `file-${String(i).padStart(5, '0')}.bin`;
    if (i % 100 === 0) mkdirSync(join(dir, folderName), { recursive: true });
    const content = pool.subarray(i, i + size);
    writeFileSync(join(dir, folderName, fileName), content);
    expected.push({ relativePath: `${folderName}/${fileName}`, size, md5: createHash('md5').update(content).digest('hex') });
  }
  return { files: count, bytes: size * count, expected };
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

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

/** User + system CPU seconds of a process so far (all its threads), from /proc; undefined when it is gone. */
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch { return undefined; }
}

function rssMiB(pid) {
  try {
    const kib = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return kib / 1024;
  } catch { return 0; }
}

/**
 * The PUT, POST and DELETE requests moto logged (werkzeug's access log, a line each once answered) after byte `from` of
 * its log: that both sides send the same calls (a PutObject per file, a bucket; ours also CreateTrainingJob). The
 * arrival check's GETs are left out: the last one's line may not be written yet when the check returns.
 */
function motoRequestsSince(logFile, from) {
  const size = statSync(logFile).size;
  const text = Buffer.alloc(size - from);
  const fd = openSync(logFile, 'r');
  try { readSync(fd, text, 0, text.length, from); } finally { closeSync(fd); }
  return [...text.toString('latin1').matchAll(/"(?:PUT|POST|DELETE) [^"]* HTTP\/1\.[01]" \d{3}/g)].length;
}

/** `aws --version`, or undefined when the AWS CLI is not on PATH. */
function awsCliVersion() {
  const r = spawnSync('aws', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() : undefined;
}

/** The Python the `aws` command runs on (through a pyenv shim too), when it is a Python script that can import awscli. */
function awsCliPython() {
  let script = spawnSync('sh', ['-c', 'command -v aws'], { encoding: 'utf8' }).stdout?.trim();
  try {
    let head = readFileSync(script, 'utf8').slice(0, 400);
    if (/pyenv/.test(head)) {
      script = spawnSync('pyenv', ['which', 'aws'], { encoding: 'utf8' }).stdout?.trim();
      head = readFileSync(script, 'utf8').slice(0, 400);
    }
    const shebang = /^#!\s*(\S+)(?:[ \t]+(\S+))?/.exec(head);
    if (!shebang) return undefined;
    const python = shebang[1].endsWith('/env') ? shebang[2] : shebang[1];
    return spawnSync(python, ['-c', 'import awscli.clidriver, s3transfer.manager'], { stdio: 'ignore' }).status === 0 ? python : undefined;
  } catch { return undefined; }
}

/** Runs a command to its end; its wall time, and its CPU (user + system, it and its children) from /usr/bin/time. */
function timed(command, args, env) {
  const timeFile = join(mkdtempSync(join(tmpdir(), 'sagemaker-bench-time-')), 'time');
  const useTime = existsSync('/usr/bin/time');
  const [cmd, argv] = useTime ? ['/usr/bin/time', ['-o', timeFile, '-f', '%U %S', command, ...args]] : [command, args];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', d => { output += d; });
    child.stderr.on('data', d => { output += d; });
    child.on('error', reject);
    child.on('close', code => {
      const ms = performance.now() - started;
      let cpuS;
      try {
        const [user, system] = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
        cpuS = user + system;
      } catch { /* no /usr/bin/time */ }
      rmSync(dirname(timeFile), { recursive: true, force: true });
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output.slice(-3000)}`));
      else resolve({ ms, cpuS, output });
    });
  });
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function bundle() {
  const outfile = join(root, '.cache/bench/bench_uploadsBench.cjs');
  await esbuild.build({ entryPoints: [join(root, 'bench/uploadsBench.ts')], bundle: true, platform: 'node', format: 'cjs', outfile,
    logLevel: 'error', mainFields: ['module', 'main'] });
  return require(outfile);
}

/**
 * The AWS CLI's environment: the fake credentials and region, and empty config and credentials files so that no
 * `s3 = max_concurrent_requests ...` of this machine's ~/.aws changes its defaults.
 */
function awsCliEnv(credentials, emptyFile) {
  const env = { ...process.env, ...credentials, AWS_DEFAULT_REGION: REGION, AWS_REGION: REGION, AWS_CONFIG_FILE: emptyFile, AWS_SHARED_CREDENTIALS_FILE: emptyFile };
  for (const name of Object.keys(env)) if (name === 'AWS_PROFILE' || name.startsWith('AWS_ENDPOINT_URL') || name === 'AWS_CA_BUNDLE') delete env[name];
  return env;
}

export async function benchUploads({
  files = Number(process.env.BENCH_UPLOAD_FILES || 2000),
  megabytes = Number(process.env.BENCH_UPLOAD_MB || 1000),
  rounds = Number(process.env.BENCH_UPLOAD_ROUNDS || 3),
} = {}) {
  if (!Number.isInteger(rounds) || rounds < 3) throw new Error(`BENCH_UPLOAD_ROUNDS must be an integer of at least 3 (the ratio is a median of the rounds' ratios), got ${process.env.BENCH_UPLOAD_ROUNDS ?? rounds}.`);
  const { startMoto, FAKE_CREDENTIALS, MOTO_ACCOUNT } = require(join(root, 'test/harness/moto.js'));
  Object.assign(process.env, FAKE_CREDENTIALS);
  const { benchLaunchUpload, checkArrived } = await bundle();
  const forcedFallback = process.env.BENCH_UPLOAD_BASELINE === 'boto3-loop';
  const cliVersion = forcedFallback ? undefined : awsCliVersion();
  const baseline = cliVersion
    ? { name: 'aws s3 cp --recursive', version: cliVersion, settings: 'defaults: max_concurrent_requests 10, multipart_threshold 8 MB, multipart_chunksize 8 MB' }
    : { name: 'boto3 upload_file loop', version: spawnSync('python3', ['-c', 'import boto3; print("boto3", boto3.__version__)'], { encoding: 'utf8' }).stdout.trim(),
      settings: 'default TransferConfig', why: forcedFallback ? 'BENCH_UPLOAD_BASELINE=boto3-loop' : 'the AWS CLI is not on PATH' };
  const work = mkdtempSync(join(tmpdir(), 'sagemaker-bench-uploads-'));
  const dataDir = join(work, 'data');
  const emptyFile = join(work, 'empty-aws-config');
  writeFileSync(emptyFile, '');
  const cliPython = cliVersion ? awsCliPython() : undefined;
  let moto;
  let sampler;
  try {
    const data = makeData(dataDir, files, megabytes * 1_000_000);
    moto = await startMoto();
    const pid = motoPid(moto.port);
    let motoPeakMiB = 0;
    sampler = setInterval(() => { if (pid) motoPeakMiB = Math.max(motoPeakMiB, rssMiB(pid)); }, 250);
    const check = async (side, bucket, prefix) => {
      const arrived = await checkArrived({ endpointUrl: moto.url, region: REGION, bucket, prefix, expected: data.expected });
      if (arrived.problems.length > 0 || arrived.objects !== data.files || arrived.bytes !== data.bytes) {
        throw new Error(`${side}: ${arrived.objects} objects, ${arrived.bytes} bytes in s3://${bucket}/${prefix} for ${data.files} files, ${data.bytes} bytes:\n`
          + arrived.problems.slice(0, 10).join('\n'));
      }
      return arrived;
    };

    const sides = {
      ours: async () => {
        const cpu0 = process.cpuUsage();
        const started = performance.now();
        const r = await benchLaunchUpload({ endpointUrl: moto.url, dataDir, account: MOTO_ACCOUNT, region: REGION });
        const ms = performance.now() - started;
        const cpu = process.cpuUsage(cpu0);
        await check('ours', r.bucket, r.prefix);
        // The whole launch (clients, bucket, listing, uploads, CreateTrainingJob), in time and in this process's CPU.
        return { ms, uploadPhaseMs: r.uploadMs, clientCpuS: (cpu.user + cpu.system) / 1e6 };
      },
      baseline: async () => {
        if (cliVersion) {
          const env = awsCliEnv(FAKE_CREDENTIALS, emptyFile);
          const bucket = 'bench-aws-cli';
          await timed('aws', ['s3api', 'create-bucket', '--bucket', bucket, '--endpoint-url', moto.url], env);
          const args = ['s3', 'cp', '--recursive', '--only-show-errors', dataDir, `s3://${bucket}/data/`, '--endpoint-url', moto.url];
          let result;
          if (cliPython) {
            const copy = await timed(cliPython, [join(root, 'bench/uploads_awscli.py'), ...args], env);
            const times = JSON.parse(copy.output.trim().split('\n').reverse().find(line => line.startsWith('{"rc"')));
            result = { ms: times.transferMs, wallMs: copy.ms, startupMs: times.startupMs, clientCpuS: copy.cpuS };
          } else {
            // Without its Python the start-up cannot be told apart (a separate empty copy varies more with the load
            // than it costs): the figure is the command's wall time, start-up included.
            const copy = await timed('aws', args, env);
            result = { ms: copy.ms, wallMs: copy.ms, startupMs: 0, clientCpuS: copy.cpuS };
          }
          await check('aws s3 cp', bucket, 'data/');
          return result;
        }
        const bucket = 'bench-boto3-loop';
        const r = spawnSync('/usr/bin/env', ['python3', join(root, 'bench/uploads_boto3.py'), moto.url, bucket, dataDir],
          { encoding: 'utf8', env: { ...process.env, ...FAKE_CREDENTIALS } });
        if (r.status !== 0) throw new Error(`boto3 upload_file loop failed:\n${r.stderr}`);
        const out = JSON.parse(r.stdout.trim().split('\n').at(-1));
        await check('boto3 loop', bucket, 'data/');
        return { ms: out.ms, clientCpuS: out.cpuS };
      },
    };

    // Outside the timing: moto imports a service's code on its first call (S3, SageMaker), and each side loads its
    // own code and its files' pages on its first run. A launch of two small files, and a copy of them, warm both.
    const warmDir = join(work, 'warm');
    makeData(warmDir, 2, 2_000);
    await benchLaunchUpload({ endpointUrl: moto.url, dataDir: warmDir, account: MOTO_ACCOUNT, region: REGION });
    if (cliVersion) {
      const env = awsCliEnv(FAKE_CREDENTIALS, emptyFile);
      await timed('aws', ['s3api', 'create-bucket', '--bucket', 'bench-warm-up', '--endpoint-url', moto.url], env);
      await timed(cliPython ?? 'aws', [...(cliPython ? [join(root, 'bench/uploads_awscli.py')] : []), 's3', 'cp', '--recursive', '--only-show-errors', warmDir, 's3://bench-warm-up/data/', '--endpoint-url', moto.url], env);
    }

    const runs = [];
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? ['ours', 'baseline'] : ['baseline', 'ours'];
      for (const side of order) {
        await moto.reset();
        const load1 = loadavg()[0];
        const motoCpu0 = cpuSeconds(pid);
        const logFrom = statSync(moto.logFile).size;
        const r = await sides[side]();
        r.motoRequests = motoRequestsSince(moto.logFile, logFrom);
        const motoCpuS = motoCpu0 === undefined ? undefined : cpuSeconds(pid) - motoCpu0;
        runs.push({ round, side, load1: Math.round(load1 * 10) / 10, load1After: Math.round(loadavg()[0] * 10) / 10, ...r, motoCpuS: motoCpuS === undefined ? undefined : Math.round(motoCpuS * 100) / 100 });
      }
    }
    const mbps = ms => Math.round(data.bytes / 1_000_000 / (ms / 1000) * 10) / 10;
    const summary = side => {
      const mine = runs.filter(r => r.side === side);
      const ms = Math.round(median(mine.map(r => r.ms)));
      return { ms, mbPerSecond: mbps(ms), runsMbPerSecond: mine.map(r => mbps(r.ms)) };
    };
    const ours = summary('ours');
    ours.uploadPhaseMedianMs = Math.round(median(runs.filter(r => r.side === 'ours').map(r => r.uploadPhaseMs)));
    const base = summary('baseline');
    const baseRuns = runs.filter(r => r.side === 'baseline');
    if (cliVersion) {
      const wallMs = Math.round(median(baseRuns.map(r => r.wallMs)));
      base.startupMedianMs = Math.round(median(baseRuns.map(r => r.startupMs)));
      base.startupExcluded = Boolean(cliPython);
      base.startupMeasured = cliPython ? 'in the CLI\'s process, until its first file reaches s3transfer' : 'not told apart: the CLI\'s Python was not found, the figure includes it';
      base.withStartup = { ms: wallMs, mbPerSecond: mbps(wallMs) };
    }
    // Each round's own ratio (its two sides ran back to back), and their median: the figure the target is judged on.
    const perRound = Array.from({ length: rounds }, (_, round) => {
      const mine = runs.find(r => r.round === round && r.side === 'ours');
      const theirs = runs.find(r => r.round === round && r.side === 'baseline');
      const roundRatio = ms => Math.round(ms / mine.ms * 100) / 100;
      return { round, ratio: roundRatio(theirs.ms), ...(theirs.wallMs ? { ratioWithBaselineStartup: roundRatio(theirs.wallMs) } : {}),
        load1: { ours: mine.load1, baseline: theirs.load1 } };
    });
    return {
      files: data.files, bytes: data.bytes, rounds,
      ratioIs: 'the median of the rounds\' ratios (ours MB/s / the baseline\'s MB/s, the two sides of a round back to back)',
      baseline,
      target: `ours >= ${baseline.name} (ratio >= 1)`,
      ours,
      [cliVersion ? 'awsCli' : 'boto3UploadFileLoop']: base,
      ratio: Math.round(median(perRound.map(r => r.ratio)) * 100) / 100,
      ...(base.withStartup ? { ratioWithBaselineStartup: Math.round(median(perRound.map(r => r.ratioWithBaselineStartup)) * 100) / 100 } : {}),
      ratioOfMedians: Math.round(ours.mbPerSecond / base.mbPerSecond * 100) / 100,
      perRound,
      runs: runs.map(r => ({ ...r, ms: Math.round(r.ms), mbPerSecond: mbps(r.ms), clientCpuS: r.clientCpuS === undefined ? undefined : Math.round(r.clientCpuS * 100) / 100,
        ...(r.wallMs ? { wallMs: Math.round(r.wallMs), startupMs: Math.round(r.startupMs) } : {}),
        ...(r.uploadPhaseMs ? { uploadPhaseMs: r.uploadPhaseMs } : {}) })),
      motoPeakRssMiB: Math.round(motoPeakMiB),
    };
  } finally {
    clearInterval(sampler);
    await moto?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

export function printTable(r) {
  const base = r.awsCli ?? r.boto3UploadFileLoop;
  console.log(`\nUploads: ${r.files} files, ${(r.bytes / 1e9).toFixed(2)} GB, a launch vs ${r.baseline.name} (${r.baseline.version}; ${r.baseline.settings})`
    + `${r.baseline.why ? `, because ${r.baseline.why}` : ''}; same moto, same run, ${r.rounds} round(s) in alternating order, every object checked`);
  console.log(`  ours, the whole launch (launchTrainingJob, clientFactory's S3 client): ${r.ours.mbPerSecond} MB/s (median ${(r.ours.ms / 1000).toFixed(1)} s, of which uploads ${(r.ours.uploadPhaseMedianMs / 1000).toFixed(1)} s; runs ${r.ours.runsMbPerSecond.join(', ')} MB/s)`);
  if (r.awsCli) {
    const what = r.awsCli.startupExcluded ? 'without its start-up' : 'process wall time, start-up included';
    console.log(`  aws s3 cp --recursive, ${what}:  ${r.awsCli.mbPerSecond} MB/s (median ${(r.awsCli.ms / 1000).toFixed(1)} s; runs ${r.awsCli.runsMbPerSecond.join(', ')} MB/s)`);
    console.log(`  aws s3 cp --recursive, with its start-up (median ${r.awsCli.startupMedianMs} ms, ${r.awsCli.startupMeasured}): ${r.awsCli.withStartup.mbPerSecond} MB/s (${(r.awsCli.withStartup.ms / 1000).toFixed(1)} s)`);
  } else {
    console.log(`  boto3 upload_file loop: ${base.mbPerSecond} MB/s (median ${(base.ms / 1000).toFixed(1)} s; runs ${base.runsMbPerSecond.join(', ')} MB/s)`);
  }
  console.log(`  ratio ours / ${r.baseline.name}${r.awsCli?.startupExcluded ? ' without its start-up' : ''}, median of ${r.rounds} rounds' ratios: ${r.ratio}×   target ≥ 1`
    + `${r.awsCli ? `   (with its start-up: ${r.ratioWithBaselineStartup}×)` : ''}   (ratio of the medians: ${r.ratioOfMedians}×)`);
  for (const round of r.perRound) {
    console.log(`    round ${round.round}: ratio ${round.ratio}×${round.ratioWithBaselineStartup ? ` (with start-up ${round.ratioWithBaselineStartup}×)` : ''}`);
    for (const run of r.runs.filter(x => x.round === round.round)) {
      console.log(`      ${run.side.padEnd(8)} ${String(run.mbPerSecond).padStart(6)} MB/s  load1 ${run.load1} → ${run.load1After}  moto CPU ${run.motoCpuS ?? '?'} s (${run.motoRequests} PUT/POST requests)  client CPU ${run.clientCpuS ?? '?'} s`);
    }
  }
  console.log(`  moto peak RSS ${r.motoPeakRssMiB} MiB`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchUploads();
  printTable(result);
  console.log(JSON.stringify(result));
}
