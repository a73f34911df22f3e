'use strict';
// Screenshots of the costs: the estimate in the request preview and the Endpoints tree with $/h and the cost since
// creation. Prices come from moto's served price list (test/fixtures/aws/moto_pricing.py), as in the other suites.
const fs = require('node:fs');
const path = require('node:path');
const { CreateEndpointCommand, CreateEndpointConfigCommand, CreateModelCommand } = require('@aws-sdk/client-sagemaker');
const { withWorkbench, screenshot, painted, openSageMakerContainer, runCommand, waitUntil, openFile } = require('./uiTest');

const ROLE = 'arn:aws:iam::123456789012:role/SageMakerRole';
const IMAGE = '382416733822.dkr.ecr.us-east-1.amazonaws.com/pca:1';

async function seedEndpoints(clients) {
  const sm = clients.sageMaker().client;
  for (const [name, type, count] of [['pca-endpoint', 'ml.m5.large', 1], ['pca-endpoint-large', 'ml.m4.xlarge', 2]]) {
    await sm.send(new CreateModelCommand({ ModelName: `${name}-model`, ExecutionRoleArn: ROLE, PrimaryContainer: { Image: IMAGE } }));
    await sm.send(new CreateEndpointConfigCommand({ EndpointConfigName: `${name}-config`,
      ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: `${name}-model`, InstanceType: type, InitialInstanceCount: count }] }));
    await sm.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: `${name}-config` }));
  }
}

module.exports = {
  async 'costs: the estimate in the request preview'() {
    await withWorkbench({}, async ({ page, server }) => {
      const dir = path.join(server.workspace, 'costs-estimate');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'estimator.json'), JSON.stringify({
        image_uri: { framework: 'pca' }, role: ROLE, instance_count: 2, instance_type: 'ml.m4.xlarge', max_run: 7200,
        use_spot_instances: true, max_wait: 14400, checkpoint_s3_uri: 's3://my-bucket/checkpoints/', keep_alive_period_in_seconds: 1800,
        hyperparameters: { feature_dim: 4, num_components: 3, mini_batch_size: 200 },
        inputs: { train: { s3_data: 's3://my-bucket/pca/train/', content_type: 'text/csv;label_size=0' } },
        job_name: 'costs-estimate',
      }, null, 2));
      await page.locator('.activitybar .action-item a[aria-label^="SageMaker"], .activitybar .action-label[aria-label^="SageMaker"]').first().waitFor({ timeout: 90_000 });
      await openFile(page, 'costs-estimate/estimator.json');
      await page.locator('.tab:has-text("estimator.json")').first().waitFor();
      // The command previews the active editor's estimator: the editor is focused first (without that, no preview
      // came in about one run in two), and the command is asked again if no preview tab comes.
      await page.locator('.monaco-editor .view-lines').first().click();
      await waitUntil(async () => {
        await runCommand(page, 'SageMaker: Preview Training Job Request');
        return page.locator('.tab:has-text("CreateTrainingJob")').first().waitFor({ timeout: 120_000 }).then(() => true, () => false);
      }, 'the request preview to open', { timeout: 150_000, interval: 250 });
      // $0.24/h × 2 instances: 2 h of max_run plus half an hour of warm pool.
      await page.locator('.view-lines:has-text("Worst case in all: $1.20")').first().waitFor({ timeout: 120_000 });
      // Without the side bar the estimate's lines fit beside the estimator.
      await runCommand(page, 'View: Close Primary Side Bar');
      await page.locator('.part.sidebar').first().waitFor({ state: 'hidden' });
      await painted(page);
      await screenshot(page, 'costs-estimate-preview');
    });
  },

  async 'costs: the Endpoints tree with $/h and the cost since creation'() {
    await withWorkbench({ seed: seedEndpoints }, async ({ page }) => {
      await openSageMakerContainer(page);
      await page.locator('.monaco-list-row:has-text("pca-endpoint-large"):has-text("$0.48/h")').first().waitFor({ timeout: 120_000 });
      await page.locator('.monaco-list-row:has-text("ml.m5.large × 1"):has-text("since creation")').first().waitFor({ timeout: 120_000 });
      // A wider side bar, so that the rows' costs are not cut off in the screenshot.
      const box = await page.locator('.part.sidebar').first().boundingBox();
      await page.mouse.move(box.x + box.width + 1, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + 900, box.y + box.height / 2, { steps: 10 });
      await page.mouse.up();
      await page.mouse.move(box.x + 1200, box.y + 40);
      await painted(page);
      await screenshot(page, 'costs-endpoints-tree');
    });
  },
};
