import type * as AwsModule from '../aws';

export type Aws = typeof AwsModule;

let loaded: Aws | undefined;

/**
 * The AWS half of the extension, loaded on first use: activation must stay fast and make no call,
 * so nothing here is evaluated until a view or a command needs AWS.
 */
export function loadAws(): Aws {
  // A separate bundle (dist/aws.js) beside dist/extension.js; see scripts/build.mjs.
  loaded ??= require('./aws.js') as Aws;
  return loaded;
}
