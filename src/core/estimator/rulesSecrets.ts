/**
 * Secrets in the plain-text fields of the requests. CreateTrainingJob's API reference asks for none in hyperparameters,
 * the environment or tags ("Do not include any security-sensitive information including account access IDs, secrets,
 * or tokens"): SageMaker keeps them in the job's description, which DescribeTrainingJob and the console show to
 * anyone allowed to describe the job. A value taken from an environment variable named as a secret
 * (`${env:HF_TOKEN}`, `${env:AWS_SECRET_ACCESS_KEY}`), or one that reads as an AWS access key ID, is flagged where
 * it is written; the job is not refused (the values are the user's to send).
 */
import { nodeAtPath } from './parse';
import type { RuleContext } from './rulesContext';
import type { JsonPath } from './types';
import { envVariablesOf } from './variables';

/** Environment variable names that hold secrets by convention: HF_TOKEN, GITHUB_TOKEN, DB_PASSWORD, OPENAI_API_KEY... */
const SECRET_NAME = /(^|_)(SECRET|TOKEN|PASSWORD|PASSWD|PASSPHRASE|PRIVATE_KEY|API_?KEY|CREDENTIALS?)(_|$)/i;
/** An AWS access key ID (long-term AKIA, temporary ASIA). */
const ACCESS_KEY_ID = /\b(AKIA|ASIA)[0-9A-Z]{16}\b/;

interface PlainTextField {
  path: JsonPath;
  /** What SageMaker keeps in plain text ("a training job's environment"), and the pronoun for it. */
  what: string;
  it: 'it' | 'them';
}

function plainTextFields(ctx: RuleContext): PlainTextField[] {
  const fields: PlainTextField[] = [];
  for (const key of Object.keys(ctx.obj(['hyperparameters']) ?? {})) fields.push({ path: ['hyperparameters', key], what: 'a training job\'s hyperparameters', it: 'them' });
  for (const key of Object.keys(ctx.obj(['environment']) ?? {})) fields.push({ path: ['environment', key], what: 'a training job\'s environment', it: 'it' });
  for (const [path, what] of [[['tags'], 'a training job\'s tags'], [['deploy', 'tags'], 'an endpoint\'s tags']] as const) {
    (ctx.arr([...path]) ?? []).forEach((_, i) => fields.push({ path: [...path, i, 'Value'], what, it: 'them' }));
  }
  return fields;
}

export function checkSecrets(ctx: RuleContext): void {
  for (const { path, what, it } of plainTextFields(ctx)) {
    const value = ctx.str(path);
    if (value === undefined) continue;
    // As written: the substituted value no longer says where it came from.
    const written = value.length > 0 ? nodeAtPath(ctx.root, path)?.value : undefined;
    const secretName = typeof written === 'string' && written.includes('${env:') ? envVariablesOf(written).find(name => SECRET_NAME.test(name)) : undefined;
    const accessKey = secretName === undefined && ACCESS_KEY_ID.test(value);
    if (secretName === undefined && !accessKey) continue;
    const where = `SageMaker keeps ${what} in plain text, and shows ${it} to anyone allowed to describe the resource (the API asks for no secrets there).`;
    ctx.warning('secret-in-request', path, secretName !== undefined
      ? `${ctx.field(path)} takes the value of \${env:${secretName}}, which is named as a secret: ${where} Keep the secret in AWS Secrets Manager and read it in the training script with the job's role.`
      : `${ctx.field(path)} holds what reads as an AWS access key ID: ${where} Give the job a role that may do what the key is for instead.`);
  }
}
