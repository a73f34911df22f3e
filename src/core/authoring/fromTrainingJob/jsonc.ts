/** Writing the estimator as JSONC: short values inline, long ones one entry per line, unmapped values as comments. */
import { isObj, RawJson, type Entry } from './values';

export function inline(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return value.length ? `[${value.map(inline).join(', ')}]` : '[]';
  if (isObj(value)) {
    const entries = Object.entries(value);
    return entries.length ? `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${inline(v)}`).join(', ')} }` : '{}';
  }
  return JSON.stringify(value);
}

/** A value at `indent`: inline when short, else one entry per line. */
function pretty(value: unknown, indent: string, width = 110): string {
  const one = inline(value);
  if (one.length + indent.length <= width || value instanceof RawJson) return one;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    return `[\n${value.map((v) => `${inner}${pretty(v, inner, width)}`).join(',\n')}\n${indent}]`;
  }
  if (isObj(value)) {
    const lines = Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${pretty(v, inner, width)}`);
    return `{\n${lines.join(',\n')}\n${indent}}`;
  }
  return one;
}

/** One line of a comment (values inline, newlines escaped). */
const commentLine = (text: string): string => text.replace(/[\r\n]+/g, ' ');

export function writeText(header: string[], entries: Entry[], flags: string[]): string {
  const lines = ['{', ...header.map((h) => `  // ${commentLine(h)}`)];
  entries.forEach(([key, value], i) => {
    const comma = i < entries.length - 1 ? ',' : '';
    // Objects of several entries (hyperparameters, inputs, ...) one entry per line, like the examples.
    if (isObj(value) && !(value instanceof RawJson) && Object.keys(value).length > 1 && ['hyperparameters', 'inputs', 'environment', 'distribution'].includes(key)) {
      lines.push(`  ${JSON.stringify(key)}: {`);
      const inner = Object.entries(value);
      inner.forEach(([k, v], j) => lines.push(`    ${JSON.stringify(k)}: ${pretty(v, '    ')}${j < inner.length - 1 ? ',' : ''}`));
      lines.push(`  }${comma}`);
    } else if (Array.isArray(value) && value.length > 1 && (key === 'metric_definitions' || key === 'tags' || key === 'rules')) {
      lines.push(`  ${JSON.stringify(key)}: [`);
      value.forEach((v, j) => lines.push(`    ${pretty(v, '    ')}${j < value.length - 1 ? ',' : ''}`));
      lines.push(`  ]${comma}`);
    } else {
      lines.push(`  ${JSON.stringify(key)}: ${pretty(value, '  ')}${comma}`);
    }
  });
  if (flags.length > 0) {
    lines.push('', '  // Not mapped to estimator arguments (kept here as the job had them):');
    for (const flag of flags) lines.push(`  //   ${commentLine(flag)}`);
  }
  lines.push('}', '');
  return lines.join('\n');
}
