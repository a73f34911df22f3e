/**
 * Metric values from a job's log lines, as SageMaker finds them: each metric definition's regex is searched in
 * the raw log message (without the `[algo-N] ` host prefix the output channel adds for multi-host jobs); the
 * first capture group (else the whole match) is the value, and the log event's timestamp its time.
 */
import type { MetricDefinition } from '../estimator/types';
import { compileMetricDefinitions, matchMetrics, type CompiledMetric, type MetricValue } from '../local/metrics';

export type { MetricValue } from '../local/metrics';

/** The log message behind an output-channel line: `[algo-2] loss=0.3` → `loss=0.3` (only the host's own prefix). */
export function stripHostPrefix(text: string, host?: string): string {
  if (host) {
    const prefix = `[${host}] `;
    return text.startsWith(prefix) ? text.slice(prefix.length) : text;
  }
  const match = /^\[algo-\d+\] /.exec(text);
  return match ? text.slice(match[0].length) : text;
}

export class MetricExtractor {
  readonly metrics: readonly CompiledMetric[];
  /** Definitions whose regex does not compile (they are left out). */
  readonly problems: readonly string[];
  readonly names: readonly string[];

  constructor(definitions: readonly MetricDefinition[] | undefined) {
    const { metrics, problems } = compileMetricDefinitions(definitions);
    this.metrics = metrics;
    this.problems = problems;
    this.names = [...new Set(metrics.map(m => m.name))];
  }

  /** The values in one output-channel line (host prefix removed first). */
  fromLine(text: string, timestamp: number, host?: string): MetricValue[] {
    if (this.metrics.length === 0) return [];
    return matchMetrics(stripHostPrefix(text, host), this.metrics, timestamp);
  }
}

/** Metric definitions as DescribeTrainingJob or job.json hold them, checked (only Name/Regex strings kept). */
export function metricDefinitionsOf(algorithm: { MetricDefinitions?: unknown } | undefined): MetricDefinition[] {
  const raw = algorithm?.MetricDefinitions;
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((d): d is { Name: string; Regex: string } => !!d && typeof d.Name === 'string' && typeof d.Regex === 'string')
    .map(d => ({ Name: d.Name, Regex: d.Regex }));
}
