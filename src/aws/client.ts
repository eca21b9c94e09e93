// Live SDK configuration: the SDK's own credential chain (env vars, --profile/AWS_PROFILE, SSO,
// credential_process, assume-role profiles, IMDS/ECS), resolved once and shared by every client.
// AWS_REGION, AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>, AWS_MAX_ATTEMPTS and AWS_RETRY_MODE are
// read by the SDK clients themselves, so the scanner can be pointed at an emulator unchanged.
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { UserError } from '../errors.js';

export interface LiveConfig {
  profile?: string;
}

export function liveClientConfig(opts: LiveConfig): Record<string, unknown> {
  const credentials = fromNodeProviderChain(opts.profile ? { profile: opts.profile } : {});
  const config: Record<string, unknown> = {
    credentials,
    customUserAgent: 'cmt-audit',
  };
  if (opts.profile) config.profile = opts.profile;
  const retryMode = process.env.AWS_RETRY_MODE;
  if (retryMode) {
    if (!['standard', 'adaptive', 'legacy'].includes(retryMode)) {
      throw new UserError(`AWS_RETRY_MODE must be standard or adaptive, got "${retryMode}"`);
    }
    config.retryMode = retryMode;
  }
  const maxAttempts = process.env.AWS_MAX_ATTEMPTS;
  if (maxAttempts) {
    if (!/^\d+$/.test(maxAttempts) || Number(maxAttempts) < 1) {
      throw new UserError(`AWS_MAX_ATTEMPTS must be a whole number of 1 or more, got "${maxAttempts}"`);
    }
    config.maxAttempts = Number(maxAttempts);
  }
  return config;
}

/** Home region: --region, else AWS_REGION / AWS_DEFAULT_REGION, else the profile's region, else us-east-1. */
export async function resolveHomeRegion(flag: string | undefined, profile: string | undefined): Promise<string> {
  // A named profile (flag or AWS_PROFILE) that does not exist is a usage error, whatever the region source;
  // environment credentials take precedence over profiles in the SDK chain, so then it is not checked.
  const named = profile ?? process.env.AWS_PROFILE;
  const name = named ?? 'default';
  type Ini = Record<string, Record<string, string | undefined> | undefined>;
  const files = (await loadSharedConfigFiles().catch(() => ({ configFile: {}, credentialsFile: {} }))) as {
    configFile: Ini;
    credentialsFile: Ini;
  };
  const known = name in files.configFile || name in files.credentialsFile;
  if (named && !known && !(profile === undefined && process.env.AWS_ACCESS_KEY_ID)) {
    throw new UserError(
      `profile "${named}" is not defined in ~/.aws/config or ~/.aws/credentials`,
      2,
      'list your profiles with `aws configure list-profiles`',
    );
  }
  if (flag) return flag;
  const fromEnv = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (fromEnv) return fromEnv;
  return files.configFile[name]?.region ?? files.credentialsFile[name]?.region ?? 'us-east-1';
}
