/**
 * `${env:NAME}`, `${workspaceFolder}`, `${workspaceFolderBasename}`, `${userHome}` and `${pathSeparator}`
 * in the string values of an estimator file, as in VS Code's launch.json. Keys are never substituted.
 * An unset variable is an error at the range of the string that uses it; the string is then kept as
 * written and its path listed in `unresolved`, so that later checks leave it alone.
 */
import type { Node } from 'jsonc-parser';
import { LineIndex, displayPath, pathOfNode, setOwn } from './parse';
import type { EstimatorDiagnostic, JsonPath } from './types';

export interface VariableContext {
  /** Environment variables for `${env:NAME}`. Only these are looked at (never `process.env` implicitly). */
  env: Record<string, string | undefined>;
  /** Absolute path of the workspace folder for `${workspaceFolder}`. */
  workspaceFolder?: string;
  /** Home directory for `${userHome}`; defaults to `env.HOME`, else `env.USERPROFILE`. */
  userHome?: string;
  /** `/` or `\`; defaults to `\` when `workspaceFolder` looks like a Windows path, else `/`. */
  pathSeparator?: string;
}

export interface VariableProblem {
  /** The variable as written, e.g. `${env:SAGEMAKER_ROLE}`. */
  variable: string;
  /** `unset`: a known variable without a value; `unknown`: not a variable this extension knows. */
  kind: 'unset' | 'unknown';
  message: string;
}

export interface StringSubstitution {
  value: string;
  /** False when a known variable had no value: `value` then keeps that variable as written. */
  resolved: boolean;
  problems: VariableProblem[];
}

const VARIABLE = /\$\{([A-Za-z][A-Za-z0-9_]*)(?::([^}]*))?\}/g;

/** The supported variables, for documentation and completion. */
export const SUPPORTED_VARIABLES = ['${env:NAME}', '${workspaceFolder}', '${workspaceFolderBasename}', '${userHome}', '${pathSeparator}'];

/** The environment variables a string reads (`${env:NAME}`), in order, as substituteString() would read them. */
export function envVariablesOf(text: string): string[] {
  return [...text.matchAll(VARIABLE)].filter(m => m[1] === 'env' && m[2]).map(m => m[2]!);
}

/** Substitutes the variables of one string. */
export function substituteString(text: string, context: VariableContext): StringSubstitution {
  const problems: VariableProblem[] = [];
  let resolved = true;
  const value = text.replace(VARIABLE, (whole: string, name: string, argument: string | undefined) => {
    const result = resolveVariable(name, argument, context);
    if (result.kind === 'value') return result.value;
    if (result.kind === 'unset') resolved = false;
    problems.push({ variable: whole, kind: result.kind, message: result.message });
    return whole;
  });
  return { value, resolved, problems };
}

type Resolution = { kind: 'value'; value: string } | { kind: 'unset' | 'unknown'; message: string };

function resolveVariable(name: string, argument: string | undefined, context: VariableContext): Resolution {
  if (name === 'env') {
    if (argument === undefined || argument === '') {
      return { kind: 'unset', message: '${env:} needs the name of an environment variable, e.g. ${env:SAGEMAKER_ROLE}' };
    }
    const value = lookupEnv(context.env, argument);
    if (value === undefined) {
      return { kind: 'unset', message: `environment variable ${argument} is not set` };
    }
    return { kind: 'value', value };
  }
  if (argument !== undefined) {
    // ${workspaceFolder:name} (multi-root) is not supported: only the estimator's own folder is known.
    if (name === 'workspaceFolder' || name === 'workspaceFolderBasename') {
      return {
        kind: 'unknown',
        message: `\${${name}:${argument}} names another folder of a multi-root workspace, which is not supported: use \${${name}} (the folder of this estimator file)`,
      };
    }
    return { kind: 'unknown', message: `\${${name}:${argument}} is not a supported variable (supported: ${SUPPORTED_VARIABLES.join(', ')})` };
  }
  switch (name) {
    case 'workspaceFolder':
      if (!context.workspaceFolder) return { kind: 'unset', message: '${workspaceFolder} is used but no workspace folder is open' };
      return { kind: 'value', value: context.workspaceFolder };
    case 'workspaceFolderBasename': {
      if (!context.workspaceFolder) return { kind: 'unset', message: '${workspaceFolderBasename} is used but no workspace folder is open' };
      const parts = context.workspaceFolder.split(/[\\/]+/).filter(part => part !== '');
      return { kind: 'value', value: parts[parts.length - 1] ?? '' };
    }
    case 'userHome': {
      const home = context.userHome ?? lookupEnv(context.env, 'HOME') ?? lookupEnv(context.env, 'USERPROFILE');
      if (!home) return { kind: 'unset', message: '${userHome} is used but the home directory is unknown (neither HOME nor USERPROFILE is set)' };
      return { kind: 'value', value: home };
    }
    case 'pathSeparator': {
      const separator = context.pathSeparator ?? (context.workspaceFolder && /^[A-Za-z]:[\\/]|^\\\\/.test(context.workspaceFolder) ? '\\' : '/');
      return { kind: 'value', value: separator };
    }
    default: {
      const hint = suggestVariable(name);
      return {
        kind: 'unknown',
        message: `\${${name}} is not a supported variable${hint ? `; did you mean ${hint}?` : ''} (supported: ${SUPPORTED_VARIABLES.join(', ')})`,
      };
    }
  }
}

function suggestVariable(name: string): string | undefined {
  const lower = name.toLowerCase();
  if (lower === 'workspacefolder' || lower === 'workspaceroot' || lower === 'workspace') return '${workspaceFolder}';
  if (lower === 'workspacefolderbasename') return '${workspaceFolderBasename}';
  if (lower === 'userhome' || lower === 'home') return '${userHome}';
  if (/^[A-Z][A-Z0-9_]*$/.test(name)) return `\${env:${name}}`;
  return undefined;
}

function lookupEnv(env: Record<string, string | undefined>, name: string): string | undefined {
  const value = env[name];
  return typeof value === 'string' ? value : undefined;
}

export interface TreeSubstitution {
  /** The document's value with every string substituted. */
  value: unknown;
  diagnostics: EstimatorDiagnostic[];
  /** Paths of strings that kept an unset variable. */
  unresolved: JsonPath[];
}

/**
 * Substitutes variables in every string value of the tree (not in keys). Unset variables are
 * errors (`unresolved-variable`), unknown ones warnings (`unknown-variable`) left as written; both at
 * the range of the string.
 */
export function substituteTree(root: Node, lines: LineIndex, context: VariableContext): TreeSubstitution {
  const diagnostics: EstimatorDiagnostic[] = [];
  const unresolved: JsonPath[] = [];

  const visit = (node: Node): unknown => {
    switch (node.type) {
      case 'object': {
        const result: Record<string, unknown> = {};
        for (const property of node.children ?? []) {
          const keyNode = property.children?.[0];
          const valueNode = property.children?.[1];
          if (!keyNode || typeof keyNode.value !== 'string' || !valueNode) continue;
          setOwn(result, keyNode.value, visit(valueNode));
        }
        return result;
      }
      case 'array':
        return (node.children ?? []).map(visit);
      case 'string': {
        const text = node.value as string;
        if (!text.includes('${')) return text;
        const substitution = substituteString(text, context);
        if (substitution.problems.length > 0) {
          const path = pathOfNode(node);
          const field = displayPath(path) || 'the estimator';
          if (!substitution.resolved) unresolved.push(path);
          for (const problem of substitution.problems) {
            diagnostics.push({
              severity: problem.kind === 'unset' ? 'error' : 'warning',
              code: problem.kind === 'unset' ? 'unresolved-variable' : 'unknown-variable',
              message:
                problem.kind === 'unset'
                  ? `${field}: ${problem.message}. Set it in the environment VS Code (or the CLI) was started from, or write the value itself.`
                  : `${field}: ${problem.message}. It is kept as written.`,
              range: lines.range(node.offset, node.length),
              path,
            });
          }
        }
        return substitution.value;
      }
      default:
        return node.value;
    }
  };

  const value = visit(root);
  return { value, diagnostics, unresolved };
}
