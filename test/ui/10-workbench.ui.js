'use strict';
const { CreateTrainingJobCommand } = require('@aws-sdk/client-sagemaker');
const { withWorkbench, screenshot, openSageMakerContainer, runCommand, waitUntil } = require('./uiTest');

async function seedJobs(clients) {
  for (const name of ['pca-2026-11-25-10-00-00-000', 'linear-learner-2026-11-25-11-30-00-000']) {
    await clients.sageMaker().client.send(new CreateTrainingJobCommand({
      TrainingJobName: name, RoleArn: 'arn:aws:iam::123456789012:role/SageMakerRole',
      AlgorithmSpecification: { TrainingImage: '382416733822.dkr.ecr.us-east-1.amazonaws.com/pca:1', TrainingInputMode: 'File' },
      OutputDataConfig: { S3OutputPath: 's3://sagemaker-us-east-1-123456789012/' },
      ResourceConfig: { InstanceType: 'ml.m4.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 },
      StoppingCondition: { MaxRuntimeInSeconds: 86400 },
    }));
  }
}

module.exports = {
  async 'shows the SageMaker container with both views and runs a command from the palette'() {
    await withWorkbench({ seed: seedJobs }, async ({ page }) => {
      await openSageMakerContainer(page);
      await page.locator('.monaco-list-row:has-text("pca-2026-11-25-10-00-00-000")').first().waitFor({ timeout: 120_000 });
      await page.locator('.welcome-view-content:has-text("No endpoints yet")').first().waitFor({ timeout: 120_000 });
      await screenshot(page, 'views-dev');
      // Again when the picker closed on the way (the workbench took the focus back), which would send the typing elsewhere.
      await waitUntil(async () => {
        await runCommand(page, 'SageMaker: Select AWS Region…');
        const filtered = await page.locator('.quick-input-list .monaco-list-row:has-text("us-east-1")').first().waitFor({ timeout: 120_000 })
          .then(() => page.keyboard.type('eu-west-1'))
          .then(() => page.locator('.quick-input-list .monaco-list-row:has-text("eu-west-1")').first().waitFor({ timeout: 30_000 }))
          .then(() => true, () => false);
        if (!filtered) await page.keyboard.press('Escape');
        return filtered;
      }, 'the region picker filtered to eu-west-1', { timeout: 360_000, interval: 250 });
      await screenshot(page, 'command-select-region');
      await page.keyboard.press('Escape');
    });
  },
};
