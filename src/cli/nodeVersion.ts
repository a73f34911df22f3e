/**
 * The Node.js the command line needs. The AWS SDK for JavaScript v3 it bundles (@aws-sdk/core 3.981) warns on every
 * start under Node < 22 (`NodeVersionSupportWarning`: its releases after the first week of January 2027 require
 * Node 22), a nine-line text about the SDK, not about what to do. Node 22 is the oldest Node the SDK keeps supporting,
 * so it is what package.json's `engines.node` says; on an older Node the CLI still runs and says so in one line.
 */
export const REQUIRED_NODE_MAJOR = 22;

/** The one line to print on an older Node (`version` as in `process.versions.node`), or undefined on a recent one. */
export function olderNodeNotice(version: string): string | undefined {
  const major = Number.parseInt(version.replace(/^v/, ''), 10);
  if (!Number.isFinite(major) || major >= REQUIRED_NODE_MAJOR) return undefined;
  return `sagemaker-estimator: warning: this is Node.js ${version.replace(/^v?/, 'v')}; the command line needs Node.js ${REQUIRED_NODE_MAJOR} or newer (the AWS SDK it uses drops older Node in 2027): install Node.js ${REQUIRED_NODE_MAJOR}+.`;
}
