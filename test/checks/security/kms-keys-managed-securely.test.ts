import { expect } from 'vitest';
import { callKey } from '../../../src/aws/snapshot.js';
import check from '../../../src/checks/security/kms-keys-managed-securely.js';
import { DENIED_EXCEPTION, HOME, awsError, testCheck } from '../../support/check-tester.js';

const ACCT = '123456789012';
const ROOT = `arn:aws:iam::${ACCT}:root`;
const k = (operation: string, input: Record<string, unknown> = {}, region = HOME) => callKey('kms', operation, input, region);
const keyArn = (id: string, region = HOME) => `arn:aws:kms:${region}:${ACCT}:key/${id}`;

const ACCOUNT_ROOT_ADMIN = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' };
const OPEN_TO_ALL = { Sid: 'AllowEveryone', Effect: 'Allow', Principal: { AWS: '*' }, Action: ['kms:Decrypt', 'kms:Encrypt'], Resource: '*' };
const VIA_SERVICE = { ...OPEN_TO_ALL, Sid: 'ViaS3', Condition: { StringEquals: { 'kms:CallerAccount': ACCT, 'kms:ViaService': `s3.${HOME}.amazonaws.com` } } };

interface KeySpec {
  manager?: 'AWS' | 'CUSTOMER';
  spec?: string;
  usage?: string;
  origin?: string;
  state?: string;
  rotation?: boolean | 'denied';
  policy?: object[] | 'denied';
  deletion?: string;
}

/** ListKeys plus, per key, the responses the check asks for (only those it asks for). */
function keys(specs: Record<string, KeySpec>, region = HOME): Record<string, unknown> {
  const r: Record<string, unknown> = { [k('ListKeys', {}, region)]: { Keys: Object.keys(specs).map((id) => ({ KeyId: id, KeyArn: keyArn(id, region) })) } };
  for (const [id, s] of Object.entries(specs)) {
    const KeyMetadata = {
      KeyId: id,
      Arn: keyArn(id, region),
      KeyManager: s.manager ?? 'CUSTOMER',
      KeySpec: s.spec ?? 'SYMMETRIC_DEFAULT',
      KeyUsage: s.usage ?? 'ENCRYPT_DECRYPT',
      Origin: s.origin ?? 'AWS_KMS',
      KeyState: s.state ?? 'Enabled',
      Enabled: (s.state ?? 'Enabled') === 'Enabled',
      Description: `${id} key`,
      ...(s.deletion ? { DeletionDate: s.deletion } : {}),
    };
    r[k('DescribeKey', { KeyId: id }, region)] = { KeyMetadata };
    if (KeyMetadata.KeyManager === 'AWS' || s.deletion) continue;
    r[k('GetKeyPolicy', { KeyId: id, PolicyName: 'default' }, region)] =
      s.policy === 'denied' ? DENIED_EXCEPTION : { PolicyName: 'default', Policy: JSON.stringify({ Version: '2012-10-17', Statement: s.policy ?? [ACCOUNT_ROOT_ADMIN] }) };
    if (s.rotation !== undefined) {
      r[k('GetKeyRotationStatus', { KeyId: id }, region)] = s.rotation === 'denied' ? DENIED_EXCEPTION : { KeyId: id, KeyRotationEnabled: s.rotation, ...(s.rotation ? { RotationPeriodInDays: 365 } : {}) };
    }
  }
  return r;
}

testCheck(check, {
  met: [
    {
      name: 'rotatedKeysWithScopedPoliciesOtherKeyManagersLeftToPeople',
      responses: keys({
        'aws-s3': { manager: 'AWS' },
        'app-data': { rotation: true, policy: [ACCOUNT_ROOT_ADMIN, VIA_SERVICE] },
        'jwt-signing': { spec: 'RSA_2048', usage: 'SIGN_VERIFY' },
        'byok': { origin: 'EXTERNAL' },
        'retired': { state: 'Disabled' },
      }),
      expect: {
        status: 'manual',
        message: 'Keys kept outside AWS KMS (HashiCorp Vault',
        check: (r) => {
          expect(r.findings.filter((f) => f.status === 'met').map((f) => f.resource).sort()).toEqual(['app-data', 'byok', 'jwt-signing', 'retired'].map((id) => keyArn(id)));
          expect(r.findings.find((f) => f.resource === keyArn('jwt-signing'))?.evidence).toMatchObject({ rotation: 'not available for this key type (rotate manually)' });
        },
      },
    },
    {
      name: 'onlyAwsManagedKeysInOtherRegion',
      regions: [HOME, 'eu-west-1'],
      responses: { ...keys({ 'aws-ebs': { manager: 'AWS' } }), ...keys({ 'aws-rds': { manager: 'AWS' } }, 'eu-west-1') },
      expect: { status: 'manual', check: (r) => expect(r.findings.filter((f) => f.status === 'met')).toHaveLength(2) },
    },
    {
      name: 'keyDeletedBeforeItsRotationStatusWasReadIsLeftOut',
      responses: { ...keys({ gone: { rotation: true } }), [k('GetKeyRotationStatus', { KeyId: 'gone' })]: awsError('NotFoundException') },
      expect: { status: 'manual', check: (r) => expect(r.findings.filter((f) => f.status === 'not-met')).toEqual([]) },
    },
  ],
  notMet: [
    { name: 'rotationOff', responses: keys({ 'billing-data': { rotation: false } }), expect: { resources: [keyArn('billing-data')], message: 'automatic key rotation is off' } },
    {
      name: 'policyOpenToEveryoneWithoutCondition',
      responses: keys({ shared: { rotation: true, policy: [ACCOUNT_ROOT_ADMIN, OPEN_TO_ALL] } }),
      expect: { resources: [keyArn('shared')], message: 'lets any AWS principal use it without a condition (AllowEveryone)' },
    },
    {
      name: 'principalStarStringAndNoRotation',
      responses: keys({ legacy: { rotation: false, policy: [{ Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' }] } }),
      expect: { message: /statement 1\); automatic key rotation is off/ },
    },
  ],
  cannotTell: [
    {
      name: 'keyPendingDeletionNeedsPeople',
      responses: keys({ 'old-exports': { state: 'PendingDeletion', deletion: '2026-06-20T00:00:00.000Z' } }),
      expect: { status: 'manual', resources: [keyArn('old-exports'), ROOT], message: 'scheduled for deletion on 2026-06-20' },
    },
    {
      name: 'listKeysDenied',
      responses: { [k('ListKeys')]: DENIED_EXCEPTION },
      expect: { missingPermission: 'kms:ListKeys' },
    },
    {
      name: 'oneKeyUnreadableOthersJudged',
      responses: {
        ...keys({ locked: { policy: 'denied' }, rotating: { rotation: 'denied' }, ok: { rotation: true } }),
        [k('DescribeKey', { KeyId: 'hidden' })]: DENIED_EXCEPTION,
        [k('ListKeys')]: { Keys: ['locked', 'rotating', 'ok', 'hidden'].map((id) => ({ KeyId: id, KeyArn: keyArn(id) })) },
      },
      expect: {
        check: (r) => {
          const errors = Object.fromEntries(r.findings.filter((f) => f.status === 'error').map((f) => [f.resource, f.missingPermission]));
          expect(errors).toEqual({ [keyArn('locked')]: 'kms:GetKeyPolicy', [keyArn('rotating')]: 'kms:GetKeyRotationStatus', [keyArn('hidden')]: 'kms:DescribeKey' });
          expect(r.findings.find((f) => f.resource === keyArn('ok'))?.status).toBe('met');
        },
      },
    },
  ],
});
