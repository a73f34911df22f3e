/**
 * Finishing a local job: packing model/ and output/data/ as SageMaker uploads them (abortable: a stop while
 * packing ends the job Stopped), and the final fields of job.json and of the result.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MetricValue } from '../logs/metrics';
import { packFolder } from './artifacts';
import type { LocalJobDescription, LocalSecondaryStatus } from './jobStore';
import type { LocalJobResult, RunContext } from './jobTypes';

export type EndStatus = 'Completed' | 'Failed' | 'Stopped';

/** How a job ended; packing may still turn a Completed job Failed, or a job being packed Stopped. */
export interface JobOutcome {
  status: EndStatus;
  secondary: LocalSecondaryStatus;
  reason?: string;
  exitCode: number | null;
  signal: string | null;
}

/** Filled in as each artifact is ready, so that a failed or stopped packing still records what was packed. */
export interface PackedArtifacts {
  modelArtifacts?: string;
  outputArtifacts?: string;
}

const SECONDARY_MESSAGES: Partial<Record<LocalSecondaryStatus, string>> = {
  Completed: 'Training job completed',
  Stopped: 'The training job was stopped',
};

/** model.tar.gz (or model/ as is, with disable_output_compression), output.tar.gz, and their copy to a file:// output_path. */
export async function packArtifacts(ctx: RunContext, packed: PackedArtifacts, signal: AbortSignal, note: (text: string) => void): Promise<void> {
  const { paths } = ctx;
  const pack = async (dir: string, file: string): Promise<void> => {
    for (const warning of (await packFolder(dir, file, { signal })).warnings) note(`Warning: ${warning}`);
  };
  if (ctx.modelUncompressed) packed.modelArtifacts = paths.model;
  else {
    await pack(paths.model, paths.modelTarGz);
    packed.modelArtifacts = paths.modelTarGz;
  }
  await pack(paths.outputData, paths.outputTarGz);
  packed.outputArtifacts = paths.outputTarGz;
  if (ctx.copyArtifactsTo) {
    fs.mkdirSync(ctx.copyArtifactsTo, { recursive: true });
    if (packed.modelArtifacts === paths.modelTarGz) fs.copyFileSync(paths.modelTarGz, path.join(ctx.copyArtifactsTo, 'model.tar.gz'));
    else fs.cpSync(paths.model, path.join(ctx.copyArtifactsTo, 'model'), { recursive: true });
    fs.copyFileSync(paths.outputTarGz, path.join(ctx.copyArtifactsTo, 'output.tar.gz'));
    note(`Copied the artifacts to ${ctx.copyArtifactsTo} (output_path)`);
  }
}

/** The end fields of job.json: times, reason, artifacts, final metrics, and how the process ended. */
export function recordEnd(description: LocalJobDescription, outcome: JobOutcome, packed: PackedArtifacts, finalMetrics: Map<string, MetricValue>, end: number): void {
  const iso = (ms: number): string => new Date(ms).toISOString();
  description.TrainingEndTime = iso(end);
  if (description.TrainingStartTime) description.TrainingTimeInSeconds = Math.max(0, Math.round((end - Date.parse(description.TrainingStartTime)) / 1000));
  if (outcome.reason) description.FailureReason = outcome.reason;
  if (packed.modelArtifacts) description.ModelArtifacts = { LocalPath: packed.modelArtifacts };
  if (packed.outputArtifacts) description.OutputArtifacts = { LocalPath: packed.outputArtifacts };
  description.FinalMetricDataList = [...finalMetrics.values()].map((m) => ({ MetricName: m.name, Value: m.value, Timestamp: iso(m.timestamp) }));
  description.ExitCode = outcome.exitCode;
  description.Signal = outcome.signal;
}

/** The last status line: a failure's first line of reason, else SageMaker's message for the end status. */
export function endMessage(outcome: JobOutcome): string {
  if (outcome.status === 'Failed') return `Training job failed: ${(outcome.reason ?? '').split('\n').find((l) => l.trim()) ?? 'unknown reason'}`;
  return SECONDARY_MESSAGES[outcome.secondary] ?? outcome.secondary;
}

export function jobResult(
  ctx: RunContext,
  outcome: JobOutcome,
  packed: PackedArtifacts,
  times: { startedAt: Date; end: number; spawnedAt: Date | undefined; firstOutputAt: Date | undefined },
  finalMetrics: Map<string, MetricValue>,
): LocalJobResult {
  const { reason } = outcome;
  const { modelArtifacts, outputArtifacts } = packed;
  return {
    jobName: ctx.jobName,
    jobDir: ctx.jobDir,
    status: outcome.status,
    secondaryStatus: outcome.secondary,
    ...(reason ? { failureReason: reason } : {}),
    ...(modelArtifacts ? { modelArtifacts } : {}),
    ...(outputArtifacts ? { outputArtifacts } : {}),
    exitCode: outcome.exitCode,
    signal: outcome.signal,
    startedAt: times.startedAt,
    endedAt: new Date(times.end),
    ...(times.spawnedAt ? { spawnedAt: times.spawnedAt } : {}),
    ...(times.firstOutputAt ? { firstOutputAt: times.firstOutputAt } : {}),
    finalMetrics: [...finalMetrics.values()],
    description: JSON.parse(JSON.stringify(ctx.description)) as LocalJobDescription,
  };
}
