// What an account's scan keeps for the items judged across accounts (docs/estate.md). Read once per account,
// alongside its checks (most calls here are ones the checks make too: the memo shares them), and only
// in an estate scan (several accounts, --org, a shard, or an estate snapshot), so a one-account scan makes no
// call beyond its checks'.
// - organization: organizations:DescribeOrganization (member accounts may call it) → id, management account.
// - trailBuckets (1.14, 1.15): the account's buckets whose policy lets the CloudTrail service principal write
//   (s3:ListBuckets, s3:GetBucketPolicy per bucket), each with s3:GetBucketVersioning read here, with this
//   account's credentials: another account's trail that writes there is then judged on it.
// - backupVaults (2.13): backup:ListBackupVaults in every region scanned.
// A fact that cannot be read (an AWS failure, or the account's credentials failing mid-scan: an assumed role that
// could not be renewed, a token that expired) is kept in `errors`, as the checks keep theirs: one account's
// credentials never end the whole estate's scan.
import type { AwsData } from '../aws/index.js';
import { globMatch, parsePolicyDocument } from '../checks/policy-document.js';
import { AwsDataError, CredentialsError } from '../errors.js';
import type { AccountFacts } from '../model.js';

export const FACT_PERMISSIONS = [
  'organizations:DescribeOrganization',
  's3:ListAllMyBuckets',
  's3:GetBucketPolicy',
  's3:GetBucketVersioning',
  'backup:ListBackupVaults',
] as const;

export interface FactNeeds {
  trailBuckets: boolean;
  backupVaults: boolean;
}

/** The facts the selected items need (1.14/1.15 → trail buckets, 2.13 → vaults); the organization always. */
export function factNeeds(items: readonly string[]): FactNeeds {
  return { trailBuckets: items.includes('1.14') || items.includes('1.15'), backupVaults: items.includes('2.13') };
}

export async function collectFacts(aws: AwsData, regions: readonly string[], needs: FactNeeds): Promise<AccountFacts> {
  const facts: AccountFacts = {};
  const errors: Record<string, string> = {};
  const attempt = async (name: string, read: () => Promise<void>) => {
    try {
      await read();
    } catch (err) {
      if (!unreadable(err)) throw err;
      errors[name] = err.message;
    }
  };
  await Promise.all([
    attempt('organization', async () => {
      const org = await aws.organizations.organization();
      facts.organization = org ? { id: org.Id!, managementAccountId: org.MasterAccountId! } : null;
    }),
    needs.trailBuckets &&
      attempt('trailBuckets', async () => {
        facts.trailBuckets = await trailBuckets(aws);
      }),
    needs.backupVaults &&
      attempt('backupVaults', async () => {
        const perRegion = await Promise.all(regions.map((r) => aws.backup.vaults(r)));
        facts.backupVaults = perRegion.flat().map((v) => v.BackupVaultArn!).sort();
      }),
  ]);
  if (Object.keys(errors).length) facts.errors = errors;
  return facts;
}

/** A failure that leaves a fact unread (the rest is a bug, and is thrown). */
const unreadable = (err: unknown): err is AwsDataError | CredentialsError => err instanceof AwsDataError || err instanceof CredentialsError;

async function trailBuckets(aws: AwsData): Promise<NonNullable<AccountFacts['trailBuckets']>> {
  const buckets = await aws.s3.buckets();
  const found = await Promise.all(
    buckets.map(async (b) => {
      const name = b.Name!;
      let policy: string | undefined;
      try {
        policy = await aws.s3.policy(b);
      } catch (err) {
        if (!unreadable(err)) throw err;
        // Unknown whether CloudTrail writes here: kept, so a trail naming it is an error, not a guess.
        return { name, region: b.BucketRegion, error: `its policy could not be read: ${err.message}` };
      }
      if (!policy || !cloudTrailWrites(policy)) return undefined;
      try {
        const v = await aws.s3.versioning(b);
        return { name, region: b.BucketRegion, versioning: v.Status ?? 'never enabled', mfaDelete: v.MFADelete ?? 'Disabled' };
      } catch (err) {
        if (!unreadable(err)) throw err;
        return { name, region: b.BucketRegion, error: `its versioning could not be read: ${err.message}` };
      }
    }),
  );
  return found.filter((b): b is NonNullable<typeof b> => b !== undefined).sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** The policy lets the cloudtrail.amazonaws.com service principal put objects (what CloudTrail needs to deliver). */
export function cloudTrailWrites(policy: string): boolean {
  const parsed = parsePolicyDocument(policy);
  if (!parsed.ok) return false;
  return parsed.statements.some(
    (s) =>
      s.effect === 'Allow' &&
      s.principal !== undefined &&
      s.principal !== '*' &&
      (s.principal.Service ?? []).includes('cloudtrail.amazonaws.com') &&
      (s.actions ?? []).some((a) => globMatch(a.toLowerCase(), 's3:putobject')),
  );
}
