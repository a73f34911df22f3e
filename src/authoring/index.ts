/**
 * Writing estimators fast: the New Estimator wizard, Save as estimator.json on a training job, and the
 * getting-started walkthrough. The snippets (snippets/*.code-snippets) and the walkthrough (media/walkthrough/)
 * are contributions of package.json; the commands are in src/commands/commandTable.ts.
 */
export { newEstimator, type NewEstimatorArgs } from './newEstimator';
export { saveJobAsEstimator, type SaveJobAsEstimatorOptions } from './saveAsEstimator';

/** The walkthrough of package.json's contributes.walkthroughs, as `workbench.action.openWalkthrough` names it. */
export const WALKTHROUGH_ID = 'sagemaker-estimator.sagemaker-estimator#sagemaker.gettingStarted';
