export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: Record<string, string | undefined>;
  cwd: string;
}

const USAGE = `Usage: sagemaker-estimator <command> [options]

Commands:
  plan <estimator.json> [--region R] [--account A] [--job-name N]
      Print the CreateTrainingJob request the estimator file becomes.
  image-uri --framework F --region R [--version V] [--py-version P] [--instance-type T] [--image-scope S]
      Print the image URI that sagemaker.image_uris.retrieve() gives.
  help
      Show this text.
`;

/** The command-line entry, kept free of process globals so tests can drive it. Returns the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    io.stdout.write(USAGE);
    return command ? 0 : 1;
  }
  io.stderr.write(`sagemaker-estimator: unknown command "${command}".\n\n${USAGE}`);
  return 1;
}
