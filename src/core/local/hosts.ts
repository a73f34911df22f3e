/**
 * Several hosts on this machine: `instance_count > 1` runs one process per host, `algo-1` .. `algo-N`, each with
 * its own /opt/ml-like folder and the training toolkit's multi-host environment. The hosts share the loopback
 * interface: they cannot resolve `algo-N`, so each is told to reach algo-1 at 127.0.0.1 (MASTER_ADDR). With
 * `torch_distributed` or `pytorchddp`, each host's process gets what torchrun gives a worker (one per host).
 * ShardedByS3Key channels are split across hosts; FullyReplicated ones give every host everything.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EstimatorSpec } from '../estimator/types';
import type { LocalChannel } from './channels';
import { jobPaths, type JobPaths } from './paths';

/** The address every host reaches algo-1 at (the hosts' names do not resolve on this machine). */
export const LOOPBACK_ADDRESS = '127.0.0.1';

/** Where hosts algo-2 .. algo-N keep their /opt/ml-like folders, inside the job folder (which is algo-1's). */
export const HOSTS_DIR_NAME = 'hosts';

export interface LocalHost {
  /** `algo-1` .. `algo-N`. */
  name: string;
  /** 0 for algo-1: the host's index in `hosts`, and its RANK under torch_distributed. */
  rank: number;
  paths: JobPaths;
  /** What this host's process gets on top of the job's environment: its `SM_*` variables, MASTER_ADDR, RANK, ... */
  env: Record<string, string>;
}

export function hostNames(count: number): string[] {
  return Array.from({ length: Math.max(1, count) }, (_, i) => `algo-${i + 1}`);
}

/** algo-1 runs in the job folder itself (so a one-host job is laid out as before); the others in `hosts/<name>/`. */
export function hostPaths(jobDir: string, host: string): JobPaths {
  return host === 'algo-1' ? jobPaths(jobDir) : jobPaths(path.join(jobDir, HOSTS_DIR_NAME, host));
}

/** The loopback interface's name (`lo` on Linux, `lo0` on macOS): the network the hosts really share. */
export function loopbackInterfaceName(): string {
  for (const [name, addresses] of Object.entries(os.networkInterfaces())) {
    if (addresses?.some((a) => a.internal && a.address === LOOPBACK_ADDRESS)) return name;
  }
  return process.platform === 'darwin' ? 'lo0' : 'lo';
}

/** Whether the estimator asks for torchrun's launch: `torch_distributed` or `pytorchddp` with `enabled: true`. */
export function torchDistributedLaunch(spec: EstimatorSpec): 'torch_distributed' | 'pytorchddp' | undefined {
  const d = spec.distribution as Record<string, unknown> | null | undefined;
  const enabled = (key: string): boolean => {
    const option = d?.[key];
    return typeof option === 'object' && option !== null && (option as { enabled?: unknown }).enabled === true;
  };
  if (enabled('pytorchddp')) return 'pytorchddp';
  if (enabled('torch_distributed')) return 'torch_distributed';
  return undefined;
}

/**
 * What torchrun gives each worker, for one process per host (`--nnodes N --nproc_per_node 1 --node_rank i`,
 * as the toolkit's torch_distributed.py runs it), with the master at 127.0.0.1 instead of algo-1.
 */
export function torchrunEnvironment(rank: number, hostCount: number, masterPort: number): Record<string, string> {
  return {
    MASTER_ADDR: LOOPBACK_ADDRESS,
    MASTER_PORT: String(masterPort),
    WORLD_SIZE: String(hostCount),
    RANK: String(rank),
    LOCAL_RANK: '0',
    LOCAL_WORLD_SIZE: '1',
    GROUP_RANK: String(rank),
    GROUP_WORLD_SIZE: String(hostCount),
    ROLE_RANK: String(rank),
    ROLE_WORLD_SIZE: String(hostCount),
    ROLE_NAME: 'default',
    // The toolkit points NCCL at the network interface; on CPU, gloo is told the same: the loopback the hosts share.
    NCCL_SOCKET_IFNAME: loopbackInterfaceName(),
    GLOO_SOCKET_IFNAME: loopbackInterfaceName(),
  };
}

/** A TCP port free on the loopback interface now (the OS picks it), for this job's MASTER_PORT. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, LOOPBACK_ADDRESS, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Every file under `dir` (following links), as `/`-separated keys relative to it, in S3's order (by UTF-8 bytes). */
export function sortedKeys(dir: string): string[] {
  const keys: string[] = [];
  // The folders being walked (real paths): a link back to one of them would never end.
  const open = new Set<string>();
  const walk = (abs: string, rel: string): void => {
    const real = fs.realpathSync(abs);
    if (open.has(real)) return;
    open.add(real);
    for (const entry of fs.readdirSync(abs)) {
      const child = path.join(abs, entry);
      const key = rel ? `${rel}/${entry}` : entry;
      if (fs.statSync(child).isDirectory()) walk(child, key);
      else keys.push(key);
    }
    open.delete(real);
  };
  walk(dir, '');
  return keys.sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
}

/**
 * The keys host `rank` of `hostCount` gets under ShardedByS3Key: every N-th of the sorted keys, starting at its
 * rank. SageMaker documents only that "each instance gets approximately 1/n of the number of S3 objects"
 * (S3DataSource.S3DataDistributionType); round-robin over the sorted keys gives disjoint sets of that size.
 */
export function shardKeys(keys: readonly string[], rank: number, hostCount: number): string[] {
  return keys.filter((_, i) => i % hostCount === rank);
}

function linkOrCopy(source: string, target: string): 'symlink' | 'copy' {
  try {
    fs.symlinkSync(source, target, 'file');
    return 'symlink';
  } catch {
    fs.copyFileSync(source, target);
    return 'copy';
  }
}

/** Puts host `rank`'s shard of a local folder or file at `dataDir/<name>/`, each file linked (copied where links fail). */
export function stageShardedChannel(channel: Pick<LocalChannel, 'name' | 'source' | 'isDirectory'>, dataDir: string, rank: number, hostCount: number): 'symlink' | 'copy' {
  const target = path.join(dataDir, channel.name);
  fs.mkdirSync(target, { recursive: true });
  const root = channel.isDirectory ? channel.source : path.dirname(channel.source);
  const keys = channel.isDirectory ? sortedKeys(channel.source) : [path.basename(channel.source)];
  let how: 'symlink' | 'copy' = 'symlink';
  for (const key of shardKeys(keys, rank, hostCount)) {
    const dest = path.join(target, ...key.split('/'));
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    if (linkOrCopy(path.join(root, ...key.split('/')), dest) === 'copy') how = 'copy';
  }
  return how;
}

/**
 * After every host has ended: the other hosts' model/ and output/data/ merged into algo-1's, later hosts
 * replacing files of the same name, as the SDK's local mode gathers the hosts' folders before packing them
 * (LocalSageMakerContainer.retrieve_artifacts).
 */
export function mergeHostArtifacts(hosts: readonly LocalHost[]): void {
  const [first, ...others] = hosts;
  if (!first) return;
  for (const host of others) {
    for (const key of ['model', 'outputData'] as const) {
      if (fs.existsSync(host.paths[key]) && fs.readdirSync(host.paths[key]).length > 0) {
        fs.cpSync(host.paths[key], first.paths[key], { recursive: true, force: true, dereference: true });
      }
    }
  }
}
