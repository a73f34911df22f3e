/**
 * The checks of an estimator that JSON Schema cannot express: relations between fields, AWS naming
 * rules, and what the SageMaker Python SDK v2 and CreateTrainingJob would reject. Each rule reports
 * at the exact key or value concerned, with a stable code:
 *
 * instance-type, instance-count, instance-groups, s3-uri, job-name, max-wait, checkpoint, vpc,
 * file-system, channel-name, s3-data-type, local-mode, hyperparameter, role, log-level, tag,
 * metric-regex, framework-argument, entry-point, huggingface-version, distribution, debugger,
 * region, deploy, algorithm-hyperparameter, algorithm-input (rulesAlgorithm.ts). The image rules (image-source, image-version, py-version, image-uri) are in
 * rulesImage.ts; schema problems (unknown-key, required, type, enum, out-of-range, length, pattern,
 * plus channel-name / environment / hyperparameter / tag / deploy for their own fields) come from
 * validateSchema.ts; json-syntax, not-object, duplicate-key from parse.ts; unresolved-variable and
 * unknown-variable from variables.ts.
 *
 * The rules are grouped by topic: rulesJob.ts (instances, locations, names, spot, checkpoints, VPC),
 * rulesInputs.ts (channels, hyperparameters), rulesSettings.ts (role, log level, tags, metrics) and
 * rulesFramework.ts (framework arguments, distribution, debugger, region, deploy), rulesDistribution.ts
 * (the SDK's fw_utils distribution checks and the framework estimators' version checks), rulesProfiler.ts
 * (ProfilerConfig's own checks and deprecations).
 */
import { checkBuiltinAlgorithm } from './rulesAlgorithm';
import { checkDebugger, checkDeploy, checkDistribution, checkFrameworkArguments, checkRegion } from './rulesFramework';
import { checkFrameworkConstruction, checkSdkDistribution } from './rulesDistribution';
import { checkHyperparameters, checkInputs } from './rulesInputs';
import { checkProfilerConfig } from './rulesProfiler';
import { checkCheckpoint, checkInstances, checkJobNames, checkS3Locations, checkSpot, checkVpc } from './rulesJob';
import { RuleContext } from './rulesContext';
import { checkLogLevel, checkMetricDefinitions, checkRole, checkTags } from './rulesSettings';
import { checkSecrets } from './rulesSecrets';

// The image rules and the tests import these from here.
export { FRAMEWORK_CLASS, FRAMEWORKS, frameworkOf, isFileSystemChannel, isLocalMode, type Framework } from './rulesFacts';
export { compileMetricRegex } from './rulesSettings';

export function runRules(ctx: RuleContext): void {
  checkInstances(ctx);
  checkS3Locations(ctx);
  checkJobNames(ctx);
  checkSpot(ctx);
  checkCheckpoint(ctx);
  checkVpc(ctx);
  checkInputs(ctx);
  checkHyperparameters(ctx);
  checkBuiltinAlgorithm(ctx);
  checkRole(ctx);
  checkLogLevel(ctx);
  checkTags(ctx, ['tags']);
  checkTags(ctx, ['deploy', 'tags']);
  checkMetricDefinitions(ctx);
  checkFrameworkArguments(ctx);
  checkDistribution(ctx);
  checkSdkDistribution(ctx);
  checkFrameworkConstruction(ctx);
  checkDebugger(ctx);
  checkProfilerConfig(ctx);
  checkRegion(ctx, ['region']);
  checkRegion(ctx, ['image_uri', 'region']);
  checkDeploy(ctx);
  checkSecrets(ctx);
}
