import { createInterface } from 'node:readline/promises';
import { runCli } from './main';

/** Ctrl-C goes to the running command (fit asks whether to stop the job); a second Ctrl-C while it asks exits. */
function onInterrupt(handler: () => void): () => void {
  process.on('SIGINT', handler);
  return () => { process.removeListener('SIGINT', handler); };
}

async function ask(question: string): Promise<boolean> {
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^\s*y(es)?\s*$/i.test(await terminal.question(question));
  } finally {
    terminal.close();
  }
}

runCli(process.argv.slice(2), {
  stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(),
  onInterrupt,
  ...(process.stdin.isTTY ? { ask } : {}),
})
  .then(code => { process.exitCode = code; })
  .catch((error: unknown) => {
    process.stderr.write(`sagemaker-estimator: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
