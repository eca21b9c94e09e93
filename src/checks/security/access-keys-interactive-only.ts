// 1.12 AWS access keys are only used by interactive users (or, exceptionally, by tightly scoped services).
// Every IAM user with an active access key (credential report) is one of:
//   - a person (has a console password): met when mfa_active. "Stored on a device the human controls"
//     cannot be seen; MFA is the evidence the user holds a device. No MFA → not met.
//   - a service (no console password). Not met when a key's access_key_N_last_rotated is older than
//     thresholds.serviceKeyMaxAgeDays (the item: at least weekly), or when a policy reaching the user
//     (inline, attached, or through a group; GetAccountAuthorizationDetails) is AdministratorAccess or has a
//     broad grant as 1.9 defines it (policy-document.ts: * on *, NotAction, service:* on *, PassRole on any
//     role). A policy that cannot be read → error. Otherwise manual: no API shows that a role was not
//     feasible, and a missing aws:SourceIp / aws:SourceVpc / aws:SourceVpce condition in the user's own
//     policies does not prove the key is unrestricted (an SCP or endpoint policy may do it); the message
//     says which was found.
// No user with an active key → met.
import type { GetAccountAuthorizationDetailsCommandOutput as Details, UserDetail } from '@aws-sdk/client-iam';
import type { CredentialReportRow } from '../../aws/services/iam-credential-report.js';
import type { Finding } from '../../model.js';
import { daysBetween, defineCheck, errorFinding, manual, met, notMet } from '../define-check.js';
import { broadGrants, describeGrant, parsePolicyDocument, type ParsedPolicy } from '../policy-document.js';

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
      'resources, and add an aws:SourceIp / aws:SourceVpc condition. Humans with keys must use MFA.',
    docs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-workloads-use-roles',
  },
  async run({ aws, account, thresholds, now }) {
    const report = await aws.iam.credentialReport();
    const withKeys = report.users.filter((u) => u.accessKeys.some((k) => k.active));
    if (withKeys.length === 0) return [met(account.rootArn, 'No IAM user has an active access key.', { iamUsers: report.users.length })];
    const services = withKeys.filter((u) => !u.passwordEnabled);
    const details = services.length ? await aws.iam.authorizationDetails() : undefined;
    return withKeys.map((u): Finding => {
      if (u.passwordEnabled) {
        const evidence = { user: u.user, interactive: true, mfaActive: u.mfaActive };
        return u.mfaActive
          ? met(u.arn, `${u.user} is a person (console password) with MFA holding an access key.`, evidence)
          : notMet(u.arn, `${u.user} is a person holding an access key without MFA.`, evidence);
      }
      const detail = details?.UserDetailList?.find((d) => d.Arn === u.arn);
      if (!detail) return errorFinding(u.arn, `could not tell: ${u.user} is not in the account authorization details`);
      return serviceUser(u, detail, details!, thresholds.serviceKeyMaxAgeDays, now);
    });
  },
});

function serviceUser(u: CredentialReportRow, detail: UserDetail, all: Details, maxAge: number, now: Date): Finding {
  const policies = policiesOf(detail, all);
  const keys = u.accessKeys.filter((k) => k.active).map((k) => ({ slot: k.slot, ageDays: k.lastRotated ? daysBetween(k.lastRotated, now) : null }));
  const old = keys.filter((k) => k.ageDays !== null && k.ageDays > maxAge);
  const broad = policies.filter((p) => (p.arn && ADMIN.test(p.arn)) || (p.parsed.ok && broadGrants(p.parsed.statements).length > 0));
  const unreadable = policies.filter((p) => !p.parsed.ok && !(p.arn && ADMIN.test(p.arn)));
  const sourceRestricted = policies.length > 0 && policies.every((p) => allowsLimitedToSource(p.raw));
  const evidence = { user: u.user, interactive: false, keys, policies: policies.map((p) => p.name), broadPolicies: broad.map((p) => p.name), sourceRestricted };
  const problems = [
    ...old.map((k) => `access key ${k.slot} last rotated ${k.ageDays} days ago (limit ${maxAge})`),
    ...broad.map((p) => `policy ${p.name} is not tightly scoped (${p.parsed.ok ? broadGrants(p.parsed.statements).map(describeGrant).join('; ') : 'AdministratorAccess'})`),
  ];
  if (problems.length) return notMet(u.arn, `${u.user} (service user with an access key): ${problems.join('; ')}.`, evidence);
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
  raw?: string;
  parsed: ParsedPolicy;
}

/** Inline, attached and group policies that reach a user, parsed (policy-document.ts, as 1.9 reads them). */
function policiesOf(user: UserDetail, all: Details): NamedPolicy[] {
  const doc = (name: string, raw: string | undefined, arn?: string): NamedPolicy => ({
    name,
    arn,
    raw,
    parsed: raw ? parsePolicyDocument(raw) : { ok: false, reason: 'document not in the response' },
  });
  const managed = (arn?: string) => {
    const version = all.Policies?.find((p) => p.Arn === arn)?.PolicyVersionList?.find((v) => v.IsDefaultVersion);
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
function allowsLimitedToSource(raw?: string): boolean {
  type Raw = { Effect?: string; Condition?: Record<string, Record<string, unknown>> };
  try {
    const text = raw!.trimStart().startsWith('{') ? raw! : decodeURIComponent(raw!);
    const statement = (JSON.parse(text) as { Statement?: Raw | Raw[] }).Statement;
    const allows = (Array.isArray(statement) ? statement : statement ? [statement] : []).filter((s) => s.Effect === 'Allow');
    return allows.every((s) => Object.values(s.Condition ?? {}).some((byKey) => Object.keys(byKey).some((k) => SOURCE_KEYS.includes(k.toLowerCase()))));
  } catch {
    return false;
  }
}
