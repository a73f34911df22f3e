/** DebugHookConfig, the debugger and profiler rules, TensorBoard and ProfilerConfig back to estimator arguments. */
import type { DescribeTrainingJobResponse } from '@aws-sdk/client-sagemaker';
import { repositoryOf, type Entry, type Obj } from './values';

export function mapDebugger(job: DescribeTrainingJobResponse, outputPath: string, entries: Entry[]): void {
  const hook = job.DebugHookConfig;
  if (hook) {
    const h: Obj = {};
    if (hook.S3OutputPath && hook.S3OutputPath !== outputPath) h.s3_output_path = hook.S3OutputPath;
    if (hook.LocalPath) h.container_local_output_path = hook.LocalPath;
    if (hook.HookParameters && Object.keys(hook.HookParameters).length) h.hook_parameters = hook.HookParameters;
    if (hook.CollectionConfigurations?.length) {
      h.collection_configs = hook.CollectionConfigurations.map((c) =>
        c.CollectionParameters && Object.keys(c.CollectionParameters).length ? { name: c.CollectionName, parameters: c.CollectionParameters } : { name: c.CollectionName },
      );
    }
    entries.push(['debugger_hook_config', Object.keys(h).length ? h : true]);
  } else {
    // The SDK adds a hook to every job where Debugger exists: a job without one had it turned off.
    entries.push(['debugger_hook_config', false]);
  }
  const rules: Obj[] = [];
  const rule = (r: { RuleConfigurationName?: string; RuleEvaluatorImage?: string; InstanceType?: string; VolumeSizeInGB?: number; LocalPath?: string; S3OutputPath?: string; RuleParameters?: Record<string, string> }, type: 'debugger' | 'profiler') => {
    const params = { ...(r.RuleParameters ?? {}) };
    const builtIn = params.rule_to_invoke !== undefined && repositoryOf(r.RuleEvaluatorImage ?? '') === 'sagemaker-debugger-rules';
    const out: Obj = { name: r.RuleConfigurationName, rule_type: type };
    if (builtIn) delete params.rule_to_invoke;
    else {
      out.image_uri = r.RuleEvaluatorImage;
      if (r.InstanceType) out.instance_type = r.InstanceType;
      if (r.VolumeSizeInGB) out.volume_size_in_gb = r.VolumeSizeInGB;
    }
    if (r.LocalPath) out.container_local_output_path = r.LocalPath;
    if (r.S3OutputPath) out.s3_output_path = r.S3OutputPath;
    if (Object.keys(params).length) out.rule_parameters = params;
    rules.push(out);
  };
  for (const r of job.DebugRuleConfigurations ?? []) rule(r, 'debugger');
  for (const r of job.ProfilerRuleConfigurations ?? []) rule(r, 'profiler');
  if (rules.length) entries.push(['rules', rules]);
  const tb = job.TensorBoardOutputConfig;
  if (tb) entries.push(['tensorboard_output_config', { s3_output_path: tb.S3OutputPath, ...(tb.LocalPath ? { container_local_output_path: tb.LocalPath } : {}) }]);
  const pc = job.ProfilerConfig;
  if (pc) {
    if (pc.DisableProfiler && !pc.S3OutputPath && !pc.ProfilingIntervalInMilliseconds && !pc.ProfilingParameters) {
      entries.push(['disable_profiler', true]);
    } else {
      const p: Obj = {};
      if (pc.S3OutputPath && pc.S3OutputPath !== outputPath) p.s3_output_path = pc.S3OutputPath;
      if (pc.ProfilingIntervalInMilliseconds !== undefined) p.system_monitor_interval_millis = pc.ProfilingIntervalInMilliseconds;
      if (pc.ProfilingParameters && Object.keys(pc.ProfilingParameters).length) p.profiling_parameters = pc.ProfilingParameters;
      if (pc.DisableProfiler) p.disable_profiler = true;
      entries.push(['profiler_config', p]);
    }
  }
}
