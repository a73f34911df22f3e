/**
 * Every command of the extension, once. package.json's contributions are checked against this list by
 * test/unit/house/commands.test.ts, and src/commands/commandTable.ts must give each one its handler.
 * No vscode import: the unit test reads this file as it is.
 */
export const CONTRIBUTED_COMMANDS = [
  'sagemaker.previewTrainingJobRequest',
  'sagemaker.launchTrainingJob',
  'sagemaker.newEstimator',
  'sagemaker.refreshTrainingJobs',
  'sagemaker.refreshEndpoints',
  'sagemaker.selectProfile',
  'sagemaker.selectRegion',
  'sagemaker.openSettings',
  'sagemaker.showTrainingJobDetails',
  'sagemaker.stopTrainingJob',
  'sagemaker.tailLogs',
  'sagemaker.openJob',
  'sagemaker.saveJobAsEstimator',
  'sagemaker.deploy',
  'sagemaker.invokeEndpoint',
  'sagemaker.invokeEndpointWithFile',
  'sagemaker.deleteEndpoint',
  'sagemaker.copyName',
  'sagemaker.copyArn',
  'sagemaker.openInConsole',
  'sagemaker.filterTrainingJobs',
  'sagemaker.clearTrainingJobsFilter',
  'sagemaker.switchConnection',
  'sagemaker.openWalkthrough',
  'sagemaker.copyAsPython',
  'sagemaker.uploadData',
  'sagemaker.watchTrainingJob',
  'sagemaker.unwatchTrainingJob',
  'sagemaker.showWatchedJobs',
] as const;

/** Commands the trees' own items run ("Load more…"); not in the palette or package.json. */
export const INTERNAL_COMMANDS = [
  'sagemaker.refreshTrainingJobs.loadMore',
  'sagemaker.refreshEndpoints.loadMore',
] as const;

export type CommandId = (typeof CONTRIBUTED_COMMANDS)[number] | (typeof INTERNAL_COMMANDS)[number];
