/** `packaging.version.Version(a) >= Version(b)` for release versions (`1.13.1`; `1.2-1` counts as 1.2). */
export function versionAtLeast(version: string, minimum: string): boolean {
  const parse = (v: string): number[] => (v.match(/\d+(?:\.\d+)*/)?.[0] ?? '0').split('.').map(Number);
  const a = parse(version);
  const b = parse(minimum);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}
