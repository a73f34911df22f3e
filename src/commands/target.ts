/**
 * What a command was run on. VS Code passes a tree node, a file's Uri, a name typed by a script, or nothing;
 * commandTable.ts turns each into one CommandTarget, so that no handler decodes tree nodes itself.
 */
import * as vscode from 'vscode';
import type { EndpointSummary, TrainingJobSummary } from '@aws-sdk/client-sagemaker';
import type { LocalEndpointDescription, LocalJobDescription } from '../core/local';

export type CommandTarget =
  | { kind: 'trainingJob'; where: 'cloud'; name: string; summary: TrainingJobSummary }
  | { kind: 'trainingJob'; where: 'local'; name: string; job: LocalJobDescription }
  | { kind: 'endpoint'; where: 'cloud'; name: string; summary: EndpointSummary }
  | { kind: 'endpoint'; where: 'local'; name: string; endpoint: LocalEndpointDescription }
  /** A bare name (from a script or a test): the command knows whether it names a job or an endpoint. */
  | { kind: 'name'; name: string }
  | { kind: 'file'; uri: vscode.Uri }
  /** Any other object: a script's or a test's arguments (the New Estimator wizard's answers, say). */
  | { kind: 'arguments'; value: object }
  | { kind: 'none' };

type Node = { kind?: unknown; resource?: Partial<TrainingJobSummary & EndpointSummary>; value?: Partial<LocalJobDescription & LocalEndpointDescription> };

/** One argument as VS Code or a caller passed it. */
export function resolveTarget(arg: unknown): CommandTarget {
  if (arg instanceof vscode.Uri) return { kind: 'file', uri: arg };
  if (typeof arg === 'string') return arg.trim() ? { kind: 'name', name: arg.trim() } : { kind: 'none' };
  if (!arg || typeof arg !== 'object') return { kind: 'none' };
  const node = arg as Node;
  if (node.kind === 'resource' && node.resource) {
    const r = node.resource;
    if (typeof r.TrainingJobName === 'string') return { kind: 'trainingJob', where: 'cloud', name: r.TrainingJobName, summary: r as TrainingJobSummary };
    if (typeof r.EndpointName === 'string') return { kind: 'endpoint', where: 'cloud', name: r.EndpointName, summary: r as EndpointSummary };
  }
  if (node.kind === 'local' && node.value) {
    const v = node.value;
    if (typeof v.TrainingJobName === 'string') return { kind: 'trainingJob', where: 'local', name: v.TrainingJobName, job: v as LocalJobDescription };
    if (typeof v.EndpointName === 'string') return { kind: 'endpoint', where: 'local', name: v.EndpointName, endpoint: v as LocalEndpointDescription };
  }
  return node.kind === undefined ? { kind: 'arguments', value: arg } : { kind: 'none' };
}

/**
 * The targets of one invocation and the arguments after them. A tree with several rows selected passes
 * (clicked node, selected nodes[]); everything else passes (target, ...options).
 */
export function resolveInvocation(args: unknown[]): { targets: CommandTarget[]; rest: unknown[] } {
  const [first, second, ...more] = args;
  if (Array.isArray(second) && second.length > 0 && second.every(n => n && typeof n === 'object' && 'kind' in n)) {
    return { targets: second.map(resolveTarget), rest: more };
  }
  return { targets: [resolveTarget(first)], rest: args.slice(1) };
}

/** The name a target carries, whatever kind it is. */
export function nameOf(target: CommandTarget): string | undefined {
  return 'name' in target ? target.name : undefined;
}
