// 1.12 AWS access keys are only used by interactive users (or, exceptionally, by tightly scoped services).
// The item allows two kinds of key: "used by humans … and stored securely on a device controlled by that
// human", and keys of a service that cannot use a role, rotated at least weekly, with a tightly scoped policy.
// Every IAM user with an active access key (credential report) is one of:
//   - a person (has a console password): manual. Where the key is kept cannot be seen by any API, so the
//     person (or an auditor) attests that it lives on a device that person controls. MFA is not judged
//     here: a console user without MFA is 1.4's finding, not a 1.12 failure.
//   - a service (no console password). Not met when a key's access_key_N_last_rotated is older than
//     thresholds.serviceKeyMaxAgeDays (the item: at least weekly), or when a policy reaching the user
//     (inline, attached, or through a group; GetAccountAuthorizationDetails) is AdministratorAccess or has a
//     broad grant as 1.9 defines it (policy-document.ts: * on *, NotAction, service:* on *, PassRole on any
//     role). The rotation rule needs no policy: an old key is not met even when the policies cannot be read.
//     A policy that cannot be read, or a key without a rotation date → error. Otherwise manual: no API shows
//     that a role was not feasible, and a missing aws:SourceIp / aws:SourceVpc / aws:SourceVpce condition in
//     the user's own policies does not prove the key is unrestricted (an SCP or endpoint policy may do it);
//     the message says which was found.
// No user with an active key → met. The authorization details are read only when a service user holds a key.
import type { GetAccountAuthorizationDetailsCommandOutput as Details, UserDetail } from '@aws-sdk/client-iam';
import type { CredentialReportRow } from '../../aws/services/iam-credential-report.js';
import type { Finding } from '../../model.js';
import { daysBetween, defineCheck, errorFinding, findingFromError, manual, met, notMet } from '../define-check.js';
import { broadGrants, describeGrant, parsePolicyDocument, type ParsedPolicy, type PolicyStatement } from '../policy-document.js';

const ADMIN = /^arn:aws[a-z-]*:iam::aws:policy\/AdministratorAccess$/;
const SOURCE_KEYS = ['aws:sourceip', 'aws:sourcevpc', 'aws:sourcevpce'];

export default defineCheck({
  meta: {
    id: '1.12',
    kind: 'partial',
    scope: 'account',
    permissions: ['iam:GenerateCredentialReport', 'iam:GetCredentialReport', 'iam:GetAccountAuthorizationDetails'],
    remediation:
      'Replace service users\' access keys with roles (EC2 instance profiles, ECS task roles, IAM Roles Anywhere, OIDC ' +
      'federation for CI). Where a key is unavoidable, rotate it weekly, scope its policy to specific actions and ' +
      'resources, and add an aws:SourceIp / aws:SourceVpc condition. People who keep a key attest that it stays on a device they control.',
    docs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-workloads-use-roles',
  },
  async run({ aws, account, thresholds, now }) {
    const report = await aws.iam.credentialReport();
    const withKeys = report.users.filter((u) => u.accessKeys.some((k) => k.active));
    if (withKeys.length === 0) return [met(account.rootArn, 'No IAM user has an active access key.', { iamUsers: report.users.length })];
    // Settled, not awaited: a failed read leaves the verdicts that do not need it standing.
    const [details] = withKeys.some((u) => !u.passwordEnabled) ? await Promise.allSettled([aws.iam.authorizationDetails()]) : [];
    return withKeys.map((u) => (u.passwordEnabled ? personWithKeys(u) : serviceUser(u, details!, thresholds.serviceKeyMaxAgeDays, now)));
  },
});

/** A person's keys: only people can attest where they are kept. */
function personWithKeys(u: CredentialReportRow): Finding {
  const slots = activeSlots(u);
  const keys = slots.length > 1 ? `active access keys ${slots.join(' and ')}` : `active access key ${slots[0]}`;
  const them = slots.length > 1 ? 'they are' : 'it is';
  return manual(
    u.arn,
    `${u.user} is a person (console password) holding ${keys}: attest that ${them} stored securely on a device ${u.user} controls.`,
    { user: u.user, interactive: true, activeKeys: slots, mfaActive: u.mfaActive },
  );
}

const activeSlots = (u: CredentialReportRow) => u.accessKeys.filter((k) => k.active).map((k) => k.slot);

function serviceUser(u: CredentialReportRow, details: PromiseSettledResult<Details>, maxAge: number, now: Date): Finding {
  const keys = u.accessKeys.filter((k) => k.active).map((k) => ({ slot: k.slot, ageDays: k.lastRotated ? daysBetween(k.lastRotated, now) : null }));
  const old = keys.filter((k) => k.ageDays !== null && k.ageDays > maxAge).map((k) => `access key ${k.slot} last rotated ${k.ageDays} days ago (limit ${maxAge})`);
  const label = `${u.user} (service user with an access key)`;
  if (details.status === 'rejected') {
    if (old.length) return notMet(u.arn, `${label}: ${old.join('; ')}; its policies could not be read.`, { user: u.user, interactive: false, keys });
    return findingFromError(details.reason, u.arn);
  }
  const detail = details.value.UserDetailList?.find((d) => d.Arn === u.arn);
  if (!detail) {
    if (old.length) return notMet(u.arn, `${label}: ${old.join('; ')}; it is not in the account authorization details.`, { user: u.user, interactive: false, keys });
    return errorFinding(u.arn, `could not tell: ${u.user} is not in the account authorization details`);
  }
  const policies = policiesOf(detail, details.value);
  const broad = policies.filter((p) => (p.arn && ADMIN.test(p.arn)) || (p.parsed.ok && broadGrants(p.parsed.statements).length > 0));
  const unreadable = policies.filter((p) => !p.parsed.ok && !(p.arn && ADMIN.test(p.arn)));
  const sourceRestricted = policies.length > 0 && policies.every((p) => p.parsed.ok && allowsLimitedToSource(p.parsed.statements));
  const evidence = { user: u.user, interactive: false, keys, policies: policies.map((p) => p.name), broadPolicies: broad.map((p) => p.name), sourceRestricted };
  const problems = [
    ...old,
    ...broad.map((p) => `policy ${p.name} is not tightly scoped (${p.parsed.ok ? broadGrants(p.parsed.statements).map(describeGrant).join('; ') : 'AdministratorAccess'})`),
  ];
  if (problems.length) return notMet(u.arn, `${label}: ${problems.join('; ')}.`, evidence);
  const unknown = [
    ...keys.filter((k) => k.ageDays === null).map((k) => `the rotation date of key ${k.slot}`),
    ...unreadable.map((p) => `policy ${p.name} (${p.parsed.ok ? '' : p.parsed.reason})`),
  ];
  if (unknown.length) return errorFinding(u.arn, `could not tell: ${u.user} is a service user with an access key, and ${unknown.join(', ')} could not be read`);
  const restriction = sourceRestricted
    ? 'every Allow statement is limited by aws:SourceIp/aws:SourceVpc'
    : 'its policies do not limit source networks (aws:SourceIp/aws:SourceVpc): show where access is restricted';
  return manual(u.arn, `${u.user} (service user): key rotated within ${maxAge} days, policies scoped, ${restriction}; attest that a role is not feasible.`, evidence);
}

interface NamedPolicy {
  name: string;
  arn?: string;
  parsed: ParsedPolicy;
}

/** Inline, attached and group policies that reach a user, parsed (policy-document.ts, as 1.9 reads them). */
function policiesOf(user: UserDetail, all: Details): NamedPolicy[] {
  const doc = (name: string, raw: string | undefined, arn?: string): NamedPolicy => ({
    name,
    arn,
    parsed: raw ? parsePolicyDocument(raw) : { ok: false, reason: 'document not in the response' },
  });
  const managed = (arn?: string) => {
    const policy = all.Policies?.find((p) => p.Arn === arn);
    // The version in force, as 1.9 reads it: flagged IsDefaultVersion, or named by DefaultVersionId.
    const version = policy?.PolicyVersionList?.find((v) => v.IsDefaultVersion || v.VersionId === policy.DefaultVersionId);
    return doc(arn?.split('/').pop() ?? '?', version?.Document, arn);
  };
  const groups = (user.GroupList ?? []).map((g) => all.GroupDetailList?.find((d) => d.GroupName === g)).filter((g) => g !== undefined);
  return [
    ...(user.UserPolicyList ?? []).map((p) => doc(p.PolicyName ?? '?', p.PolicyDocument)),
    ...(user.AttachedManagedPolicies ?? []).map((p) => managed(p.PolicyArn)),
    ...groups.flatMap((g) => [
      ...(g.GroupPolicyList ?? []).map((p) => doc(`${g.GroupName}/${p.PolicyName}`, p.PolicyDocument)),
      ...(g.AttachedManagedPolicies ?? []).map((p) => managed(p.PolicyArn)),
    ]),
  ];
}

/** Every Allow statement carries an aws:SourceIp / aws:SourceVpc / aws:SourceVpce condition. */
function allowsLimitedToSource(statements: readonly PolicyStatement[]): boolean {
  return statements.filter((s) => s.effect === 'Allow').every((s) => s.conditionKeys.some((k) => SOURCE_KEYS.includes(k)));
}
