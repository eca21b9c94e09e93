// The rules that judge items across accounts (src/estate/rules.ts), one by one: what each changes, for which
// account and resource, what it leaves alone, and that revert() gives back the account's own view exactly.
import { describe, expect, it } from 'vitest';
import { judgeAcrossAccounts, revert, type EstateView } from '../../src/estate/rules.js';
import type { Finding, ScannedAccount } from '../../src/model.js';

const MGMT = '111111111111';
const LOGS = '222222222222';
const SEC = '333333333333';
const PROD = '444444444444';
const ORG = 'o-demo12345';

const member = (id: string, name: string, facts: ScannedAccount['facts'] = {}): ScannedAccount => ({
  id,
  partition: 'aws',
  name,
  status: 'scanned',
  regions: ['us-east-1', 'eu-west-1'],
  facts: { organization: { id: ORG, managementAccountId: MGMT }, ...facts },
});

const orgTrail: Finding = {
  status: 'met',
  resource: `arn:aws:cloudtrail:us-east-1:${MGMT}:trail/org-trail`,
  account: MGMT,
  message: 'Organization trail org-trail is logging all management events (read and write) in every region.',
  evidence: { trail: 'org-trail', organization: true, multiRegion: true },
};

function judge(item: string, findings: Finding[], view: EstateView): Finding[] {
  return judgeAcrossAccounts(new Map([[item, findings]]), view).get(item)!;
}

describe('1.13: a member is covered by its management account\'s organization trail', () => {
  const memberError: Finding = {
    status: 'error',
    resource: `arn:aws:cloudtrail:us-east-1:${MGMT}:trail/org-trail`,
    account: PROD,
    region: 'us-east-1',
    message: 'could not tell: cloudtrail:GetTrailStatus denied (trail org-trail belongs to account 111111111111)',
    errorKind: 'aws',
  };
  const memberNotMet: Finding = { status: 'not-met', resource: `arn:aws:cloudtrail:eu-west-1:${PROD}:trail/*`, account: PROD, region: 'eu-west-1', message: 'No trail is logging all management events (read and write) in eu-west-1: no trail records there.' };
  const view: EstateView = { accounts: [member(MGMT, 'acme-management'), member(PROD, 'acme-prod')] };

  it('turns what the member could not see or lacked into met, naming the trail and the management account', () => {
    const out = judge('1.13', [{ ...orgTrail }, memberError, memberNotMet], view);
    expect(out.map((f) => [f.account, f.region, f.status])).toEqual([
      [MGMT, undefined, 'met'],
      [PROD, 'us-east-1', 'met'],
      [PROD, 'eu-west-1', 'met'],
    ]);
    expect(out[2].message).toBe(
      'Covered by organization trail org-trail of management account 111111111111 (acme-management), which logs all management events (read and write) in every region of every account of the organization (judged in that account).',
    );
    expect(out[2].accountView).toEqual({ status: 'not-met', message: memberNotMet.message });
    expect(out[2].evidence).toEqual({ estate: { coveredBy: orgTrail.resource, managementAccount: MGMT } });
    expect(out[0]).toEqual(orgTrail);
  });

  it('leaves the member alone when the management account\'s trail is not an organization trail, or is not met', () => {
    const ownTrail = { ...orgTrail, evidence: { trail: 'mgmt-only', organization: false, multiRegion: true } };
    expect(judge('1.13', [ownTrail, memberNotMet], view)[1]).toEqual(memberNotMet);
    const notLogging = { ...orgTrail, status: 'not-met' as const };
    expect(judge('1.13', [notLogging, memberNotMet], view)[1]).toEqual(memberNotMet);
  });

  it('leaves alone an account of another organization, and one whose management account was not scanned', () => {
    const stranger = { ...member(PROD, 'acme-prod'), facts: { organization: { id: 'o-other', managementAccountId: '999999999999' } } };
    expect(judge('1.13', [orgTrail, memberNotMet], { accounts: [member(MGMT, 'm'), stranger] })[1]).toEqual(memberNotMet);
    expect(judge('1.13', [memberNotMet], { accounts: [member(PROD, 'acme-prod')] })[0]).toEqual(memberNotMet);
  });

  it('knows membership from the --org listing when the member could not read DescribeOrganization', () => {
    const blind: ScannedAccount = { id: PROD, partition: 'aws', status: 'scanned', facts: { errors: { organization: 'denied' } } };
    const organization = { id: ORG, managementAccountId: MGMT, accounts: [{ id: MGMT }, { id: PROD }] };
    expect(judge('1.13', [orgTrail, memberNotMet], { accounts: [member(MGMT, 'm'), blind], organization })[1].status).toBe('met');
  });

  it('revert() gives back the account\'s own finding exactly', () => {
    const out = judge('1.13', [orgTrail, memberNotMet, memberError], view);
    // Judged met, the member's error is no longer an error (its kind is kept in its own view only).
    expect([out[2].status, out[2].errorKind, out[2].accountView]).toEqual(['met', undefined, { status: 'error', message: memberError.message, errorKind: 'aws' }]);
    expect(out.map(revert)).toEqual([orgTrail, memberNotMet, memberError]);
  });
});

describe('1.14: the owner of each trail bucket is named', () => {
  const trailFinding = (account: string, bucket: string): Finding => ({
    status: 'met',
    resource: `arn:aws:cloudtrail:us-east-1:${account}:trail/t`,
    account,
    message: `Trail t stores its logs in ${bucket}, owned by another account (not in this account's bucket list).`,
    evidence: { trail: 't', bucket, owner: 'another account' },
  });
  const logs = member(LOGS, 'acme-log-archive', { trailBuckets: [{ name: 'acme-org-cloudtrail-logs', versioning: 'Enabled', mfaDelete: 'Disabled' }] });

  it('an account scanned here, of the same organization', () => {
    const [f] = judge('1.14', [trailFinding(PROD, 'acme-org-cloudtrail-logs')], { accounts: [logs, member(PROD, 'acme-prod', { trailBuckets: [] })] });
    expect(f.status).toBe('met');
    expect(f.message).toBe(
      'Trail t stores its logs in acme-org-cloudtrail-logs, owned by another account. Owner: account 222222222222 (acme-log-archive), another account of organization o-demo12345, scanned here.',
    );
    expect(f.evidence?.estate).toEqual({ owner: LOGS, ownerRelation: 'account 222222222222 (acme-log-archive), another account of organization o-demo12345, scanned here' });
  });

  it('an account outside the organization, when every active account of it was scanned', () => {
    const organization = { id: ORG, managementAccountId: MGMT, accounts: [{ id: PROD, status: 'ACTIVE' }, { id: LOGS, status: 'ACTIVE' }, { id: '666666666666', status: 'SUSPENDED' }] };
    const [f] = judge('1.14', [trailFinding(PROD, 'elsewhere-logs')], { accounts: [logs, member(PROD, 'acme-prod', { trailBuckets: [] })], organization });
    expect(f.message).toContain('Owner: an account outside organization o-demo12345 (none of its 2 active accounts owns it).');
    expect(f.status).toBe('met');
  });

  it('not one of the accounts scanned, when some of the organization were not; unknown when an account\'s buckets could not be read', () => {
    const organization = { id: ORG, managementAccountId: MGMT, accounts: [{ id: PROD }, { id: LOGS }, { id: SEC }] };
    const [f] = judge('1.14', [trailFinding(PROD, 'elsewhere-logs')], { accounts: [logs, member(PROD, 'acme-prod', { trailBuckets: [] })], organization });
    expect(f.message).toContain('Owner: not one of the 2 accounts scanned: one of the 1 active accounts of organization o-demo12345 not scanned here, or an account outside it.');
    const unread = member(SEC, 'acme-security', { errors: { trailBuckets: 'denied' } });
    const [g] = judge('1.14', [trailFinding(PROD, 'elsewhere-logs')], { accounts: [logs, unread, member(PROD, 'p', { trailBuckets: [] })] });
    expect(g.message).toContain('Owner: not found among the scanned accounts (the buckets of 333333333333 could not be read).');
  });

  it('log-archive\'s own view of the management account\'s organization trail writing into its bucket becomes met', () => {
    const seen: Finding = {
      status: 'not-met',
      resource: `arn:aws:cloudtrail:us-east-1:${MGMT}:trail/org-trail`,
      account: LOGS,
      message: 'Trail org-trail stores its logs in acme-org-cloudtrail-logs, a bucket owned by this account.',
      evidence: { trail: 'org-trail', bucket: 'acme-org-cloudtrail-logs', owner: 'this account' },
    };
    const [f] = judge('1.14', [seen], { accounts: [member(MGMT, 'acme-management'), logs] });
    expect([f.status, f.account, f.resource]).toEqual(['met', LOGS, seen.resource]);
    expect(f.message).toBe(
      "Organization trail org-trail of management account 111111111111 (acme-management) stores the organization's logs in acme-org-cloudtrail-logs, a bucket of this account (the log archive), not of the account that makes the trail.",
    );
    // Not when the trail's account is not this account's management account, nor for the account's own trail.
    const outsider = { ...member(LOGS, 'x'), facts: { organization: { id: 'o-other', managementAccountId: '999999999999' } } };
    expect(judge('1.14', [seen], { accounts: [member(MGMT, 'm'), outsider] })[0]).toEqual(seen);
    const own = { ...seen, resource: `arn:aws:cloudtrail:us-east-1:${LOGS}:trail/local` };
    expect(judge('1.14', [own], { accounts: [member(MGMT, 'm'), logs] })[0]).toEqual(own);
  });

  it('leaves the account\'s own bucket (not met) alone', () => {
    const own: Finding = { status: 'not-met', resource: 'arn:aws:cloudtrail:us-east-1:555555555555:trail/local', account: '555555555555', message: 'x', evidence: { bucket: 'b', owner: 'this account' } };
    expect(judge('1.14', [own], { accounts: [logs] })[0]).toEqual(own);
  });
});

describe('1.15: versioning of a log bucket in another scanned account, read there', () => {
  const manualFinding: Finding = {
    status: 'manual',
    resource: 'arn:aws:s3:::acme-org-cloudtrail-logs',
    account: PROD,
    message: 'CloudTrail log bucket acme-org-cloudtrail-logs (trail org-trail) is in another account; verify versioning or MFA Delete there.',
    evidence: { bucket: 'acme-org-cloudtrail-logs', trails: ['org-trail'], owner: "another account (not in this account's bucket list)" },
  };
  const withBucket = (b: object) => ({ accounts: [member(LOGS, 'acme-log-archive', { trailBuckets: [{ name: 'acme-org-cloudtrail-logs', ...b }] }), member(PROD, 'acme-prod')] });

  it.each([
    [{ versioning: 'Enabled', mfaDelete: 'Disabled' }, 'met', 'CloudTrail log bucket acme-org-cloudtrail-logs (owned by account 222222222222 (acme-log-archive), read there) has versioning enabled.'],
    [{ versioning: 'Suspended', mfaDelete: 'Enabled' }, 'met', 'CloudTrail log bucket acme-org-cloudtrail-logs (owned by account 222222222222 (acme-log-archive), read there) has MFA Delete enabled.'],
    [{ versioning: 'Suspended', mfaDelete: 'Disabled' }, 'not-met', 'CloudTrail log bucket acme-org-cloudtrail-logs (owned by account 222222222222 (acme-log-archive), read there) has neither versioning (Suspended) nor MFA Delete enabled.'],
    [{ error: 'its versioning could not be read: denied' }, 'error', 'could not tell: CloudTrail log bucket acme-org-cloudtrail-logs (owned by account 222222222222 (acme-log-archive), read there): its versioning could not be read: denied'],
  ])('%j → %s', (bucket, status, message) => {
    const [f] = judge('1.15', [manualFinding], withBucket(bucket));
    expect([f.resource, f.account, f.status, f.message]).toEqual([manualFinding.resource, PROD, status, message]);
    expect(revert(f)).toEqual(manualFinding);
  });

  it('stays manual, with why the owner is unknown, when no scanned account owns it', () => {
    const [f] = judge('1.15', [manualFinding], { accounts: [member(PROD, 'acme-prod', { trailBuckets: [] })] });
    expect(f.status).toBe('manual');
    expect(f.message).toBe(`${manualFinding.message} Owner: not one of the 1 accounts scanned.`);
  });
});

describe('2.13: the account of the destination vault', () => {
  const vault = `arn:aws:backup:us-east-1:${SEC}:backup-vault:acme-dr-vault`;
  const copy: Finding = { status: 'met', resource: vault, account: PROD, message: 'Backups are copied to vault acme-dr-vault in account 333333333333 (us-east-1): 12 copies completed.' };

  it('scanned, and the vault is there: said so, still met', () => {
    const [f] = judge('2.13', [copy], { accounts: [member(PROD, 'acme-prod'), member(SEC, 'acme-security', { backupVaults: [vault] })] });
    expect(f.status).toBe('met');
    expect(f.message).toBe(`${copy.message} Destination: account 333333333333 (acme-security), another account of organization o-demo12345, scanned here. The vault exists there.`);
  });

  it('scanned, and the vault is not there: not met (only when its region was scanned there)', () => {
    const notInRegion = judge('2.13', [copy], { accounts: [member(PROD, 'acme-prod'), { ...member(SEC, 'acme-security', { backupVaults: [] }), regions: ['eu-west-1'] }] })[0];
    expect(notInRegion.status).toBe('met');
    expect(notInRegion.message).not.toContain('does not exist');
    const [f] = judge('2.13', [copy], { accounts: [member(PROD, 'acme-prod'), member(SEC, 'acme-security', { backupVaults: [] })] });
    expect(f.status).toBe('not-met');
    expect(f.message).toContain(`But the destination vault does not exist: account 333333333333 (acme-security) lists no vault ${vault} in the regions scanned`);
  });

  it('not scanned: named as an account of the organization, verdict unchanged', () => {
    const organization = { id: ORG, managementAccountId: MGMT, accounts: [{ id: PROD }, { id: SEC, name: 'acme-security' }] };
    const [f] = judge('2.13', [copy], { accounts: [member(PROD, 'acme-prod')], organization });
    expect(f.status).toBe('met');
    expect(f.message).toContain('Destination: account 333333333333 (acme-security), another account of organization o-demo12345, not scanned here.');
  });

  it('leaves findings that are not about another account\'s vault alone', () => {
    const none: Finding = { status: 'not-met', resource: `arn:aws:iam::${PROD}:root`, account: PROD, message: 'No backup is copied to another account.' };
    expect(judge('2.13', [none], { accounts: [member(PROD, 'p')] })[0]).toEqual(none);
  });
});

describe('the estate roll-up (rollup.ts)', () => {
  const f = (account: string, status: Finding['status'], resource = `arn:aws:account::${account}:account`): Finding => ({ status, resource, account, message: '' });

  it('3.3: met when one account is met; otherwise the usual rule', async () => {
    const { estateRollUp } = await import('../../src/rollup.js');
    expect(estateRollUp('3.3', [f(MGMT, 'met'), f(PROD, 'not-met'), f(SEC, 'error')])).toBe('met');
    expect(estateRollUp('3.3', [f(MGMT, 'error'), f(PROD, 'not-met')])).toBe('not-met');
    expect(estateRollUp('1.2', [f(MGMT, 'met'), f(PROD, 'not-met')])).toBe('not-met');
  });

  it('2.13: judged on the accounts whose backups reach another account\'s vault; with none, every account counts', async () => {
    const { estateRollUp } = await import('../../src/rollup.js');
    const vault = `arn:aws:backup:us-east-1:${SEC}:backup-vault:dr`;
    expect(estateRollUp('2.13', [f(MGMT, 'not-met'), f(PROD, 'manual', vault), f(SEC, 'not-met')])).toBe('manual');
    expect(estateRollUp('2.13', [f(MGMT, 'not-met'), f(PROD, 'not-met', vault), f(PROD, 'met', `${vault}2`)])).toBe('not-met');
    expect(estateRollUp('2.13', [f(MGMT, 'not-met'), f(PROD, 'error')])).toBe('not-met');
  });
});
