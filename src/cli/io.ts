import type { TailTuning } from '../core/logs/tuning';

export interface CliIo {
  /** Binary replies (invoke) are written as bytes. */
  stdout: { write(text: string | Uint8Array): unknown };
  stderr: { write(text: string): unknown };
  env: Record<string, string | undefined>;
  cwd: string;
  /**
   * Calls `handler` on Ctrl-C (SIGINT) until the returned function is called. The entry (index.ts) wires it to the
   * process; without it a command cannot be interrupted gracefully (tests call the handler themselves).
   */
  onInterrupt?(handler: () => void): () => void;
  /** A yes/no question on the terminal; absent when there is no terminal to ask (CI), and then nobody is asked. */
  ask?(question: string): Promise<boolean>;
  /** The log tail's timing (tests shorten the waits meant for CloudWatch's ingestion delays). */
  tailTuning?: Partial<TailTuning>;
}
