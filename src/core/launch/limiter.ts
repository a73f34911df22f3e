/** A small concurrency limiter: at most `concurrency` tasks run at once, in the order they were queued. Pure. */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

export function createLimiter(concurrency: number): Limiter {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = (): void => {
    running--;
    const next = waiting.shift();
    if (next) next();
  };
  return <T>(task: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const start = (): void => {
        running++;
        let result: Promise<T>;
        try {
          result = Promise.resolve(task());
        } catch (error) {
          result = Promise.reject(error);
        }
        result.then(resolve, reject).finally(release);
      };
      if (running < concurrency) start();
      else waiting.push(start);
    });
}

/**
 * Runs `fn` over `items` with at most `concurrency` at once. Resolves with the results in the items' order.
 * On the first failure, stops starting new items, waits for the running ones to settle, then rejects with
 * that first error (so nothing is still running when it returns).
 */
export async function mapLimit<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failed = false;
  let firstError: unknown;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index]!, index);
      } catch (error) {
        if (!failed) {
          failed = true;
          firstError = error;
        }
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker);
  await Promise.all(workers);
  if (failed) throw firstError;
  return results;
}

/**
 * Like mapLimit, but each item takes `weightOf(item)` of `capacity` slots (clamped to 1..capacity), so that many
 * light items run together and few heavy ones. Items start in their order (a heavy one waits for room rather than
 * being passed by lighter ones). On the first failure, stops starting new items, waits for the running ones to
 * settle, then rejects with that first error.
 */
export function mapWeighted<T, R>(
  items: readonly T[], capacity: number, weightOf: (item: T) => number, fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
  const results: R[] = new Array(items.length);
  let next = 0;
  let used = 0;
  let running = 0;
  let failed = false;
  let firstError: unknown;
  return new Promise<R[]>((resolve, reject) => {
    const settleIfDone = (): void => {
      if (running > 0 || (!failed && next < items.length)) return;
      if (failed) reject(firstError);
      else resolve(results);
    };
    const startWhatFits = (): void => {
      while (!failed && next < items.length) {
        const weight = Math.min(capacity, Math.max(1, Math.ceil(weightOf(items[next]!)) || 1));
        if (used + weight > capacity) return;
        const index = next++;
        used += weight;
        running++;
        let result: Promise<R>;
        try {
          result = fn(items[index]!, index);
        } catch (error) {
          result = Promise.reject(error);
        }
        result.then(value => { results[index] = value; }, (error: unknown) => {
          if (!failed) {
            failed = true;
            firstError = error;
          }
        }).finally(() => {
          used -= weight;
          running--;
          startWhatFits();
          settleIfDone();
        });
      }
    };
    startWhatFits();
    settleIfDone();
  });
}
