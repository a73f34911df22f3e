import { COMMANDS, findCommand, type CliCommand, type LoadedCliCommand } from './commands';
import type { CliIo } from './io';
import { UsageError } from './options';
import { AwsCommandError, GLOBAL_OPTIONS } from './globalOptions';

export type { CliIo } from './io';

export const EXIT_STATUS_TEXT = `Exit status: 0 success; 1 the job Failed or was Stopped, or a file or request has problems; 2 a usage error
(an unknown option, a missing argument, a value that is not valid); 3 AWS refused a call or could not be reached;
130 Ctrl-C left a job running.`;

/** The whole usage text: it loads every command's module (for their usage lines), so only help and mistakes ask for it. */
async function usageText(): Promise<string> {
  const loaded = await Promise.all(COMMANDS.map(c => c.load()));
  return `Usage: sagemaker-estimator <command> [options]
       sagemaker-estimator help <command>      (or <command> --help)

Commands:
${loaded.map((c, i) => `  ${c.usage.split('\n').join('\n  ')}\n      ${COMMANDS[i]!.summary}`).join('\n')}
  help [command]
      Show this text, or one command's.

Global options (every command that calls AWS): --profile P, --region R, --endpoint-url URL (as the extension's
settings sagemaker.profile, sagemaker.region, sagemaker.endpointUrl), --json (machine-readable output on stdout),
--quiet (no progress on stderr). Errors are one line on stderr saying what to do.
${EXIT_STATUS_TEXT}
`;
}

function commandHelp(command: LoadedCliCommand): string {
  return `Usage: sagemaker-estimator ${command.usage}\n\n${command.help}\n\n${EXIT_STATUS_TEXT}\n`;
}

const VALUE_FLAGS = new Set(Object.entries(GLOBAL_OPTIONS).filter(([, o]) => o.type === 'string').map(([name]) => `--${name}`));
const BOOLEAN_FLAGS = new Set(Object.entries(GLOBAL_OPTIONS).filter(([, o]) => o.type === 'boolean').map(([name]) => `--${name}`));

/** `sagemaker-estimator --region eu-west-1 fit x.json`: global flags before the command move after it. */
function splitGlobalFlags(argv: string[]): { command: string | undefined; rest: string[] } {
  const leading: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    const flag = arg.split('=')[0]!;
    if (BOOLEAN_FLAGS.has(arg)) leading.push(arg);
    else if (VALUE_FLAGS.has(flag)) leading.push(...(arg.includes('=') ? [arg] : [arg, argv[++i] ?? '']));
    else break;
  }
  return { command: argv[i], rest: [...argv.slice(i + 1), ...leading] };
}

/** The command-line entry, kept free of process globals so tests can drive it. Returns the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const { command: name, rest } = splitGlobalFlags(argv);
  if (name === undefined) {
    io.stderr.write(await usageText());
    return 2;
  }
  if (name === 'help' || name === '--help' || name === '-h') {
    const topic = rest[0] !== undefined ? findCommand(rest[0]) : undefined;
    if (rest[0] !== undefined && !topic) {
      io.stderr.write(`sagemaker-estimator: no command "${rest[0]}"; the commands are ${COMMANDS.map(c => c.name).join(', ')}.\n`);
      return 2;
    }
    io.stdout.write(topic ? commandHelp(await topic.load()) : await usageText());
    return 0;
  }
  const command = findCommand(name);
  if (!command) {
    io.stderr.write(`sagemaker-estimator: unknown command "${name}"; the commands are ${COMMANDS.map(c => c.name).join(', ')}. `
      + 'See: sagemaker-estimator help\n');
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(commandHelp(await command.load()));
    return 0;
  }
  try {
    return await (await command.load()).run(rest, io);
  } catch (error) {
    return reportError(error, command, io);
  }
}

/** One line on stderr, and the exit code the error's kind means. */
function reportError(error: unknown, command: CliCommand, io: CliIo): number {
  const message = (error as Error)?.message ?? String(error);
  if (error instanceof UsageError) {
    io.stderr.write(`sagemaker-estimator: ${message}\n`);
    return 2;
  }
  // parseArgs refuses unknown options and missing values with codes of its own.
  if (typeof (error as { code?: unknown })?.code === 'string' && (error as { code: string }).code.startsWith('ERR_PARSE_ARGS')) {
    io.stderr.write(`sagemaker-estimator: ${command.name}: ${message.split('\n')[0]} See: sagemaker-estimator help ${command.name}\n`);
    return 2;
  }
  if (error instanceof AwsCommandError) {
    io.stderr.write(`sagemaker-estimator: ${message}\n`);
    return 3;
  }
  if ((error as { name?: string })?.name === 'EndpointUrlError') {
    io.stderr.write(`sagemaker-estimator: ${message}\n`);
    return 2;
  }
  io.stderr.write(`sagemaker-estimator: ${message.split('\n').join(' ')}\n`);
  return 1;
}
