'use strict';
const { CreateEndpointCommand, CreateEndpointConfigCommand, CreateModelCommand, CreateTrainingJobCommand } = require('@aws-sdk/client-sagemaker');
const { withWorkbench, screenshot, waitUntil, openSageMakerContainer } = require('./uiTest');

const ROLE = 'arn:aws:iam::123456789012:role/SageMakerRole';
const IMAGE = '382416733822.dkr.ecr.us-east-1.amazonaws.com/pca:1';

async function seed(clients) {
  const sm = clients.sageMaker().client;
  for (const [name, count] of [['pca-2026-11-25-09-12-44-101', 1], ['linear-learner-2026-11-25-10-03-12-552', 2], ['xgboost-churn-2026-11-25-11-45-09-007', 4]]) {
    await sm.send(new CreateTrainingJobCommand({
      TrainingJobName: name, RoleArn: ROLE,
      AlgorithmSpecification: { TrainingImage: IMAGE, TrainingInputMode: 'File' },
      HyperParameters: { feature_dim: '4', num_components: '3', mini_batch_size: '200' },
      InputDataConfig: [{ ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://my-bucket/pca/train/' } } }],
      OutputDataConfig: { S3OutputPath: 's3://sagemaker-us-east-1-123456789012/' },
      ResourceConfig: { InstanceType: 'ml.m4.xlarge', InstanceCount: count, VolumeSizeInGB: 30 },
      StoppingCondition: { MaxRuntimeInSeconds: 86400 },
    }));
  }
  await sm.send(new CreateModelCommand({ ModelName: 'pca-model', ExecutionRoleArn: ROLE, PrimaryContainer: { Image: IMAGE } }));
  await sm.send(new CreateEndpointConfigCommand({ EndpointConfigName: 'pca-config',
    ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: 'pca-model', InstanceType: 'ml.m5.large', InitialInstanceCount: 1 }] }));
  await sm.send(new CreateEndpointCommand({ EndpointName: 'pca-endpoint', EndpointConfigName: 'pca-config' }));
}

module.exports = {
  async 'both trees populated, a job tooltip open, and the status bar item'() {
    await withWorkbench({ seed }, async ({ page }) => {
      await openSageMakerContainer(page);
      const job = page.locator('.monaco-list-row:has-text("linear-learner-2026-11-25-10-03-12-552")').first();
      await job.waitFor({ timeout: 120_000 });
      await page.locator('.monaco-list-row:has-text("pca-endpoint")').first().waitFor({ timeout: 120_000 });
      await page.locator('.monaco-list-row:has-text("ml.m5.large × 1")').first().waitFor({ timeout: 120_000 });
      await page.locator('.statusbar-item:has-text("default · us-east-1")').first().waitFor({ timeout: 120_000 });
      // A tree row that re-renders (its details arriving) closes an open hover: hover again until it stays.
      // The row says the status first; its instances are in the tooltip.
      const tooltip = page.locator('.monaco-hover:has-text("Hyperparameters"):has-text("ml.m4.xlarge × 2")').first();
      await waitUntil(async () => {
        await page.mouse.move(700, 700);
        await job.hover();
        return tooltip.waitFor({ timeout: 20_000 }).then(() => true, () => false);
      }, 'the job tooltip to open and stay', { timeout: 240_000, interval: 250 });
      await screenshot(page, 'trees-tooltip-statusbar');
    });
  },
};
