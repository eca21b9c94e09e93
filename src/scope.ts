// Scope: who we are (STS) and which regions a scan covers. Regions: every region enabled for the
// account (ec2:DescribeRegions with AllRegions), narrowed by --regions. Opt-in regions that are not
// enabled are listed in the report, never scanned and never errors.
import type { AwsData } from './aws/index.js';
import type { AccountInfo } from './checks/define-check.js';
import { AwsDataError, UserError } from './errors.js';
import type { ScanError } from './model.js';

export interface Scope {
  account: AccountInfo & { arn?: string };
  regions: string[];
  regionsNotEnabled: string[];
  errors: ScanError[];
}

/** IAM actions the scope itself needs (sts:GetCallerIdentity needs none, but is listed for clarity). */
export const SCOPE_PERMISSIONS = ['sts:GetCallerIdentity', 'ec2:DescribeRegions'] as const;

export async function resolveScope(aws: AwsData, homeRegion: string, regionsFlag?: readonly string[]): Promise<Scope> {
  const requested = regionsFlag?.length ? [...new Set(regionsFlag)] : undefined;
  // Both at once (each account's checks wait for them): who we are decides first, the regions are then ready.
  const listed = aws.ec2.regions(homeRegion);
  listed.catch(() => undefined); // read below, once the identity is known (a failed identity says why first)
  const identity = await aws.sts.callerIdentity();
  if (!identity.Account || !identity.Arn) throw new AwsDataError('sts:GetCallerIdentity returned no account', 'sts:GetCallerIdentity');
  const partition = identity.Arn.split(':')[1] ?? 'aws';
  const account = { id: identity.Account, partition, arn: identity.Arn, rootArn: `arn:${partition}:iam::${identity.Account}:root` };
  const errors: ScanError[] = [];

  let all: { name: string; enabled: boolean }[];
  try {
    all = (await listed)
      .filter((r) => r.RegionName)
      .map((r) => ({ name: r.RegionName!, enabled: r.OptInStatus !== 'not-opted-in' }));
  } catch (err) {
    if (!(err instanceof AwsDataError)) throw err;
    // Without the region list we still scan what we can: the requested regions, or the home region.
    errors.push({
      kind: err.kind,
      message: `cannot list regions (${err.message}); scanning ${requested?.join(', ') ?? homeRegion} only`,
      missingPermission: 'action' in err ? String(err.action) : undefined,
    });
    return { account, regions: [...(requested ?? [homeRegion])], regionsNotEnabled: [], errors };
  }

  const known = new Set(all.map((r) => r.name));
  const unknown = (requested ?? []).filter((r) => !known.has(r));
  if (unknown.length) {
    throw new UserError(`unknown region${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`, 2, `known regions: ${[...known].sort().join(', ')}`);
  }
  const wanted = (name: string) => !requested || requested.includes(name);
  const regions = all.filter((r) => r.enabled && wanted(r.name)).map((r) => r.name).sort();
  const regionsNotEnabled = all.filter((r) => !r.enabled && wanted(r.name)).map((r) => r.name).sort();
  if (regions.length === 0 && !requested) {
    errors.push({ kind: 'aws', message: `ec2:DescribeRegions listed no enabled region; scanning ${homeRegion} only` });
    return { account, regions: [homeRegion], regionsNotEnabled, errors };
  }
  if (regions.length === 0) {
    throw new UserError(
      `none of the requested regions is enabled for account ${account.id}: ${regionsNotEnabled.join(', ')}`,
      2,
      'enable the region (Account settings → AWS Regions) or choose enabled regions with --regions',
    );
  }
  return { account, regions, regionsNotEnabled, errors };
}
