import { performance } from 'node:perf_hooks';
import { coreLoadTime } from '../platform/loadCore';
import { cpuStopwatch } from '../platform/cpuTime';

/**
 * Where the time went from activate()'s start to the first diagnostics set for an estimator open at activation:
 * what the benchmark reports as "first diagnostics" (the extension's own clock, the extension host's performance.now()).
 */
export interface FirstDiagnosticsTiming {
  /** From entering activate() to the collection holding the open estimator's diagnostics. */
  readonly ms: number;
  /** The extension host thread's CPU time over the same span (all of its work, ours and other extensions'). */
  readonly cpuMs: number;
  /** performance.now() at activate()'s start and right after the collection was set: a benchmark in the same host can compare its own observation. */
  readonly activationStartedAt: number;
  readonly setAt: number;
  /** From activate()'s start to the first validation starting: activate() itself, then whatever the host ran before it. */
  readonly waitMs: number;
  /** Loading dist/validation.js (reading, compiling, evaluating it) on the way; 0 when it was loaded before. */
  readonly bundleLoadMs: number;
  readonly bundleLoadCpuMs: number;
  /** Validating the estimator and setting the collection, the bundle's load left out. */
  readonly validationMs: number;
  readonly validationCpuMs: number;
}

/**
 * Records the first validation of the estimators open at activation: `result` resolves when the first one's diagnostics
 * are set, or with undefined when none was open.
 */
export class FirstDiagnosticsClock {
  private readonly activationCpu = cpuStopwatch();
  private recorded = false;
  private resolve!: (timing: FirstDiagnosticsTiming | undefined) => void;
  readonly result = new Promise<FirstDiagnosticsTiming | undefined>(resolve => { this.resolve = resolve; });

  constructor(private readonly activationStartedAt = performance.now()) {}

  /** Called once with the estimators open at activation: with none, there is nothing to time. */
  noneOpen(none: boolean): void {
    if (none && !this.recorded) {
      this.recorded = true;
      this.resolve(undefined);
    }
  }

  /** Runs one estimator's validation and set; times it when it is the first. */
  time<T>(validateAndSet: () => T): T {
    if (this.recorded) return validateAndSet();
    this.recorded = true;
    const startedAt = performance.now();
    const cpuAtStart = this.activationCpu();
    const loadBefore = coreLoadTime('validation');
    const value = validateAndSet();
    const setAt = performance.now();
    const cpuMs = this.activationCpu();
    const loadAfter = coreLoadTime('validation');
    const bundleLoadMs = loadAfter.ms - loadBefore.ms;
    const bundleLoadCpuMs = loadAfter.cpuMs - loadBefore.cpuMs;
    this.resolve({
      ms: setAt - this.activationStartedAt, cpuMs, activationStartedAt: this.activationStartedAt, setAt,
      waitMs: startedAt - this.activationStartedAt, bundleLoadMs, bundleLoadCpuMs,
      validationMs: setAt - startedAt - bundleLoadMs, validationCpuMs: cpuMs - cpuAtStart - bundleLoadCpuMs,
    });
    return value;
  }
}
