import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';

export interface ProfileInfo {
  name: string;
  region?: string;
  /** Where it is defined: "config", "credentials" or both. */
  sources: string[];
  usesSso: boolean;
}

/** Profiles from the shared config and credentials files (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE honoured). */
export async function listProfiles(): Promise<ProfileInfo[]> {
  const { configFile, credentialsFile } = await loadSharedConfigFiles({ ignoreCache: true });
  const byName = new Map<string, ProfileInfo>();
  const add = (name: string, values: Record<string, string | undefined>, source: string) => {
    const info = byName.get(name) ?? { name, sources: [], usesSso: false };
    info.sources.push(source);
    info.region ??= values.region;
    info.usesSso ||= Boolean(values.sso_session || values.sso_start_url);
    byName.set(name, info);
  };
  for (const [name, values] of Object.entries(configFile)) add(name, values, 'config');
  for (const [name, values] of Object.entries(credentialsFile)) add(name, values, 'credentials');
  return [...byName.values()].sort((a, b) => (a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name.localeCompare(b.name)));
}

/**
 * A sentence when `profile` is defined in neither shared file (a flag or setting naming a profile that was renamed,
 * removed or mistyped), for which the SDK says only that no provider had credentials; undefined when it is there.
 */
export async function missingProfileMessage(profile: string): Promise<string | undefined> {
  const names = (await listProfiles()).map(p => p.name);
  if (names.includes(profile)) return undefined;
  return `The AWS profile "${profile}" is in neither the AWS config file nor the credentials file`
    + ` (${names.length > 0 ? `the profiles there: ${names.join(', ')}` : 'they have no profile'}).`;
}
