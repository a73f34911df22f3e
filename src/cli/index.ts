import { runCli } from './main';
import { olderNodeNotice } from './nodeVersion';

/** Ctrl-C goes to the running command (fit asks whether to stop the job); a second Ctrl-C while it asks exits. */
function onInterrupt(handler: () => void): () => void {
  process.on('SIGINT', handler);
  return () => { process.removeListener('SIGINT', handler); };
}

async function ask(question: string): Promise<boolean> {
  // Loaded when a question is asked (fit on Ctrl-C): the other runs ask none.
  const { createInterface } = await import('node:readline/promises');
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^\s*y(es)?\s*$/i.test(await terminal.question(question));
  } finally {
    terminal.close();
  }
}

// On an older Node: our one line instead of the SDK's NodeVersionSupportWarning (it reads this variable when a client is made).
const notice = olderNodeNotice(process.versions.node);
if (notice) {
  process.stderr.write(`${notice}\n`);
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
}

runCli(process.argv.slice(2), {
  stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(),
  onInterrupt,
  // Read when a question is due: process.stdin's getter builds the stdin stream and loads Node's stream modules
  // (2-5 ms of every run), and only the question on Ctrl-C needs to know whether stdin is a terminal.
  get ask() { return process.stdin.isTTY ? ask : undefined; },
})
  .then(code => { process.exitCode = code; })
  .catch((error: unknown) => {
    process.stderr.write(`sagemaker-estimator: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
