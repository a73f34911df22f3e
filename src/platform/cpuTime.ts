type CpuUsage = { user: number; system: number };
type CpuReader = (previous?: CpuUsage) => CpuUsage;

// The CPU time of this thread (Node 23.9+), else of the process: on a loaded machine, wall time measures the queue.
const readCpu: CpuReader = (process as { threadCpuUsage?: CpuReader }).threadCpuUsage?.bind(process) ?? process.cpuUsage.bind(process);

/** Starts a CPU stopwatch of the extension host's thread; the function returned reads it, in milliseconds. */
export function cpuStopwatch(): () => number {
  const started = readCpu();
  return () => {
    const used = readCpu(started);
    return (used.user + used.system) / 1000;
  };
}
