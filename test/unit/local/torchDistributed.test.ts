/**
 * A 2-host `torch_distributed` local job: each host's process started as torchrun starts a worker, a tiny
 * DistributedDataParallel model trained over gloo on loopback, both hosts' lines prefixed. torch comes from the
 * machine's package indexes into a venv made from the PyTorch example's own requirements.txt (the same text, so
 * the same cached venv where the cache is shared: SAGEMAKER_TEST_VENV_CACHE; a fresh temp cache otherwise).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tar from 'tar';
import type { EstimatorSpec } from '../../../src/core/estimator/types';
import { startLocalTrainingJob, type LocalJobLine } from '../../../src/core/local/localJob';
import { tempDir } from '../tempDir';

const root = path.resolve(__dirname, '../../../..');
const exampleRequirements = path.join(root, 'examples', 'pytorch-cifar10-local', 'source', 'requirements.txt');
const PYTHON = process.env.SAGEMAKER_TEST_PYTHON ?? 'python3';

const DDP_SCRIPT = `
import os
import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel

names = ("MASTER_ADDR", "WORLD_SIZE", "RANK", "LOCAL_RANK", "LOCAL_WORLD_SIZE")
print("torchrun " + " ".join(f"{n}={os.environ[n]}" for n in names) + f" MASTER_PORT_SET={bool(os.environ['MASTER_PORT'])}", flush=True)
dist.init_process_group("gloo")
rank, world = dist.get_rank(), dist.get_world_size()
torch.manual_seed(0)
model = DistributedDataParallel(torch.nn.Linear(4, 1))
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
data = torch.Generator().manual_seed(100 + rank)
for step in range(5):
    x = torch.randn(16, 4, generator=data)
    loss = ((model(x) - x.sum(1, keepdim=True)) ** 2).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    print(f"step {step} loss={loss.item():.4f}", flush=True)
weights = model.module.weight.detach().clone()
gathered = [torch.zeros_like(weights) for _ in range(world)]
dist.all_gather(gathered, weights)
assert all(torch.equal(gathered[0], w) for w in gathered), "DDP keeps the hosts' weights equal"
print(f"rank {rank} of {world}: weights in sync", flush=True)
if rank == 0:
    torch.save(model.module.state_dict(), os.path.join(os.environ["SM_MODEL_DIR"], "model.pth"))
# Both ranks tear gloo down together: a rank that destroys its group while the other still holds the connection
# can abort in gloo's teardown ("terminate called without an active exception"), which CI saw once.
dist.barrier()
dist.destroy_process_group()
`;

test('a 2-host torch_distributed job trains a DDP model over gloo on loopback, with both hosts\' lines prefixed', { timeout: 1_500_000 }, async () => {
  const ws = tempDir('sm-ddp-');
  const cache = process.env.SAGEMAKER_TEST_VENV_CACHE || tempDir('sm-ddp-venvs-');
  const tmp = tempDir('sm-ddp-tmp-');
  const est = path.join(ws, 'project');
  fs.mkdirSync(path.join(est, 'code'), { recursive: true });
  fs.writeFileSync(path.join(est, 'code', 'train.py'), DDP_SCRIPT);
  fs.copyFileSync(exampleRequirements, path.join(est, 'code', 'requirements.txt'));
  const spec = {
    framework: 'pytorch', framework_version: '2.1', py_version: 'py310', entry_point: 'train.py', source_dir: 'code',
    instance_type: 'local', instance_count: 2, distribution: { torch_distributed: { enabled: true } },
  } as EstimatorSpec;
  const lines: LocalJobLine[] = [];
  const started = Date.now();
  const handle = startLocalTrainingJob(spec, {
    estimatorDir: est, workspaceDir: ws, jobName: 'ddp-2', python: PYTHON, venvCacheDir: cache,
    // No pip retries against indexes CI cannot reach; torch's compile cache in the test's temp folder.
    env: { ...process.env, PIP_RETRIES: '0', TMPDIR: tmp, TMP: tmp, TEMP: tmp },
  });
  handle.events.on('line', (l) => lines.push(l));
  const result = await handle.done;
  const spawnedAt = result.spawnedAt?.getTime() ?? started;
  const texts = lines.map((l) => l.text);
  assert.equal(result.status, 'Completed', `${result.failureReason}\n${texts.slice(-40).join('\n')}`);
  for (const [rank, host] of ['algo-1', 'algo-2'].entries()) {
    assert.ok(texts.includes(`[${host}] torchrun MASTER_ADDR=127.0.0.1 WORLD_SIZE=2 RANK=${rank} LOCAL_RANK=0 LOCAL_WORLD_SIZE=1 MASTER_PORT_SET=True`), texts.join('\n'));
    assert.ok(texts.some((t) => t.startsWith(`[${host}] step 4 loss=`)), `${host} trained`);
    assert.ok(texts.includes(`[${host}] rank ${rank} of 2: weights in sync`));
  }
  const names: string[] = [];
  await tar.t({ file: result.modelArtifacts!, onReadEntry: (e) => names.push(e.path) });
  assert.deepEqual(names, ['model.pth']);
  console.log(`# 2-host DDP job: ${((result.endedAt.getTime() - started) / 1000).toFixed(1)} s in all, ${((result.endedAt.getTime() - spawnedAt) / 1000).toFixed(1)} s from the hosts' start to the end`);
});
