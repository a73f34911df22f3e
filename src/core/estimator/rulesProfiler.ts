/**
 * The SageMaker Python SDK v2's own checks of `profiler_config` (rule code `debugger`), beyond the schema
 * (s3_output_path shape, system_monitor_interval_millis values) and the plan (disable_profiler conflicts):
 * - `debugger/profiler_config.py` ProfilerConfig.__init__: `profile_params` (here `profiling_parameters`) and
 *   `framework_profile_params` together raise "Profiler will not work when Framework Profiler is ON";
 *   `framework_profile_params` alone logs that framework profiling is deprecated from TensorFlow 2.12 and PyTorch 2.0;
 * - `fw_utils.profiler_config_deprecation_warning` (PyTorch and TensorFlow estimators): from PyTorch 2.0 and
 *   TensorFlow 2.12 framework profiling collects no framework metrics at all.
 */
import { RuleContext } from './rulesContext';
import { frameworkOf } from './rulesFacts';

/** packaging's `Version(version) >= Version(threshold)` on release numbers; undefined for other forms. */
function atLeast(version: string, threshold: number[]): boolean | undefined {
  const m = /^(\d+(?:\.\d+)*)/.exec(version);
  if (!m) return undefined;
  const parts = m[1].split('.').map(Number);
  for (let i = 0; i < Math.max(parts.length, threshold.length); i++) {
    const diff = (parts[i] ?? 0) - (threshold[i] ?? 0);
    if (diff !== 0) return diff > 0;
  }
  return true;
}

export function checkProfilerConfig(ctx: RuleContext): void {
  const config = ctx.obj(['profiler_config']);
  if (!config) return;
  const frameworkParams = config.framework_profile_params;
  const profileParams = config.profiling_parameters;
  const given = (value: unknown): boolean => value !== undefined && value !== null;
  if (given(frameworkParams) && given(profileParams)) {
    ctx.error('debugger', ['profiler_config', 'profiling_parameters'], 'profiler_config takes profiling_parameters or framework_profile_params, not both: the profiler does not work while the framework profiler is on (the SDK refuses it). Remove one of them.', 'key');
    return;
  }
  if (!given(frameworkParams)) return;
  const framework = frameworkOf(ctx);
  const version = ctx.str(['framework_version']);
  const threshold = framework === 'pytorch' ? [2, 0] : framework === 'tensorflow' ? [2, 12] : undefined;
  if (threshold && version !== undefined && atLeast(version, threshold)) {
    ctx.warning('debugger', ['profiler_config', 'framework_profile_params'], `Framework profiling is deprecated from ${framework} ${threshold.join('.')}: with framework_version ${version} no framework metrics will be collected. Remove framework_profile_params.`, 'key');
  } else {
    ctx.info('debugger', ['profiler_config', 'framework_profile_params'], 'Framework profiling (framework_profile_params) is deprecated from TensorFlow 2.12 and PyTorch 2.0.', 'key');
  }
}
