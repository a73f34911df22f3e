// Entry of the in-VS-Code suites: the run() that both @vscode/test-electron and test/harness/runVsCodeTests.js call.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 120_000, reporter: 'spec' }); // generous: a busy machine is slow
  const grep = process.env.SAGEMAKER_TEST_GREP;
  if (grep) mocha.grep(grep);
  // Files run in name order; 00-activation must run first, while the extension is still inactive. The suites for an
  // untrusted workspace run alone, in a VS Code whose workspace trust is on (runVsCodeTests.js --untrusted).
  const untrusted = process.env.SAGEMAKER_TEST_UNTRUSTED === '1';
  const files = fs.readdirSync(__dirname).filter(name => name.endsWith('.test.js') && name.endsWith('.untrusted.test.js') === untrusted).sort();
  for (const file of files) mocha.addFile(path.join(__dirname, file));
  const stats = await new Promise<{ passes: number; failures: number; pending: number }>(resolve => {
    const runner = mocha.run(() => resolve({ passes: runner.stats?.passes ?? 0, failures: runner.stats?.failures ?? 0, pending: runner.stats?.pending ?? 0 }));
  });
  const resultsFile = process.env.SAGEMAKER_TEST_RESULTS;
  if (resultsFile) fs.writeFileSync(resultsFile, JSON.stringify({ passed: stats.passes, failed: stats.failures, skipped: stats.pending }));
  if (stats.failures > 0) throw new Error(`${stats.failures} in-VS-Code test(s) failed`);
}
