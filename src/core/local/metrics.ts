/**
 * metric_definitions on log lines, as SageMaker applies them to a training job's logs: each definition's regex
 * is searched in every line, and the first capture group (else the whole match) is the value.
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
