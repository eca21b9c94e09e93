// docs/org/cmt-audit-role.yaml, the StackSet template of the member-account role `scan --org` assumes:
// - it is what src/org-role-template.ts generates (`npm run generate`), and its inline policy is exactly
//   policy/cmt-audit-readonly.json (the committed file, read as JSON: the two cannot drift apart);
// - it is plain YAML (long-form intrinsic functions, no `!Ref` tags), read the same as YAML 1.1 (CloudFormation)
//   and 1.2, with no anchors;
// - resolved like CloudFormation would for given parameters, the role's trust policy is exactly what
//   docs/organizations.md says, and the parameters' patterns refuse what IAM would refuse.
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MEMBER_ROLE_NAME, ORG_ROLE_LOGICAL_ID, ORG_ROLE_TEMPLATE_FILE, renderOrgRoleTemplate } from '../src/org-role-template.js';
import { POLICY_FILE } from '../src/policy.js';
import { resolveParameters, resolveResources, templateProblems } from './support/cloudformation.js';

const text = readFileSync(ORG_ROLE_TEMPLATE_FILE, 'utf8');

function parse(source: string, version: '1.1' | '1.2') {
  const doc = parseDocument(source, { version, prettyErrors: false });
  expect(doc.errors.map((e) => e.message)).toEqual([]);
  expect(doc.warnings.map((w) => w.message)).toEqual([]);
  return doc.toJS() as Record<string, any>;
}
const template = parse(text, '1.1');

const SCANNER = '111111111111';
const role = (parameters: Record<string, string>) =>
  resolveResources(template, { ScannerAccountId: SCANNER, ...parameters })[ORG_ROLE_LOGICAL_ID] as Record<string, any>;
const trust = (parameters: Record<string, string>) => role(parameters).Properties.AssumeRolePolicyDocument;
const statement = (condition?: Record<string, unknown>) => ({
  Sid: 'TrustTheScanner',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${SCANNER}:root` },
  Action: 'sts:AssumeRole',
  ...(condition ? { Condition: condition } : {}),
});

describe(`${ORG_ROLE_TEMPLATE_FILE}`, () => {
  it('is up to date (run `npm run generate` when this fails)', () => {
    expect(text).toBe(renderOrgRoleTemplate());
  });

  it(`embeds exactly the statements of ${POLICY_FILE} as the role's only inline policy`, () => {
    const committedPolicy = JSON.parse(readFileSync(POLICY_FILE, 'utf8'));
    const policies = template.Resources[ORG_ROLE_LOGICAL_ID].Properties.Policies;
    expect(policies).toHaveLength(1);
    expect(policies[0].PolicyDocument).toEqual(committedPolicy);
    expect(policies[0].PolicyDocument.Statement).toEqual(committedPolicy.Statement);
    // and nothing else grants anything: no managed policies (SecurityAudit is broader than a scan needs)
    expect(template.Resources[ORG_ROLE_LOGICAL_ID].Properties.ManagedPolicyArns).toBeUndefined();
    expect(Object.keys(template.Resources)).toEqual([ORG_ROLE_LOGICAL_ID]);
  });

  it('is plain YAML: long-form functions, no tags, no anchors, the same data read as YAML 1.1 and 1.2', () => {
    expect(text).not.toMatch(/(^|\s)!\w/m);
    expect(text).not.toMatch(/(^|\s)[&*]\w/m);
    expect(parse(text, '1.2')).toEqual(template);
    // YAML 1.1 would read an unquoted 2012-10-17 as a date: it is quoted
    expect(text).toContain('Version: "2012-10-17"');
    expect(template.AWSTemplateFormatVersion).toBe('2010-09-09');
  });

  it('refers only to what it declares, with functions CloudFormation has', () => {
    expect(templateProblems(template)).toEqual([]);
  });

  it(`names the role ${DEFAULT_MEMBER_ROLE_NAME} by default (the default of --role-name), or the RoleName parameter`, () => {
    expect(role({}).Properties.RoleName).toBe('CmtAuditReadOnly');
    expect(role({ RoleName: 'AuditReader' }).Properties.RoleName).toBe('AuditReader');
    expect(role({}).Type).toBe('AWS::IAM::Role');
  });

  it('lets a session last an hour by default, and at least an hour', () => {
    expect(role({}).Properties.MaxSessionDuration).toBe(3600);
    expect(role({ MaxSessionDuration: '7200' }).Properties.MaxSessionDuration).toBe(7200);
    expect(() => role({ MaxSessionDuration: '900' })).toThrow('MaxSessionDuration: 900 is below 3600');
    expect(() => role({ MaxSessionDuration: '50000' })).toThrow('MaxSessionDuration: 50000 is above 43200');
  });

  describe('the trust policy', () => {
    it('trusts the scanner account, without conditions, when only ScannerAccountId is given', () => {
      expect(trust({})).toEqual({ Version: '2012-10-17', Statement: [statement()] });
    });

    it('requires the external id when ExternalId is given', () => {
      expect(trust({ ExternalId: 'cmt-4f1c' }).Statement).toEqual([statement({ StringEquals: { 'sts:ExternalId': 'cmt-4f1c' } })]);
    });

    it('requires the organization when ScannerOrganizationId is given', () => {
      expect(trust({ ScannerOrganizationId: 'o-a1b2c3d4e5' }).Statement).toEqual([
        statement({ StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }),
      ]);
    });

    it('narrows to one principal of the scanner account when ScannerPrincipalArn is given', () => {
      const arn = `arn:aws:iam::${SCANNER}:role/cmt-audit-github`;
      expect(trust({ ScannerPrincipalArn: arn }).Statement).toEqual([statement({ ArnLike: { 'aws:PrincipalArn': arn } })]);
    });

    it('combines all three', () => {
      const arn = `arn:aws:iam::${SCANNER}:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_Audit_*`;
      expect(trust({ ExternalId: 'cmt-4f1c', ScannerOrganizationId: 'o-a1b2c3d4e5', ScannerPrincipalArn: arn }).Statement).toEqual([
        statement({
          StringEquals: { 'sts:ExternalId': 'cmt-4f1c', 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' },
          ArnLike: { 'aws:PrincipalArn': arn },
        }),
      ]);
    });

    it('follows the partition of the stack', () => {
      expect(template.Resources[ORG_ROLE_LOGICAL_ID].Properties.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({
        AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${ScannerAccountId}:root' },
      });
    });
  });

  describe('the parameters', () => {
    it('require the scanner account id, as 12 digits', () => {
      expect(() => resolveParameters(template, {})).toThrow('ScannerAccountId: required (no default)');
      expect(() => resolveParameters(template, { ScannerAccountId: '12345' })).toThrow('ScannerAccountId: "12345" does not match');
    });

    it('refuse what IAM would refuse: an external id with a space, a role name with a slash, an STS session ARN', () => {
      const base = { ScannerAccountId: SCANNER };
      expect(() => resolveParameters(template, { ...base, ExternalId: 'has space' })).toThrow('ExternalId: "has space" does not match');
      expect(() => resolveParameters(template, { ...base, RoleName: 'a/b' })).toThrow('RoleName: "a/b" does not match');
      expect(() => resolveParameters(template, { ...base, ScannerPrincipalArn: `arn:aws:sts::${SCANNER}:assumed-role/x/y` })).toThrow(
        'ScannerPrincipalArn: ',
      );
      expect(() => resolveParameters(template, { ...base, ScannerOrganizationId: 'r-abcd' })).toThrow('ScannerOrganizationId: "r-abcd" does not match');
    });

    it('accept the values the docs show', () => {
      expect(
        resolveParameters(template, {
          ScannerAccountId: SCANNER,
          ExternalId: 'cmt-audit-7f3a9c',
          ScannerOrganizationId: 'o-a1b2c3d4e5',
          ScannerPrincipalArn: `arn:aws-us-gov:iam::${SCANNER}:role/path/cmt-audit-scanner`,
        }),
      ).toMatchObject({ RoleName: 'CmtAuditReadOnly', MaxSessionDuration: '3600' });
    });
  });
});

describe('the template evaluator (test support) catches what it is there to catch', () => {
  it('an undeclared Ref, condition or Fn::Sub variable, and an unknown function', () => {
    expect(
      templateProblems({
        Parameters: { A: { Type: 'String' } },
        Conditions: { C: { 'Fn::Equals': [{ Ref: 'A' }, ''] } },
        Resources: {
          R: {
            Type: 'AWS::IAM::Role',
            Properties: { X: { Ref: 'B' }, Y: { 'Fn::If': ['D', 1, 2] }, Z: { 'Fn::Sub': '${A}-${E}' }, W: { 'Fn::Split': [',', 'a'] } },
          },
        },
      }),
    ).toEqual([
      'template.Resources.R.Properties.X: Ref to undeclared B',
      'template.Resources.R.Properties.Y: Fn::If on undeclared condition D',
      'template.Resources.R.Properties.Z: Fn::Sub variable ${E} is not declared',
      'template.Resources.R.Properties.W: unknown function Fn::Split',
    ]);
  });
});
