/** Why a local job failed, worded as SageMaker's FailureReason words it. */
import * as fs from 'node:fs';

/** SageMaker's FailureReason limit. */
const MAX_REASON = 1024;

/** The end of a Python traceback in stderr, or the last lines of stderr. */
export function failureTail(stderrLines: readonly string[]): string {
  const lines = stderrLines.map((l) => l.replace(/\s+$/, '')).filter((l) => l !== '');
  const tb = lines.map((l) => l.startsWith('Traceback (most recent call last):')).lastIndexOf(true);
  if (tb >= 0) {
    const after = lines.slice(tb + 1);
    const lastFrame = after.map((l) => /^\s*File "/.test(l)).lastIndexOf(true);
    if (lastFrame >= 0) return after.slice(lastFrame).join('\n');
    return after.slice(-3).join('\n');
  }
  return lines.slice(-5).join('\n');
}

/** The toolkit's ExecuteUserScriptError, as SageMaker reports it in FailureReason. */
export function executeUserScriptReason(exitCode: number, tail: string, command: string[]): string {
  const head = `AlgorithmError: ExecuteUserScriptError:\nExitCode ${exitCode}\nErrorMessage "`;
  const foot = `"\nCommand "${command.join(' ')}", exit code: ${exitCode}`;
  let message = tail;
  const room = MAX_REASON - head.length - foot.length;
  if (message.length > room) message = `…${message.slice(message.length - Math.max(0, room - 1))}`;
  const reason = `${head}${message}${foot}`;
  return reason.length > MAX_REASON ? reason.slice(0, MAX_REASON) : reason;
}

function readFailureFile(file: string): string | undefined {
  try {
    const text = fs.readFileSync(file, 'utf8').trim();
    if (!text) return undefined;
    return text.length > MAX_REASON ? text.slice(0, MAX_REASON) : text;
  } catch {
    return undefined;
  }
}

/** The entry point's command could not be started at all (most often: the configured Python is not there). */
export function spawnFailureReason(command: string, error: NodeJS.ErrnoException): string {
  return error.code === 'ENOENT'
    ? `ClientError: cannot start the entry point: "${command}" was not found. Set sagemaker.local.pythonPath (or --python) to a Python 3 interpreter.`
    : `ClientError: cannot start the entry point with "${command}": ${error.message}`;
}

/**
 * A failed run's reason: what the script wrote to output/failure (the toolkit's contract) comes first, then
 * the traceback the toolkit would have caught, then the signal that killed it.
 */
export function exitFailureReason(
  exit: { code: number | null; signal: string | null },
  failureFile: string,
  stderrTail: readonly string[],
  command: string[],
): string {
  const failure = readFailureFile(failureFile);
  if (failure) return failure;
  if (exit.code !== null) return executeUserScriptReason(exit.code, failureTail(stderrTail), command);
  return `AlgorithmError: the training process was killed by ${exit.signal ?? 'a signal'}${stderrTail.length ? `:\n${failureTail(stderrTail)}` : '.'}`;
}
