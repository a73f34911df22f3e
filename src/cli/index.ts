import { runCli } from './main';

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() })
  .then(code => { process.exitCode = code; })
  .catch((error: unknown) => {
    process.stderr.write(`sagemaker-estimator: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  });
