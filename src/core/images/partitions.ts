/**
 * The ECR host name of a region, as the SageMaker Python SDK gets it:
 * `botocore.regions.EndpointResolver(...).construct_endpoint("ecr", region)["hostname"]`.
 *
 * botocore's endpoint data has no "ecr" service entry, so the resolver takes the first partition
 * whose region list contains the region, or whose `regionRegex` matches it, and applies the
 * partition's default host name template `{service}.{region}.{dnsSuffix}`. The partitions below
 * are botocore's `endpoints.json` (botocore 1.43.11, Apache-2.0, Amazon.com, Inc. or its
 * affiliates), in botocore's order. Python's `\w` and `\d` are Unicode-aware; so are the
 * translations here.
 */

export interface Partition {
  readonly partition: string;
  readonly dnsSuffix: string;
  /** What botocore's `regionRegex` starts with: `^{prefix}-\w+-\d+$` (see regionRegexOf). */
  readonly regionPrefix: string;
  readonly regions: readonly string[];
}

const W = '[\\p{L}\\p{N}_]';
const D = '\\p{Nd}';
const regionRegexes = new Map<Partition, RegExp>();

/**
 * The partition's `regionRegex`, made on first use: a Unicode property class costs a fraction of a millisecond to
 * build, and a region that is in a partition's list (the usual case) never needs one.
 */
export function regionRegexOf(p: Partition): RegExp {
  let regex = regionRegexes.get(p);
  if (!regex) {
    regex = new RegExp(`^${p.regionPrefix}-${W}+-${D}+\\n?$`, 'u');
    regionRegexes.set(p, regex);
  }
  return regex;
}

export const PARTITIONS: readonly Partition[] = [
  {
    partition: 'aws',
    dnsSuffix: 'amazonaws.com',
    regionPrefix: '(?:us|eu|ap|sa|ca|me|af|il|mx)',
    regions: [
      'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3',
      'ap-south-1', 'ap-south-2', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4',
      'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7', 'ca-central-1', 'ca-west-1', 'eu-central-1',
      'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-2', 'eu-west-3',
      'il-central-1', 'me-central-1', 'me-south-1', 'mx-central-1', 'sa-east-1', 'us-east-1', 'us-east-2',
      'us-west-1', 'us-west-2',
    ],
  },
  {
    partition: 'aws-cn',
    dnsSuffix: 'amazonaws.com.cn',
    regionPrefix: 'cn',
    regions: ['cn-north-1', 'cn-northwest-1'],
  },
  {
    partition: 'aws-us-gov',
    dnsSuffix: 'amazonaws.com',
    regionPrefix: 'us-gov',
    regions: ['us-gov-east-1', 'us-gov-west-1'],
  },
  {
    partition: 'aws-iso',
    dnsSuffix: 'c2s.ic.gov',
    regionPrefix: 'us-iso',
    regions: ['us-iso-east-1', 'us-iso-west-1'],
  },
  {
    partition: 'aws-iso-b',
    dnsSuffix: 'sc2s.sgov.gov',
    regionPrefix: 'us-isob',
    regions: ['us-isob-east-1', 'us-isob-west-1'],
  },
  {
    partition: 'aws-iso-e',
    dnsSuffix: 'cloud.adc-e.uk',
    regionPrefix: 'eu-isoe',
    regions: ['eu-isoe-west-1'],
  },
  {
    partition: 'aws-iso-f',
    dnsSuffix: 'csp.hci.ic.gov',
    regionPrefix: 'us-isof',
    regions: ['us-isof-east-1', 'us-isof-south-1'],
  },
  {
    partition: 'aws-eusc',
    dnsSuffix: 'amazonaws.eu',
    regionPrefix: 'eusc-(?:de)',
    regions: ['eusc-de-east-1'],
  },
];

/** The partition botocore resolves `region` to, or `undefined` (botocore returns None). */
export function partitionForRegion(region: string): Partition | undefined {
  for (const p of PARTITIONS) {
    if (p.regions.includes(region) || regionRegexOf(p).test(region)) return p;
  }
  return undefined;
}

/** `ecr.{region}.{dnsSuffix}`, or `undefined` where botocore finds no partition. */
export function ecrHostname(region: string): string | undefined {
  const p = partitionForRegion(region);
  if (p) return `ecr.${region}.${p.dnsSuffix}`;
  // image_uris.retrieve's own fallback for botocore versions that predate il-central-1.
  if (region === 'il-central-1') return 'ecr.il-central-1.amazonaws.com';
  return undefined;
}

/** The DNS suffix of the region's partition (`amazonaws.com`, `amazonaws.com.cn`, `c2s.ic.gov`, ...). */
export function dnsSuffixForRegion(region: string): string | undefined {
  return partitionForRegion(region)?.dnsSuffix;
}
