/**
 * The round trip's proof: the written file is loaded and planned like any estimator file (same job name, region
 * and account) and its request compared field by field with the job. A difference that only needs an explicit
 * default is fixed; any other is flagged, never dropped silently.
 */
import type { DescribeTrainingJobResponse } from '@aws-sdk/client-sagemaker';
import { loadEstimator } from '../../estimator/load';
import { planEstimator } from '../../estimator/plan';
import { PlanError } from '../../estimator/request';
import type { EstimatorSpec } from '../../estimator/types';
import { inline, writeText } from './jsonc';
import { asObj, isObj, plain, same, type Entry, type Flag, type Obj } from './values';

/** The request fields a DescribeTrainingJob answer shares with CreateTrainingJob. */
const REQUEST_FIELDS = [
  'AlgorithmSpecification',
  'RoleArn',
  'InputDataConfig',
  'OutputDataConfig',
  'ResourceConfig',
  'StoppingCondition',
  'HyperParameters',
  'VpcConfig',
  'EnableNetworkIsolation',
  'EnableInterContainerTrafficEncryption',
  'EnableManagedSpotTraining',
  'CheckpointConfig',
  'Environment',
  'RetryStrategy',
  'DebugHookConfig',
  'DebugRuleConfigurations',
  'TensorBoardOutputConfig',
  'ProfilerConfig',
  'ProfilerRuleConfigurations',
  'RemoteDebugConfig',
  'InfraCheckConfig',
  'SessionChainingConfig',
] as const;

/** A job field as the request would hold it: API defaults that the planner leaves out are dropped. */
function normalizeJobField(field: string, value: unknown, ignoreMetricDefinitions: boolean): unknown {
  const json = value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  if (json === false && field.startsWith('Enable')) return undefined;
  if (field === 'OutputDataConfig' && isObj(json)) {
    if (json.CompressionType === 'GZIP') delete json.CompressionType;
    if (json.KmsKeyId === '') delete json.KmsKeyId;
  }
  if (field === 'AlgorithmSpecification' && isObj(json) && ignoreMetricDefinitions) delete json.MetricDefinitions;
  return json;
}

/** What the file is planned with, and what the comparison leaves aside. */
export interface RoundTrip {
  job: DescribeTrainingJobResponse;
  jobName: string;
  /** The connection's region (the file names another one itself). */
  region: string;
  account: string;
  /** Metric definitions that SageMaker or the emulator filled in, so neither side's count. */
  ignoreMetricDefinitions: boolean;
}

/** The request fields where planning `text` does not give the job's back, or the file's and plan's own errors. */
function requestDifferences(text: string, trip: RoundTrip): string[] {
  const { job, ignoreMetricDefinitions } = trip;
  const loaded = loadEstimator(text, { fileName: 'estimator.json', env: {}, region: trip.region });
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length || !loaded.spec) return errors.map((d) => `(file): ${d.message}`);
  let planned;
  try {
    planned = planEstimator(text, loaded.spec, { region: trip.region, account: trip.account, jobName: trip.jobName, baseDir: '/' });
  } catch (error) {
    return [`(plan): ${error instanceof PlanError ? error.message : String(error)}`];
  }
  if (!planned.plan) return planned.diagnostics.map((d) => `(plan): ${d.message}`);
  const request = JSON.parse(JSON.stringify(planned.plan.request)) as Obj;
  if (isObj(request.AlgorithmSpecification) && ignoreMetricDefinitions) delete request.AlgorithmSpecification.MetricDefinitions;
  const differences: string[] = [];
  for (const field of REQUEST_FIELDS) {
    const jobValue = normalizeJobField(field, asObj(job)[field], ignoreMetricDefinitions);
    if (!same(jobValue, request[field])) differences.push(field);
  }
  return differences;
}

/**
 * The file's text and the estimator it holds, after planning it and comparing with the job. `unmapped` is the
 * list `flag` adds to; the differences are flagged into it, and so into the file's comments.
 */
export function writeCheckedEstimator(header: string[], entries: Entry[], unmapped: string[], flag: Flag, trip: RoundTrip): { text: string; spec: EstimatorSpec } {
  const build = (): { text: string; spec: EstimatorSpec } => {
    const text = writeText(header, entries, unmapped);
    return { text, spec: plain(Object.fromEntries(entries)) as EstimatorSpec };
  };
  let { text, spec } = build();
  let differences = requestDifferences(text, trip);
  if (differences.includes('AlgorithmSpecification')) {
    // EnableSageMakerMetricsTimeSeries: the framework estimators' default may differ from the job's.
    const wanted = trip.job.AlgorithmSpecification?.EnableSageMakerMetricsTimeSeries;
    entries.push(['enable_sagemaker_metrics', wanted === undefined ? null : wanted]);
    ({ text, spec } = build());
    const retry = requestDifferences(text, trip);
    if (retry.includes('AlgorithmSpecification')) {
      entries.pop();
      ({ text, spec } = build());
    } else differences = retry;
  }
  for (const difference of differences) {
    if (difference.startsWith('(')) flag(difference.slice(0, difference.indexOf(':')), difference.slice(difference.indexOf(':') + 2));
    // A field whose unmapped part is flagged already needs no second word.
    else if (!unmapped.some((u) => u.startsWith(`${difference}.`))) {
      flag(difference, `planning this file does not give the job's ${difference} back exactly (job: ${inline(asObj(trip.job)[difference] ?? null)})`);
    }
  }
  ({ text, spec } = build());
  return { text, spec };
}
