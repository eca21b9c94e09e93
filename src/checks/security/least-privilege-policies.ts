// 1.9 IAM policies are scoped down to least privilege.
// One iam:GetAccountAuthorizationDetails pass (users, groups, roles, managed policies with documents).
// Not met, one finding per offending policy or attachment:
//  - a customer managed policy (default version; attached to something, AttachmentCount > 0) or an inline
//    policy of a user, group or role with an Allow statement granting every action on every resource,
//    NotAction on every resource, a whole service (`s3:*`) on every resource, or iam:PassRole on any role
//    (policy-document.ts decides; a Condition does not excuse it, the message says one is there);
//  - AdministratorAccess, IAMFullAccess (admin-equivalent: it can grant itself anything) or PowerUserAccess
//    attached directly to a user;
//  - AdministratorAccess or IAMFullAccess on a workload role (its trust policy names only AWS services).
// Not flagged: AWS managed policies themselves, service-linked roles (path /aws-service-role/), admin
// policies on groups or human-assumed roles (SSO, SAML, other accounts) — those go to people as evidence.
// A malformed document → `error` for that policy, the rest goes on. Least privilege as a whole needs
// people, so the check always adds one `manual` finding ("review that the remaining grants are needed"):
// with nothing flagged the item rolls up to manual, never met.
import type { GetAccountAuthorizationDetailsCommandOutput, RoleDetail } from '@aws-sdk/client-iam';
import type { Finding } from '../../model.js';
import { defineCheck, errorFinding, manual, met, notMet } from '../define-check.js';
import { broadGrants, describeGrant, parsePolicyDocument, trustedPrincipals, type PolicyStatement } from '../policy-document.js';

const AWS_MANAGED = /^arn:[^:]+:iam::aws:policy\//;
const ADMIN_EQUIVALENT = new Set(['AdministratorAccess', 'IAMFullAccess']);
const TOO_BROAD_FOR_USERS = new Set([...ADMIN_EQUIVALENT, 'PowerUserAccess']);
const SERVICE_LINKED_PATH = '/aws-service-role/';

type Details = GetAccountAuthorizationDetailsCommandOutput;
type Attached = { PolicyName?: string; PolicyArn?: string }[] | undefined;

export default defineCheck({
  meta: {
    id: '1.9',
    kind: 'partial',
    scope: 'account',
    permissions: ['iam:GetAccountAuthorizationDetails'],
    remediation:
      'Replace wildcard grants with the actions and resources each task needs (IAM Access Analyzer can generate ' +
      'a policy from CloudTrail activity); grant users permissions through groups or roles, never ' +
      'AdministratorAccess directly; scope iam:PassRole to the roles a workload must pass.',
    docs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege',
  },
  async run({ aws, account }) {
    const details: Details = await aws.iam.authorizationDetails();
    const roles = (details.RoleDetailList ?? []).filter((r) => !(r.Path ?? '').startsWith(SERVICE_LINKED_PATH));
    const customer = (details.Policies ?? []).filter((p) => !AWS_MANAGED.test(p.Arn ?? ''));
    const toReview = (details.GroupDetailList ?? []).flatMap((g) =>
      awsManaged(g.AttachedManagedPolicies, ADMIN_EQUIVALENT).map((name) => `group ${g.GroupName}: ${name}`),
    );
    const findings = [
      ...customer.filter((p) => p.AttachmentCount !== 0).map((p) => {
        const label = `Customer managed policy ${p.PolicyName} (${p.DefaultVersionId ?? 'default version'})`;
        if (!p.Arn) return unreadable(`policy/${p.PolicyName}`, label, 'the response gives it no Arn');
        const version = p.PolicyVersionList?.find((v) => v.IsDefaultVersion || v.VersionId === p.DefaultVersionId);
        return judge(p.Arn, label, version?.Document);
      }),
      ...inlinePolicies(details, roles),
      ...(details.UserDetailList ?? []).flatMap((u) =>
        awsManaged(u.AttachedManagedPolicies, TOO_BROAD_FOR_USERS).map((name) =>
          notMet(u.Arn ?? `user/${u.UserName}`, `User ${u.UserName} has the AWS managed policy ${name} attached directly: grant a user only what its tasks need, through a group or role.`, { policy: name }),
        ),
      ),
      ...roles.flatMap((r) => adminRole(r, toReview)),
    ];
    findings.push(
      manual(account.rootArn, 'Least privilege needs people: review that every remaining grant is needed (IAM Access Analyzer unused-access findings and last-accessed data help).', {
        users: details.UserDetailList?.length ?? 0,
        groups: details.GroupDetailList?.length ?? 0,
        roles: roles.length,
        serviceLinkedRolesSkipped: (details.RoleDetailList?.length ?? 0) - roles.length,
        unattachedCustomerManagedPolicies: customer.filter((p) => p.AttachmentCount === 0).length,
        adminGrantsToReview: toReview,
      }),
    );
    return findings;
  },
});

/** Inline policies of users, groups and (not service-linked) roles. */
function inlinePolicies(details: Details, roles: RoleDetail[]): Finding[] {
  const principals = [
    ...(details.UserDetailList ?? []).map((u) => ({ kind: 'user', name: u.UserName, arn: u.Arn, inline: u.UserPolicyList })),
    ...(details.GroupDetailList ?? []).map((g) => ({ kind: 'group', name: g.GroupName, arn: g.Arn, inline: g.GroupPolicyList })),
    ...roles.map((r) => ({ kind: 'role', name: r.RoleName, arn: r.Arn, inline: r.RolePolicyList })),
  ];
  return principals.flatMap((pr) =>
    (pr.inline ?? []).map((ip) => judge(pr.arn ?? `${pr.kind}/${pr.name}`, `Inline policy ${ip.PolicyName} of ${pr.kind} ${pr.name}`, ip.PolicyDocument)),
  );
}

/** A role with an admin-equivalent AWS managed policy: not met for a workload role, else left to review. */
function adminRole(r: RoleDetail, toReview: string[]): Finding[] {
  const admin = awsManaged(r.AttachedManagedPolicies, ADMIN_EQUIVALENT);
  if (admin.length === 0) return [];
  const arn = r.Arn ?? `role/${r.RoleName}`;
  const trust = parsePolicyDocument(r.AssumeRolePolicyDocument);
  if (!trust.ok) return [unreadable(arn, `Trust policy of role ${r.RoleName}`, trust.reason)];
  const services = workloadServices(trust.statements);
  if (!services) {
    admin.forEach((name) => toReview.push(`role ${r.RoleName}: ${name}`));
    return [];
  }
  const message = `Role ${r.RoleName}, assumed only by ${services.join(', ')}, has ${admin.join(' and ')} attached: a workload with full administrator access.`;
  return [notMet(arn, message, { policies: admin, trustedServices: services })];
}

/** One policy document → met, not met (naming the statements and why) or error (unreadable). */
function judge(resource: string, label: string, document: unknown): Finding {
  const parsed = parsePolicyDocument(document);
  if (!parsed.ok) return unreadable(resource, label, parsed.reason);
  const grants = broadGrants(parsed.statements);
  if (grants.length === 0) return met(resource, `${label} grants no wildcard, NotAction or PassRole-on-any-role access.`);
  return notMet(resource, `${label}: ${grants.map(describeGrant).join('; ')}.`, {
    statements: grants.map((g) => ({ statement: g.statement, sid: g.sid, kind: g.kind })),
  });
}

function unreadable(resource: string, label: string, reason: string): Finding {
  const f = errorFinding(resource, `could not tell: ${label} could not be read: ${reason}.`);
  f.errorKind = 'aws';
  return f;
}

/** Names of the AWS managed policies in `names` among those attached. */
function awsManaged(attached: Attached, names: ReadonlySet<string>): string[] {
  return (attached ?? []).filter((a) => AWS_MANAGED.test(a.PolicyArn ?? '') && names.has(a.PolicyName ?? '')).map((a) => a.PolicyName!);
}

/** The AWS services a role trusts, when only services may assume it (a workload role); else undefined. */
function workloadServices(trust: PolicyStatement[]): string[] | undefined {
  const { services, others } = trustedPrincipals(trust);
  return services.length > 0 && !others ? services : undefined;
}
