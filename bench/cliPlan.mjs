// The command line's `plan` on the seed's PCA example, next to `python3 -c "import boto3"` in the same run: the runs
// take turns (plan, boto3, bare Node, plan, …) so that a drift in the shared machine's speed hits all of them; each
// run's wall time, CPU time (user + system) and peak RSS come from GNU time (/usr/bin/time), the operating system's
// accounting of the finished process. `node -e ""` is Node's own start, the floor under any Node command line.
// The CLI runs on the Node it needs (22+, package.json engines.node): this process's Node when new enough, else
// $BENCH_NODE, else the tests' Node 24 (.cache/vscode/env.sh, NODE24).
//   node bench/cliPlan.mjs   (after node scripts/build.mjs; BENCH_RUNS=N, default 7; BENCH_CLI=another build's cli.js)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const REQUIRED_NODE_MAJOR = 22;

/** One finished process: wall ms, CPU ms (user + system) and peak RSS in MiB. */
function timed(command, args, env) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', command, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  const [seconds, user, system, kib] = r.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  return { wallMs: Math.round(seconds * 1000), cpuMs: Math.round((user + system) * 1000), rssMiB: Math.round(kib / 1024 * 10) / 10 };
}

/** The Node the CLI is measured on, and its version. */
function cliNode() {
  const candidates = [process.env.BENCH_NODE];
  if (Number.parseInt(process.versions.node, 10) >= REQUIRED_NODE_MAJOR) candidates.unshift(process.execPath);
  const envSh = join(root, '.cache/vscode/env.sh');
  if (existsSync(envSh)) candidates.push(/^export NODE24=(.*)$/m.exec(readFileSync(envSh, 'utf8'))?.[1]);
  const node = candidates.find(c => c && existsSync(c)) ?? process.execPath;
  const version = spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
  return { node, version };
}

export function benchCliPlan({ runs = 7 } = {}) {
  if (!existsSync('/usr/bin/time')) return { skipped: 'GNU time (/usr/bin/time) is not installed' };
  const cli = process.env.BENCH_CLI || join(root, 'dist/cli.js');
  if (!existsSync(cli)) return { skipped: `${cli} is not built (node scripts/build.mjs)` };
  const { node, version } = cliNode();
  const planArgs = [cli, 'plan', 'examples/pca/estimator.json', '--region', 'us-west-2', '--account', '111122223333'];
  const planEnv = { SAGEMAKER_ROLE: 'arn:aws:iam::111122223333:role/SageMakerRole', SAGEMAKER_BUCKET: 'my-sagemaker-bucket' };
  const plan = [];
  const planFirstRun = [];
  const boto3 = [];
  const nodeStart = [];
  // The CLI keeps Node's compile cache (dist/cli.js): the runs measured use one of their own, which the warm-up fills
  // (a later run); each round also runs plan once with an empty one (the first run after installing or updating).
  const caches = mkdtempSync(join(tmpdir(), 'sagemaker-bench-cli-'));
  const laterRunEnv = { ...planEnv, NODE_COMPILE_CACHE: join(caches, 'later') };
  try {
    timed(node, planArgs, laterRunEnv); // warm-up: the file cache and the compile cache
    timed('python3', ['-c', 'import boto3'], {});
    for (let i = 0; i < runs; i++) {
      plan.push(timed(node, planArgs, laterRunEnv));
      planFirstRun.push(timed(node, planArgs, { ...planEnv, NODE_COMPILE_CACHE: join(caches, `first-${i}`) }));
      boto3.push(timed('python3', ['-c', 'import boto3'], {}));
      nodeStart.push(timed(node, ['-e', ''], {}));
    }
  } finally {
    rmSync(caches, { recursive: true, force: true });
  }
  const summary = samples => ({
    wallMedianMs: median(samples.map(s => s.wallMs)),
    cpuMedianMs: median(samples.map(s => s.cpuMs)),
    rssMedianMiB: median(samples.map(s => s.rssMiB)),
  });
  const result = {
    runs,
    node: version,
    targets: { wallMs: 150, rssMiB: 60 },
    plan: summary(plan),
    planFirstRun: summary(planFirstRun),
    boto3Import: summary(boto3),
    nodeStart: summary(nodeStart),
    // Pair by pair, so that a slow moment of the machine counts on both sides.
    wallRatioMedian: Math.round(median(plan.map((p, i) => p.wallMs / boto3[i].wallMs)) * 100) / 100,
    samples: { plan, planFirstRun, boto3, nodeStart },
  };
  result.rssRatio = Math.round(result.plan.rssMedianMiB / result.boto3Import.rssMedianMiB * 100) / 100;
  result.cpuRatioMedian = Math.round(median(plan.map((p, i) => p.cpuMs / boto3[i].cpuMs)) * 100) / 100;
  result.meets = { wall: result.plan.wallMedianMs <= result.targets.wallMs, rss: result.plan.rssMedianMiB <= result.targets.rssMiB };
  return result;
}

export function printTable(r) {
  if (r.skipped) { console.log(`\nCLI plan: not measured (${r.skipped})`); return; }
  const verdict = ok => (ok ? 'met' : 'NOT met');
  console.log(`\nCLI plan (PCA example, Node ${r.node}) vs python3 -c "import boto3", ${r.runs} runs each, in turn`);
  console.log(`  wall (median):     plan ${r.plan.wallMedianMs} ms, boto3 import ${r.boto3Import.wallMedianMs} ms, ratio ${r.wallRatioMedian}×`
    + `   target plan ≤ ${r.targets.wallMs} ms: ${verdict(r.meets.wall)}`);
  console.log(`  peak RSS (median): plan ${r.plan.rssMedianMiB} MiB, boto3 import ${r.boto3Import.rssMedianMiB} MiB, ratio ${r.rssRatio}×`
    + `   target plan ≤ ${r.targets.rssMiB} MiB: ${verdict(r.meets.rss)}`);
  console.log(`  CPU user+sys (median): plan ${r.plan.cpuMedianMs} ms, boto3 import ${r.boto3Import.cpuMedianMs} ms, ratio ${r.cpuRatioMedian}×`
    + '   (less sensitive than wall time to the other processes of a shared machine)');
  if (r.planFirstRun) console.log(`  plan's first run (Node's compile cache empty): wall ${r.planFirstRun.wallMedianMs} ms, CPU ${r.planFirstRun.cpuMedianMs} ms, peak RSS ${r.planFirstRun.rssMedianMiB} MiB`);
  console.log(`  Node's own start (node -e ""): wall ${r.nodeStart.wallMedianMs} ms, CPU ${r.nodeStart.cpuMedianMs} ms, peak RSS ${r.nodeStart.rssMedianMiB} MiB`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) printTable(benchCliPlan({ runs: Number(process.env.BENCH_RUNS || 7) }));
