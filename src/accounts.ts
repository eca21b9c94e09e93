// Which accounts a scan covers, and how each is reached (docs/organizations.md):
// - one account: the SDK's default chain or --profile (today's scan);
// - --profile a,b,c: one account per profile;
// - --role-arn: the profile's (or default) credentials assume that role first;
// - --org: the caller (management account or delegated administrator) lists the organization's accounts
//   (organizations:ListAccounts; --ous / --exclude-ous walk the OU tree), keeps the ACTIVE ones, filters them
//   (--accounts / --exclude-accounts) and assumes --role-name in each; its own account uses its own credentials.
// - a snapshot: its accounts (an estate snapshot holds several), or, when the caller's organization listing was
//   recorded, that listing, as --org would.
// Then --shard K/N keeps a deterministic share: accounts sorted by id, the i-th (from 0) goes to shard (i mod N) + 1.
import { keptCredentials } from './aws/client-pool.js';
import type { Fetcher } from './aws/fetcher.js';
import type { AwsData } from './aws/index.js';
import type { SnapshotFile } from './aws/snapshot.js';
import { AwsDataError, CredentialsError, NotInSnapshot, UserError } from './errors.js';

export const DEFAULT_ROLE_NAME = 'CmtAuditReadOnly';
export const DEFAULT_ACCOUNT_CONCURRENCY = 4;
/** More shards than any organization has accounts (AWS's quota tops out at 10,000 accounts by request). */
export const MAX_SHARDS = 10_000;
/** What --org needs from the caller: the organization and its accounts (the OU tree for --ous / --exclude-ous). */
export const ORG_LISTING_PERMISSIONS = [
  'organizations:DescribeOrganization',
  'organizations:ListAccounts',
  'organizations:ListRoots',
  'organizations:ListOrganizationalUnitsForParent',
  'organizations:ListAccountsForParent',
] as const;
export const DEFAULT_SESSION_NAME = 'cmt-audit';
/** Role sessions last an hour; the provider assumes the role again 5 minutes before one ends. */
const SESSION_SECONDS = 3600;

export interface AccountTarget {
  /** How it is reached, for messages and the report: `profile prod`, `role arn:…`, `snapshot log-archive`. */
  via: string;
  /** Known before scanning (organization listing, snapshot), else learnt from sts:GetCallerIdentity. */
  id?: string;
  name?: string;
  profile?: string;
  /** Live: credentials for this account (undefined: the SDK's default chain for `profile`). */
  credentials?: CredentialProvider;
  /**
   * Live: how `credentials` were made, as data: the roles assumed in turn from `profile`'s credentials. A worker
   * thread (src/workers.ts) makes the same credentials from it, since a provider function cannot cross threads.
   */
  roles?: RoleSpec[];
  /** The account's home region, when it has its own (a profile's region). */
  homeRegion?: string;
  /** Live: extra SDK client configuration for this account's clients. */
  clientConfig?: Record<string, unknown>;
  /**
   * The data layer already open on this account (the --org caller's, which listed the organization): its scan
   * reuses it, so the calls the listing made (who am I, the organization) are not made twice.
   */
  fetcher?: Fetcher;
  /** Replay: this account's recorded answers. */
  snapshot?: SnapshotFile;
  /** Why this account cannot be scanned at all (e.g. listed by the organization but not in the snapshot). */
  error?: string;
}

export interface Organization {
  id: string;
  managementAccountId: string;
  accounts: { id: string; name?: string; status?: string }[];
}

export type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date };
export type CredentialProvider = () => Promise<Credentials>;

/** One role to assume, as data. */
export interface RoleSpec {
  roleArn: string;
  externalId?: string;
  sessionName?: string;
}

export interface RoleOptions {
  roleArn: string;
  externalId?: string;
  sessionName?: string;
  /** The credentials that assume the role. */
  source?: CredentialProvider;
  region: string;
  /** The longest one attempt of AssumeRole may take (as --request-timeout for every other call). */
  requestTimeoutMs?: number;
}

/** How a role is assumed; tests replace it. */
export type AssumeRole = (opts: RoleOptions) => CredentialProvider;

/**
 * sts:AssumeRole through the SDK's fromTemporaryCredentials, shared by every client of the account (one
 * AssumeRole per session, not one per client) and refreshed 5 minutes before the session ends, so a scan
 * longer than the session goes on. A refusal names the role and AWS's reason.
 */
export const assumeRole: AssumeRole = (opts) => {
  // Loaded on first use: commands that assume no role do not load the credential providers.
  const provider: CredentialProvider = async () => (await import('@aws-sdk/credential-providers')).fromTemporaryCredentials({
    masterCredentials: opts.source,
    params: {
      RoleArn: opts.roleArn,
      RoleSessionName: opts.sessionName ?? DEFAULT_SESSION_NAME,
      DurationSeconds: SESSION_SECONDS,
      ...(opts.externalId ? { ExternalId: opts.externalId } : {}),
    },
    // The same bounds as every other request (fetcher.ts): an STS endpoint that hangs does not hold the account.
    clientConfig: {
      region: opts.region,
      ...(opts.requestTimeoutMs ? { requestHandler: { connectionTimeout: opts.requestTimeoutMs, requestTimeout: opts.requestTimeoutMs, throwOnRequestTimeout: true, socketTimeout: opts.requestTimeoutMs } } : {}),
    },
  })() as Promise<Credentials>;
  return sharedSession(opts.roleArn, provider);
};

/**
 * One session at a time for all callers, renewed before it expires. The callers that ask while an AssumeRole is
 * on its way (the first one, or a renewal) share it, and its failure; a failure is not cached.
 */
export function sharedSession(roleArn: string, get: CredentialProvider, now: () => number = Date.now): CredentialProvider {
  return keptCredentials(get, { now, onError: (err) => assumeFailed(roleArn, err) });
}

function assumeFailed(roleArn: string, err: unknown): CredentialsError {
  if (err instanceof CredentialsError) return err;
  const e = err as { name?: string; Code?: string; message?: string };
  const why = `${e?.name ?? e?.Code ?? 'Error'}: ${String(e?.message ?? err).split('\n')[0].slice(0, 300)}`;
  const hint = /AccessDenied/i.test(why)
    ? `the role must exist in that account and trust the scanning principal${/ExternalId|external/i.test(why) ? ' (with the same --external-id)' : ''}: see docs/organizations.md`
    : undefined;
  return new CredentialsError(`cannot assume role ${roleArn}: ${why}`, hint);
}

export interface OrgFilters {
  accounts?: string[];
  excludeAccounts?: string[];
  ous?: string[];
  excludeOus?: string[];
}

/**
 * The organization as the caller sees it: its id, management account, every account with its status, and the
 * ACTIVE ones the filters keep (sorted by id). Needs organizations:DescribeOrganization and ListAccounts (plus
 * ListRoots / ListOrganizationalUnitsForParent / ListAccountsForParent with OU filters).
 */
export async function listOrganization(
  aws: AwsData,
  filters: OrgFilters,
): Promise<{ organization: Organization; selected: { id: string; name?: string; notActive?: string }[] }> {
  let org;
  let all;
  try {
    org = await aws.organizations.organization();
    if (!org) throw new UserError('--org: the caller\'s account belongs to no AWS Organization', 2, 'scan accounts with --profile a,b,c instead');
    all = await aws.organizations.accounts();
  } catch (err) {
    if (err instanceof NotInSnapshot) throw snapshotLacks(err, 'organization listing', 'record the snapshot with --org (scan --org --record FILE): the recording then holds the listing');
    if (err instanceof AwsDataError) {
      throw new UserError(
        `--org: cannot list the organization's accounts: ${err.message}`,
        4,
        'run from the management account or a delegated administrator, with organizations:DescribeOrganization and organizations:ListAccounts',
      );
    }
    throw err;
  }
  // Each account once, as first listed: a listing that repeats one (pages read while the organization changes)
  // would otherwise list it twice in the report and scan it twice.
  const seen = new Set<string>();
  const listed = all.filter((a) => !seen.has(a.Id!) && Boolean(seen.add(a.Id!)));
  const organization: Organization = {
    id: org.Id!,
    managementAccountId: org.MasterAccountId!,
    accounts: listed.map((a) => ({ id: a.Id!, name: a.Name, status: a.Status })).sort(byId),
  };
  let keep = organization.accounts.filter((a) => a.status === undefined || a.status === 'ACTIVE');
  const known = new Set(organization.accounts.map((a) => a.id));
  for (const flag of ['accounts', 'excludeAccounts'] as const) {
    const unknown = (filters[flag] ?? []).filter((id) => !known.has(id));
    if (unknown.length) {
      throw new UserError(`--${flag === 'accounts' ? 'accounts' : 'exclude-accounts'}: not an account of organization ${organization.id}: ${unknown.join(', ')}`);
    }
  }
  if (filters.accounts?.length) keep = keep.filter((a) => filters.accounts!.includes(a.id));
  if (filters.excludeAccounts?.length) keep = keep.filter((a) => !filters.excludeAccounts!.includes(a.id));
  if (filters.ous?.length || filters.excludeOus?.length) {
    const under = await accountsUnderOus(aws, [...(filters.ous ?? []), ...(filters.excludeOus ?? [])]);
    if (filters.ous?.length) {
      const inside = new Set(filters.ous.flatMap((ou) => under.get(ou) ?? []));
      keep = keep.filter((a) => inside.has(a.id));
    }
    if (filters.excludeOus?.length) {
      const outside = new Set(filters.excludeOus.flatMap((ou) => under.get(ou) ?? []));
      keep = keep.filter((a) => !outside.has(a.id));
    }
  }
  // An account named in --accounts that is not ACTIVE is reported (an account error naming its status), not dropped in silence.
  const named = (filters.accounts ?? [])
    .map((id) => organization.accounts.find((a) => a.id === id)!)
    .filter((a) => a.status !== undefined && a.status !== 'ACTIVE')
    .map((a) => ({ id: a.id, name: a.name, notActive: `account ${a.id} is ${a.status} in organization ${organization.id}: not scanned` }));
  const selected = [...keep.map((a) => ({ id: a.id, name: a.name })), ...named].sort(byId);
  if (selected.length === 0) throw noAccountLeft(filters, `ACTIVE account of organization ${organization.id}`);
  return { organization, selected };
}

/** A replayed snapshot that lacks an answer the organization needs: the snapshot's problem (exit 2), not AWS's (exit 4). */
function snapshotLacks(err: NotInSnapshot, what: string, hint: string, prefix = ''): UserError {
  return new UserError(`${prefix}the snapshot holds no ${what} (no ${err.call} response)`, 2, hint);
}

/**
 * Filters that leave nothing to scan: a usage error, before any account is scanned (a report of no account would
 * only say "incomplete"). `what`: what they leave none of. The selection is the one --shard then shares out; a
 * shard of it may be empty (more shards than accounts), which is no error: its report holds no account.
 */
export function noAccountLeft(filters: OrgFilters, what: string): UserError {
  const flags = (['accounts', 'excludeAccounts', 'ous', 'excludeOus'] as const)
    .filter((f) => filters[f]?.length)
    .map((f) => `--${f.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
  if (flags.length === 0) return new UserError(`no ${what} to scan`);
  const named = flags.length === 1 ? `${flags[0]} leaves` : `${flags.slice(0, -1).join(', ')} and ${flags.at(-1)} leave`;
  return new UserError(`${named} no ${what} to scan`);
}

/** For each OU asked for, every account under it (recursively). An id that is no OU of the organization is a usage error. */
async function accountsUnderOus(aws: AwsData, ous: string[]): Promise<Map<string, string[]>> {
  const children = new Map<string, string[]>();
  const accountsOf = new Map<string, string[]>();
  try {
    const walk = async (parent: string): Promise<void> => {
      const [units, accounts] = await Promise.all([aws.organizations.ousOf(parent), aws.organizations.accountsOf(parent)]);
      children.set(parent, units.map((u) => u.Id!));
      accountsOf.set(parent, accounts.map((a) => a.Id!));
      await Promise.all(units.map((u) => walk(u.Id!)));
    };
    for (const root of await aws.organizations.roots()) await walk(root.Id!);
  } catch (err) {
    if (err instanceof NotInSnapshot) {
      throw snapshotLacks(err, 'OU tree', 'record the snapshot with the OU filters (scan --org --ous … --record FILE): the recording then holds the tree', '--ous / --exclude-ous: ');
    }
    if (err instanceof AwsDataError) throw new UserError(`--ous: cannot read the organization's OU tree: ${err.message}`, 4);
    throw err;
  }
  const result = new Map<string, string[]>();
  for (const ou of ous) {
    if (!children.has(ou)) throw new UserError(`--ous / --exclude-ous: ${ou} is not an organizational unit (or root) of this organization`);
    const found: string[] = [];
    const stack = [ou];
    while (stack.length) {
      const p = stack.pop()!;
      found.push(...(accountsOf.get(p) ?? []));
      stack.push(...(children.get(p) ?? []));
    }
    result.set(ou, found);
  }
  return result;
}

export interface Shard {
  index: number;
  count: number;
}

/**
 * --shard: `K/N` (1 ≤ K ≤ N), `auto` or `auto/N`. auto takes K from JOB_COMPLETION_INDEX (a Kubernetes
 * Indexed Job) or AWS_BATCH_JOB_ARRAY_INDEX (an AWS Batch array job), both counted from 0, and N from `/N` or
 * CMT_AUDIT_SHARD_COUNT.
 */
export function parseShard(value: string, env: Record<string, string | undefined>): Shard {
  const m = /^(auto|\d+)(?:\/(\d+))?$/.exec(value.trim());
  if (!m || (m[1] !== 'auto' && m[2] === undefined)) throw new UserError(`--shard must be K/N (e.g. 2/4), auto or auto/N, got "${value}"`);
  let index: number;
  if (m[1] === 'auto') {
    const raw = env.JOB_COMPLETION_INDEX ?? env.AWS_BATCH_JOB_ARRAY_INDEX;
    const from = env.JOB_COMPLETION_INDEX !== undefined ? 'JOB_COMPLETION_INDEX' : 'AWS_BATCH_JOB_ARRAY_INDEX';
    if (raw === undefined) {
      throw new UserError('--shard auto: neither JOB_COMPLETION_INDEX (Kubernetes Indexed Job) nor AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch array job) is set', 2, 'pass --shard K/N');
    }
    if (!/^\d+$/.test(raw)) throw new UserError(`--shard auto: ${from} must be a whole number, got "${raw}"`);
    index = Number(raw) + 1;
  } else {
    index = Number(m[1]);
  }
  const countText = m[2] ?? (m[1] === 'auto' ? env.CMT_AUDIT_SHARD_COUNT : undefined);
  if (countText === undefined) throw new UserError('--shard auto: give the number of shards as --shard auto/N or CMT_AUDIT_SHARD_COUNT');
  if (!/^\d+$/.test(countText)) throw new UserError(`--shard: the number of shards must be a whole number, got "${countText}"`);
  const count = Number(countText);
  if (count > MAX_SHARDS) throw new UserError(`--shard: at most ${MAX_SHARDS} shards (got ${countText})`);
  if (count < 1 || index < 1 || index > count) throw new UserError(`--shard ${value}: shard ${index} of ${count} does not exist (K from 1 to N)`);
  return { index, count };
}

/** The share of `sorted` that shard K/N scans: the i-th (from 0) goes to shard (i mod N) + 1. */
export function shareOf<T>(sorted: readonly T[], shard: Shard | undefined): T[] {
  return shard ? sorted.filter((_, i) => i % shard.count === shard.index - 1) : [...sorted];
}

export const byId = (a: { id?: string }, b: { id?: string }) =>
  ((a.id ?? '') < (b.id ?? '') ? -1 : (a.id ?? '') > (b.id ?? '') ? 1 : 0);
