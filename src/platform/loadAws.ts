import * as path from 'node:path';
import type * as AwsModule from '../aws';
import { loadBundleWithCodeCache } from './codeCache';

export type Aws = typeof AwsModule;

let loaded: Aws | undefined;

/**
 * The AWS half of the extension, loaded on first use: activation must stay fast and make no call,
 * so nothing here is evaluated until a view or a command needs AWS.
 */
export function loadAws(): Aws {
  // A separate bundle (dist/aws.js) beside dist/extension.js (see scripts/build.mjs), loaded from a V8 code cache when there is one.
  loaded ??= loadBundleWithCodeCache(path.join(__dirname, './aws.js')) as Aws;
  return loaded;
}
