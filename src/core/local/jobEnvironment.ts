/**
 * Before a local job's entry point runs: its requirements.txt installed into a cached venv (pythonEnv.ts), the
 * command and environment pointed at that venv, and one warning when the framework_version asked for is not
 * the one the job's Python has (local mode runs the installed framework; it does not fetch the asked version).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RunContext } from './jobTypes';
import { ensurePythonEnv, venvBinDir } from './pythonEnv';

/** What the job needs of its Python: decided when the job is prepared, carried out before it runs. */
export interface PythonEnvPlan {
  /** The configured interpreter (setting sagemaker.local.pythonPath / --python). */
  python: string;
  /** The code folder's requirements.txt, when it has one. */
  requirementsFile?: string;
  /** False: run with the interpreter as it is (requirements.txt is not installed). */
  useVenv: boolean;
  cacheDir: string;
  framework?: string;
  frameworkVersion?: string;
}

/** The distribution whose version a framework estimator's framework_version names. */
const FRAMEWORK_DISTRIBUTIONS: Record<string, string> = {
  pytorch: 'torch',
  tensorflow: 'tensorflow',
  sklearn: 'scikit-learn',
  xgboost: 'xgboost',
  mxnet: 'mxnet',
};

/**
 * Installs requirements.txt when asked and points the job at the venv; throws PythonEnvError when pip fails.
 * Returns the interpreter the job runs on, the one whose framework version frameworkVersionWarning asks.
 */
export async function prepareJobPython(ctx: RunContext, emit: (text: string) => void, signal: AbortSignal): Promise<string> {
  const plan = ctx.pythonEnv;
  let python = plan.python;
  if (plan.requirementsFile && plan.useVenv) {
    emit(`Installing ${plan.requirementsFile} as the training toolkit does (pip, with your pip configuration)`);
    const env = await ensurePythonEnv({ python: plan.python, requirementsFile: plan.requirementsFile, cacheDir: plan.cacheDir, env: ctx.env, onLine: emit, signal });
    emit(env.reused
      ? `Reusing the Python environment ${env.venvDir} (requirements.txt unchanged; ${env.seconds.toFixed(1)} s)`
      : `Created the Python environment ${env.venvDir} in ${env.seconds.toFixed(1)} s`);
    python = env.python;
    if (ctx.command === plan.python) ctx.command = python;
    // A shell entry point or a subprocess that runs `python` gets the venv's, as inside the container.
    ctx.env = { ...ctx.env, VIRTUAL_ENV: env.venvDir, PATH: [venvBinDir(env.venvDir), ctx.env.PATH].filter(Boolean).join(path.delimiter) };
    ctx.description.VenvPython = python;
    ctx.description.Command = [ctx.command, ...ctx.argv];
  }
  return python;
}

/** One line when framework_version is not what `python` has installed; undefined when they agree or it cannot tell. */
export async function frameworkVersionWarning(plan: PythonEnvPlan, python: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const distribution = plan.framework ? FRAMEWORK_DISTRIBUTIONS[plan.framework] : undefined;
  if (!distribution || !plan.frameworkVersion) return undefined;
  const installed = await installedVersion(python, distribution, env);
  if (installed === undefined) return undefined;
  const asked = plan.frameworkVersion.replace(/-\d+$/, '');
  if (installed === null) {
    return `Warning: framework_version is ${plan.frameworkVersion}, but ${distribution} is not installed in ${python}: add ${distribution} to requirements.txt or install it into that Python.`;
  }
  const publicVersion = installed.split('+')[0]!;
  if (publicVersion === asked || publicVersion.startsWith(`${asked}.`)) return undefined;
  return `Warning: framework_version is ${plan.frameworkVersion}, but this job runs on the installed ${distribution} ${installed} `
    + `(${python}); local mode does not install the framework's version, SageMaker's ${plan.framework} ${plan.frameworkVersion} container would.`;
}

/** The installed version, null when the distribution is absent, undefined when the interpreter cannot be asked. */
function installedVersion(python: string, distribution: string, env: NodeJS.ProcessEnv): Promise<string | null | undefined> {
  const script = 'import sys, importlib.metadata as m\ntry:\n    print(m.version(sys.argv[1]))\nexcept m.PackageNotFoundError:\n    print("")\n';
  return new Promise((resolve) => {
    let out = '';
    const child = spawn(python, ['-c', script, distribution], { cwd: fs.existsSync(os.tmpdir()) ? os.tmpdir() : '/', env, stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.on('error', () => resolve(undefined));
    child.on('close', (code) => resolve(code === 0 ? out.trim() || null : undefined));
  });
}
