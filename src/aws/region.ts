// Which region a command works in. One precedence for every command (README "Regions"):
// --region > the file's `region` > AWS_REGION > AWS_DEFAULT_REGION > the profile's region >
// an error asking for one. Compiling never calls AWS, so the profile's region is read from
// the shared config file itself, and only when nothing before it gave a region.

export type Env = Readonly<Record<string, string | undefined>>;

export type RegionSource = '--region' | 'file' | 'AWS_REGION' | 'AWS_DEFAULT_REGION' | 'profile';

/** The profile a command uses: --profile, else AWS_PROFILE, else the SDK's "default". */
export function profileName(profile: string | undefined, env: Env): string {
  return profile || env.AWS_PROFILE || 'default';
}

/**
 * The `region` of a profile in the shared config file (AWS_CONFIG_FILE, default
 * ~/.aws/config), read with the SDK's own ini loader so `[profile x]` and `[default]` mean
 * what they mean to the SDK. Undefined when the file or the setting is absent.
 */
export async function profileRegion(profile: string | undefined, env: Env): Promise<string | undefined> {
  const { loadSharedConfigFiles } = await import('@smithy/core/config');
  const files = await loadSharedConfigFiles({
    ...(env.AWS_CONFIG_FILE ? { configFilepath: env.AWS_CONFIG_FILE } : {}),
    ...(env.AWS_SHARED_CREDENTIALS_FILE ? { filepath: env.AWS_SHARED_CREDENTIALS_FILE } : {}),
  });
  const name = profileName(profile, env);
  return files.configFile[name]?.region || files.credentialsFile[name]?.region || undefined;
}

/** The region after the file's own: what the environment (then the profile) says. */
export async function fallbackRegion(profile: string | undefined, env: Env): Promise<{ region: string; source: RegionSource } | undefined> {
  if (env.AWS_REGION) return { region: env.AWS_REGION, source: 'AWS_REGION' };
  if (env.AWS_DEFAULT_REGION) return { region: env.AWS_DEFAULT_REGION, source: 'AWS_DEFAULT_REGION' };
  const fromProfile = await profileRegion(profile, env);
  return fromProfile ? { region: fromProfile, source: 'profile' } : undefined;
}

export const NO_REGION =
  'no AWS region: add "region:" to the configuration file, pass --region, set AWS_REGION or AWS_DEFAULT_REGION, or give your profile a region';
