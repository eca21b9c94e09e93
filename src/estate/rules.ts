// The items the checklist asks of the estate rather than of one account, judged again once every account's
// own findings are in (docs/estate.md). A rule only uses what the report carries (each account's findings
// and facts, the organization), so `merge` reaches the same verdicts from shard reports as one scan does.
// A finding a rule changes keeps its own account's view in `accountView`, and what the rule added in
// `evidence.estate`: revert() restores the account's view exactly.
// - 1.13: a member account is covered by its management account's organization trail when that account is
//   scanned and its 1.13 says the organization trail logs all management events in every region.
// - 1.14: each trail bucket's owner named (an account scanned, one of the organization not scanned, or one
//   outside the organization); the verdict (this account's bucket or another's) is the account's own, except in
//   the log-archive account: the management account's organization trail writing into its bucket is met there.
// - 1.15: a log bucket in another scanned account is judged on its versioning, read there with that
//   account's credentials (its facts), instead of "verify it there".
// - 2.13: the account holding the destination vault named; a vault its (scanned) account does not list is
//   not a place anything can be recovered from → not met.
// - 3.3 has no rule: each account's plan is what its Support API says; the estate is met when one account is
//   (rollup.ts).
import { arnAccount } from '../aws/services/backup.js';
import type { Finding, FindingStatus, ScannedAccount } from '../model.js';

export interface EstateView {
  /** Every account in the report (scanned or not), in report order. */
  accounts: readonly ScannedAccount[];
  /** The organization listing, when the scan had one. */
  organization?: { id: string; managementAccountId: string; accounts: { id: string; name?: string; status?: string }[] };
}

export const RULED_ITEMS = ['1.13', '1.14', '1.15', '2.13'] as const;

/** The account's own view of a finding a rule changed. */
export function revert(f: Finding): Finding {
  if (!f.accountView) return f;
  const { accountView, ...rest } = f;
  const evidence = rest.evidence ? { ...rest.evidence } : undefined;
  if (evidence) delete evidence.estate;
  const out: Finding = { ...rest, status: accountView.status, message: accountView.message };
  // A rule that made a finding an error gave it a kind; the account's own view had none (or its own).
  if (accountView.status !== 'error' && f.status === 'error') delete out.errorKind;
  if (accountView.errorKind) out.errorKind = accountView.errorKind;
  if (evidence && Object.keys(evidence).length) out.evidence = evidence;
  else delete out.evidence;
  return out;
}

/** Judge the ruled items again across accounts. `findings` maps item id → every account's findings (own views). */
export function judgeAcrossAccounts(findings: ReadonlyMap<string, readonly Finding[]>, view: EstateView): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  const ctx = context(view, findings);
  for (const [id, list] of findings) {
    const rule = RULES[id];
    out.set(id, rule ? list.map((f) => rule(f, ctx) ?? f) : [...list]);
  }
  return out;
}

type Rule = (f: Finding, ctx: Context) => Finding | undefined;

interface Context {
  view: EstateView;
  byId: Map<string, ScannedAccount>;
  /** Organization trails that log everywhere, by the management account that owns them (from its 1.13). */
  orgTrails: Map<string, Finding>;
}

function context(view: EstateView, findings: ReadonlyMap<string, readonly Finding[]>): Context {
  const byId = new Map(view.accounts.map((a) => [a.id, a]));
  const orgTrails = new Map<string, Finding>();
  for (const f of findings.get('1.13') ?? []) {
    const e = f.evidence as { organization?: unknown; multiRegion?: unknown } | undefined;
    if (f.status === 'met' && f.account && !f.region && e?.organization === true && e.multiRegion === true) orgTrails.set(f.account, f);
  }
  return { view, byId, orgTrails };
}

/** A finding changed by a rule, keeping the account's own view. */
function changed(f: Finding, status: FindingStatus, message: string, estate: Record<string, unknown>): Finding {
  const out: Finding = {
    ...f,
    status,
    message,
    evidence: { ...(f.evidence ?? {}), estate },
    accountView: { status: f.status, message: f.message, ...(f.errorKind ? { errorKind: f.errorKind } : {}) },
  };
  // An error judged met (or not met) across accounts is no longer an error: no kind (the account's view keeps it).
  if (status !== 'error') delete out.errorKind;
  return out;
}

const label = (a: { name?: string } | undefined, id: string) => (a?.name ? `${id} (${a.name})` : id);

/** The management account of `id`'s organization: from its own DescribeOrganization, else the --org listing. */
function managementOf(ctx: Context, id: string): string | undefined {
  const own = ctx.byId.get(id)?.facts?.organization;
  if (own) return own.managementAccountId;
  const org = ctx.view.organization;
  return org?.accounts.some((a) => a.id === id) ? org.managementAccountId : undefined;
}

function organizationOf(ctx: Context, id: string): string | undefined {
  const own = ctx.byId.get(id)?.facts?.organization;
  if (own) return own.id;
  const org = ctx.view.organization;
  return org?.accounts.some((a) => a.id === id) ? org.id : undefined;
}

/** How `other` stands to `from`: scanned here, of the same organization (not scanned), outside it, or unknown. */
function relation(ctx: Context, from: string, other: string): { text: string; inScope: boolean } {
  const scanned = ctx.byId.get(other);
  const myOrg = organizationOf(ctx, from);
  const theirOrg = organizationOf(ctx, other);
  const sameOrg = myOrg !== undefined && myOrg === theirOrg;
  if (scanned && scanned.status !== 'error') {
    const where = sameOrg ? `another account of organization ${myOrg}` : theirOrg && myOrg ? `an account of another organization (${theirOrg})` : 'another account';
    return { text: `account ${label(scanned, other)}, ${where}, scanned here`, inScope: true };
  }
  if (sameOrg) return { text: `account ${label(ctx.view.organization?.accounts.find((a) => a.id === other), other)}, another account of organization ${myOrg}, not scanned here`, inScope: false };
  if (ctx.view.organization && myOrg === ctx.view.organization.id) {
    return { text: `account ${other}, outside organization ${myOrg}`, inScope: false };
  }
  return { text: `account ${other} (not scanned here)`, inScope: false };
}

const RULES: Record<string, Rule> = {
  // 1.13: a member covered by its management account's organization trail.
  '1.13': (f, ctx) => {
    if (f.status === 'met' || !f.account) return undefined;
    const mgmt = managementOf(ctx, f.account);
    if (!mgmt || mgmt === f.account) return undefined;
    const trail = ctx.orgTrails.get(mgmt);
    if (!trail) return undefined;
    const name = (trail.evidence as { trail?: string }).trail ?? trail.resource;
    return changed(
      f,
      'met',
      `Covered by organization trail ${name} of management account ${label(ctx.byId.get(mgmt), mgmt)}, which logs all management events (read and write) in every region of every account of the organization (judged in that account).`,
      { coveredBy: trail.resource, managementAccount: mgmt },
    );
  },

  // 1.14: name the owner of each trail bucket. And the log-archive account's own view of an organization trail:
  // the management account's trail writes into this account's bucket. Seen from the trail, the bucket is another
  // account's: this account is where the organization keeps its logs, apart from the account that makes them.
  '1.14': (f, ctx) => {
    const e = f.evidence as { bucket?: string; owner?: string; trail?: string } | undefined;
    if (!f.account || !e?.bucket) return undefined;
    const trailAccount = arnAccount(f.resource.startsWith('arn:') && f.resource.includes(':trail/') ? f.resource : undefined);
    if (e.owner === 'this account' && f.status === 'not-met' && trailAccount && trailAccount !== f.account && managementOf(ctx, f.account) === trailAccount) {
      const trail = ctx.byId.get(trailAccount);
      return changed(
        f,
        'met',
        `Organization trail ${e.trail ?? f.resource} of management account ${label(trail, trailAccount)} stores the organization's logs in ${e.bucket}, a bucket of this account (the log archive), not of the account that makes the trail.`,
        { owner: f.account, trailAccount },
      );
    }
    if (e.owner !== 'another account') return undefined;
    const owner = ownerOf(ctx, e.bucket);
    if (owner.id) {
      const rel = relation(ctx, f.account, owner.id);
      return changed(f, f.status, `${f.message.replace(/ \(not in this account's bucket list\)/, '')} Owner: ${rel.text}.`, { owner: owner.id, ownerRelation: rel.text });
    }
    return changed(f, f.status, `${f.message} Owner: ${owner.why}.`, { owner: 'unknown', ownerRelation: owner.why });
  },

  // 1.15: versioning read in the owning account.
  '1.15': (f, ctx) => {
    const e = f.evidence as { bucket?: string; owner?: string } | undefined;
    if (!f.account || f.status !== 'manual' || !e?.bucket || !e.owner?.startsWith('another account')) return undefined;
    const owner = ownerOf(ctx, e.bucket);
    if (!owner.id || !owner.entry) return changed(f, f.status, `${f.message} Owner: ${owner.why}.`, { owner: 'unknown', ownerRelation: owner.why });
    const where = label(ctx.byId.get(owner.id), owner.id);
    const of = `CloudTrail log bucket ${e.bucket} (owned by account ${where}, read there)`;
    const b = owner.entry;
    const estate = { owner: owner.id, versioning: b.versioning, mfaDelete: b.mfaDelete };
    if (b.error) return { ...changed(f, 'error', `could not tell: ${of}: ${b.error}`, { owner: owner.id }), errorKind: 'aws' };
    if (b.versioning === 'Enabled' || b.mfaDelete === 'Enabled') {
      const what = [b.versioning === 'Enabled' && 'versioning', b.mfaDelete === 'Enabled' && 'MFA Delete'].filter(Boolean).join(' and ');
      return changed(f, 'met', `${of} has ${what} enabled.`, estate);
    }
    return changed(f, 'not-met', `${of} has neither versioning (${b.versioning ?? 'never enabled'}) nor MFA Delete enabled.`, estate);
  },

  // 2.13: whose is the destination vault, and does it exist there.
  '2.13': (f, ctx) => {
    if (!f.account || !f.resource.startsWith('arn:') || !f.resource.includes(':backup-vault:')) return undefined;
    const dest = arnAccount(f.resource);
    if (!dest || dest === f.account) return undefined;
    const rel = relation(ctx, f.account, dest);
    // Only a region scanned in the destination account can tell that its vault is missing (--regions may leave it out).
    const vaultRegion = f.resource.split(':')[3];
    const seenThere = ctx.byId.get(dest)?.regions?.includes(vaultRegion) ?? false;
    const vaults = seenThere ? ctx.byId.get(dest)?.facts?.backupVaults : undefined;
    if (rel.inScope && vaults && !vaults.includes(f.resource)) {
      return changed(
        f,
        'not-met',
        `${f.message} But the destination vault does not exist: account ${label(ctx.byId.get(dest), dest)} lists no vault ${f.resource} in the regions scanned, so nothing can be recovered from it.`,
        { vaultAccount: dest, vaultExists: false },
      );
    }
    const exists = rel.inScope && vaults ? ' The vault exists there.' : '';
    return changed(f, f.status, `${f.message} Destination: ${rel.text}.${exists}`, { vaultAccount: dest, vaultAccountRelation: rel.text, ...(exists ? { vaultExists: true } : {}) });
  },
};

type TrailBucket = NonNullable<NonNullable<ScannedAccount['facts']>['trailBuckets']>[number];

/** The scanned account whose CloudTrail buckets include `bucket`, or why none can be named. */
function ownerOf(ctx: Context, bucket: string): { id?: string; entry?: TrailBucket; why: string } {
  for (const a of ctx.view.accounts) {
    const entry = a.facts?.trailBuckets?.find((b) => b.name === bucket);
    if (entry) return { id: a.id, entry, why: '' };
  }
  const unread = ctx.view.accounts.filter((a) => a.status === 'error' || !a.facts?.trailBuckets).map((a) => a.id);
  if (unread.length) return { why: `not found among the scanned accounts (the buckets of ${unread.join(', ')} could not be read)` };
  const org = ctx.view.organization;
  if (org) {
    const active = org.accounts.filter((a) => a.status === undefined || a.status === 'ACTIVE').map((a) => a.id);
    const missing = active.filter((id) => !ctx.byId.has(id));
    if (missing.length === 0) return { why: `an account outside organization ${org.id} (none of its ${active.length} active accounts owns it)` };
    return { why: `not one of the ${ctx.view.accounts.length} accounts scanned: one of the ${missing.length} active accounts of organization ${org.id} not scanned here, or an account outside it` };
  }
  return { why: `not one of the ${ctx.view.accounts.length} accounts scanned` };
}
