/**
 * Whether a training job is watched, for the Training Jobs tree's rows (their contextValue offers Watch or Stop
 * Watching). The tree's source is a plain object made before activate(): the window's WatchedJobs registers itself here.
 */
let lookup: (name: string) => boolean = () => false;

export function setWatchedJobLookup(isWatched: (name: string) => boolean): void {
  lookup = isWatched;
}

export function isWatchedJob(name: string): boolean {
  return lookup(name);
}
