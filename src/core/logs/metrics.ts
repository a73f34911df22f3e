/**
 * metric_definitions on log messages, as SageMaker applies them to a training job's logs: each definition's regex
 * is searched in every message (the program's own line, never a host prefix), and the first capture group (else
 * the whole match) is the value, at the log event's time. One extractor serves cloud jobs (the job page, on the
 * tail's lines) and local jobs (the runner, on the script's output).
 */
import type { MetricDefinition } from '../estimator/types';

export interface MetricValue {
  name: string;
  value: number;
  /** Milliseconds since the epoch. */
  timestamp: number;
}

export interface CompiledMetric {
  name: string;
  regex: RegExp;
}

/** Python's regex syntax where it differs from JavaScript's: named groups and their back-references. */
export function pythonRegexToJs(source: string): string {
  return source.replace(/\(\?P<([A-Za-z_]\w*)>/g, '(?<$1>').replace(/\(\?P=([A-Za-z_]\w*)\)/g, '\\k<$1>');
}

/** Compiles the definitions; `problems` names those that do not compile. */
export function compileMetricDefinitions(definitions: readonly MetricDefinition[] | undefined): { metrics: CompiledMetric[]; problems: string[] } {
  const metrics: CompiledMetric[] = [];
  const problems: string[] = [];
  for (const d of definitions ?? []) {
    if (!d || typeof d.Name !== 'string' || typeof d.Regex !== 'string') continue;
    try {
      metrics.push({ name: d.Name, regex: new RegExp(pythonRegexToJs(d.Regex)) });
    } catch (error) {
      problems.push(`Metric "${d.Name}": the regex ${JSON.stringify(d.Regex)} does not compile (${(error as Error).message}); it is ignored.`);
    }
  }
  return { metrics, problems };
}

/** The metric values in one log line. */
export function matchMetrics(line: string, metrics: readonly CompiledMetric[], timestamp = Date.now()): MetricValue[] {
  const out: MetricValue[] = [];
  for (const m of metrics) {
    const match = m.regex.exec(line);
    if (!match) continue;
    const text = match.length > 1 ? match[1] : match[0];
    if (text === undefined) continue;
    const value = Number.parseFloat(text);
    if (Number.isFinite(value) || /^\s*[-+]?(inf|infinity|nan)\s*$/i.test(text)) {
      out.push({ name: m.name, value: Number.isNaN(value) ? parsePythonFloat(text) : value, timestamp });
    }
  }
  return out;
}

function parsePythonFloat(text: string): number {
  const t = text.trim().toLowerCase();
  if (t.endsWith('nan')) return NaN;
  return t.startsWith('-') ? -Infinity : Infinity;
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

  /** The values in one log message. */
  fromMessage(message: string, timestamp: number): MetricValue[] {
    return this.metrics.length === 0 ? [] : matchMetrics(message, this.metrics, timestamp);
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
