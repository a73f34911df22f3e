// The command line's `plan` on the seed's PCA example, next to `python3 -c "import boto3"` in the same run: the two
// run in turn (A B A B …) so that a drift in the shared machine's speed hits both; each run's wall time and peak RSS
// come from GNU time (/usr/bin/time), the operating system's accounting of the finished process.
//   node bench/cliPlan.mjs   (after node scripts/build.mjs)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** One finished process: wall ms and peak RSS in MiB. */
function timed(command, args, env) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', command, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  const [seconds, kib] = r.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  return { wallMs: Math.round(seconds * 1000), rssMiB: Math.round(kib / 1024 * 10) / 10 };
}

export function benchCliPlan({ runs = 7 } = {}) {
  if (!existsSync('/usr/bin/time')) return { skipped: 'GNU time (/usr/bin/time) is not installed' };
  const planArgs = [join(root, 'dist/cli.js'), 'plan', 'examples/pca/estimator.json', '--region', 'us-west-2', '--account', '111122223333'];
  const planEnv = { SAGEMAKER_ROLE: 'arn:aws:iam::111122223333:role/SageMakerRole', SAGEMAKER_BUCKET: 'my-sagemaker-bucket' };
  const plan = [];
  const boto3 = [];
  timed(process.execPath, planArgs, planEnv); // warm-up: the file cache
  timed('python3', ['-c', 'import boto3'], {});
  for (let i = 0; i < runs; i++) {
    plan.push(timed(process.execPath, planArgs, planEnv));
    boto3.push(timed('python3', ['-c', 'import boto3'], {}));
  }
  const summary = samples => ({ wallMedianMs: median(samples.map(s => s.wallMs)), rssMedianMiB: median(samples.map(s => s.rssMiB)) });
  const result = {
    runs,
    targets: { wallMs: 150, rssMiB: 60 },
    plan: summary(plan),
    boto3Import: summary(boto3),
    // Pair by pair, so that a slow moment of the machine counts on both sides.
    wallRatioMedian: Math.round(median(plan.map((p, i) => p.wallMs / boto3[i].wallMs)) * 100) / 100,
    samples: { plan, boto3 },
  };
  result.rssRatio = Math.round(result.plan.rssMedianMiB / result.boto3Import.rssMedianMiB * 100) / 100;
  return result;
}

export function printTable(r) {
  if (r.skipped) { console.log(`\nCLI plan: not measured (${r.skipped})`); return; }
  console.log(`\nCLI plan (PCA example) vs python3 -c "import boto3", ${r.runs} runs each, in turn`);
  console.log(`  wall (median):     plan ${r.plan.wallMedianMs} ms, boto3 import ${r.boto3Import.wallMedianMs} ms, ratio ${r.wallRatioMedian}×   target plan ≤ ${r.targets.wallMs} ms`);
  console.log(`  peak RSS (median): plan ${r.plan.rssMedianMiB} MiB, boto3 import ${r.boto3Import.rssMedianMiB} MiB, ratio ${r.rssRatio}×   target plan ≤ ${r.targets.rssMiB} MiB`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) printTable(benchCliPlan({ runs: Number(process.env.BENCH_RUNS || 7) }));
