'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { withWorkbench, screenshot, openSageMakerContainer, root } = require('./uiTest');

module.exports = {
  async 'the packaged .vsix installs and shows the SageMaker container with both views'() {
    const vsix = path.join(root, 'dist/sagemaker-estimator.vsix');
    if (!fs.existsSync(vsix)) throw new Error(`${vsix} is missing: run npm run package first`);
    await withWorkbench({ vsix }, async ({ page }) => {
      await openSageMakerContainer(page);
      await page.locator('.welcome-view-content:has-text("No training jobs yet")').first().waitFor({ timeout: 120_000 });
      await page.locator('.welcome-view-content:has-text("No endpoints yet")').first().waitFor({ timeout: 120_000 });
      await screenshot(page, 'views-vsix');
    });
  },
};
