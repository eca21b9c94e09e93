import { expect } from 'vitest';
import { callKey } from '../../../src/aws/snapshot.js';
import check from '../../../src/checks/security/kms-keys-managed-securely.js';
import { DENIED_EXCEPTION, HOME, awsError, testCheck } from '../../support/check-tester.js';

const ACCT = '123456789012';
const ROOT = `arn:aws:iam::${ACCT}:root`;
const k = (operation: string, input: Record<string, unknown> = {}, region = HOME) => callKey('kms', operation, input, region);
const keyArn = (id: string, region = HOME) => `arn:aws:kms:${region}:${ACCT}:key/${id}`;
const regionKeys = (region = HOME) => `arn:aws:kms:${region}:${ACCT}:key/*`;

const ACCOUNT_ROOT_ADMIN = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' };
const OPEN_TO_ALL = { Sid: 'AllowEveryone', Effect: 'Allow', Principal: { AWS: '*' }, Action: ['kms:Decrypt', 'kms:Encrypt'], Resource: '*' };
const VIA_SERVICE = { ...OPEN_TO_ALL, Sid: 'ViaS3', Condition: { StringEquals: { 'kms:CallerAccount': ACCT, 'kms:ViaService': `s3.${HOME}.amazonaws.com` } } };
const DENY_ALL = { Sid: 'DenyEveryoneElse', Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*' };

interface KeySpec {
  manager?: 'AWS' | 'CUSTOMER' | 'none';
  spec?: string;
  usage?: string;
  origin?: string;
  state?: string;
  customKeyStore?: boolean;
  rotation?: boolean | 'denied' | 'gone';
  policy?: object[] | 'denied' | 'gone' | string;
  deletion?: string;
}

/** ListKeys plus, per key, the responses the check asks for (only those it asks for). */
function keys(specs: Record<string, KeySpec>, region = HOME): Record<string, unknown> {
  const r: Record<string, unknown> = { [k('ListKeys', {}, region)]: { Keys: Object.keys(specs).map((id) => ({ KeyId: id, KeyArn: keyArn(id, region) })) } };
  for (const [id, s] of Object.entries(specs)) {
    const KeyMetadata = {
      KeyId: id,
      Arn: keyArn(id, region),
      ...(s.manager === 'none' ? {} : { KeyManager: s.manager ?? 'CUSTOMER' }),
      KeySpec: s.spec ?? 'SYMMETRIC_DEFAULT',
      KeyUsage: s.usage ?? 'ENCRYPT_DECRYPT',
      Origin: s.origin ?? 'AWS_KMS',
      KeyState: s.state ?? 'Enabled',
      Enabled: (s.state ?? 'Enabled') === 'Enabled',
      Description: `${id} key`,
      ...(s.customKeyStore ? { CustomKeyStoreId: 'cks-1234567890abcdef0' } : {}),
      ...(s.deletion ? { DeletionDate: s.deletion } : {}),
    };
    r[k('DescribeKey', { KeyId: id }, region)] = { KeyMetadata };
    if (KeyMetadata.KeyManager !== 'CUSTOMER' || s.deletion) continue;
    r[k('GetKeyPolicy', { KeyId: id, PolicyName: 'default' }, region)] =
      s.policy === 'denied'
        ? DENIED_EXCEPTION
        : s.policy === 'gone'
          ? awsError('NotFoundException')
          : { PolicyName: 'default', Policy: typeof s.policy === 'string' ? s.policy : JSON.stringify({ Version: '2012-10-17', Statement: s.policy ?? [ACCOUNT_ROOT_ADMIN] }) };
    if (s.rotation !== undefined) {
      r[k('GetKeyRotationStatus', { KeyId: id }, region)] =
        s.rotation === 'denied'
          ? DENIED_EXCEPTION
          : s.rotation === 'gone'
            ? awsError('NotFoundException')
            : { KeyId: id, KeyRotationEnabled: s.rotation, ...(s.rotation ? { RotationPeriodInDays: 365 } : {}) };
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
        'app-data': { rotation: true, policy: [ACCOUNT_ROOT_ADMIN, VIA_SERVICE, DENY_ALL] },
        'jwt-signing': { spec: 'RSA_2048', usage: 'SIGN_VERIFY' },
        'mac': { spec: 'HMAC_256', usage: 'GENERATE_VERIFY_MAC' },
        'byok': { origin: 'EXTERNAL' },
        'in-cloudhsm': { origin: 'AWS_CLOUDHSM', customKeyStore: true },
        'retired': { state: 'Disabled' },
      }),
      expect: {
        status: 'manual',
        resources: [ROOT],
        metResources: ['app-data', 'jwt-signing', 'mac', 'byok', 'in-cloudhsm', 'retired'].map((id) => keyArn(id)),
        message: 'Keys kept outside AWS KMS (HashiCorp Vault',
        check: (r) => {
          const rotation = (id: string) => r.findings.find((f) => f.resource === keyArn(id))?.evidence?.rotation;
          expect(rotation('app-data')).toBe('every 365 days');
          expect(rotation('jwt-signing')).toBe('not available for this key type (rotate manually)');
          expect(rotation('in-cloudhsm')).toBe('not available for this key type (rotate manually)');
          expect(rotation('retired')).toBe('not checked (key Disabled)');
        },
      },
    },
    {
      name: 'onlyAwsManagedKeysInEachRegionNothingToJudge',
      regions: [HOME, 'eu-west-1'],
      responses: { ...keys({ 'aws-ebs': { manager: 'AWS' }, 'aws-s3': { manager: 'AWS' } }), ...keys({ 'aws-rds': { manager: 'AWS' } }, 'eu-west-1') },
      expect: {
        status: 'manual',
        resources: [ROOT],
        metResources: [regionKeys(), regionKeys('eu-west-1')],
        check: (r) =>
          expect(r.findings.filter((f) => f.status === 'met').map((f) => [f.message, f.evidence])).toEqual([
            ['No customer managed KMS key to judge in us-east-1 (AWS managed keys: 2).', { keysListed: 2, awsManaged: 2 }],
            ['No customer managed KMS key to judge in eu-west-1 (AWS managed keys: 1).', { keysListed: 1, awsManaged: 1 }],
          ]),
      },
    },
    {
      name: 'emptyRegionDoesNotHoldTheItemBack',
      regions: [HOME, 'ap-south-1'],
      responses: { ...keys({ 'app-data': { rotation: true } }), [k('ListKeys', {}, 'ap-south-1')]: { Keys: [] } },
      expect: { status: 'manual', resources: [ROOT], metResources: [keyArn('app-data'), regionKeys('ap-south-1')] },
    },
    {
      name: 'keysDeletedSinceTheyWereListedAreLeftOut',
      responses: {
        ...keys({ gone: { rotation: 'gone' }, 'policy-gone': { policy: 'gone', rotation: true }, described: { rotation: true } }),
        [k('DescribeKey', { KeyId: 'described' })]: awsError('NotFoundException'),
      },
      expect: {
        status: 'manual',
        resources: [ROOT],
        metResources: [regionKeys()],
        check: (r) => expect(r.findings.find((f) => f.status === 'met')?.evidence).toEqual({ keysListed: 3, awsManaged: 0 }),
      },
    },
    {
      name: 'keysListedWithoutArnsRotationPeriodsAndStatementsWithoutPrincipal',
      responses: {
        [k('ListKeys')]: { Keys: [{ KeyId: 'bare' }, { KeyId: 'half-year' }, { KeyId: 'hidden' }] },
        [k('DescribeKey', { KeyId: 'bare' })]: { KeyMetadata: { KeyId: 'bare', Arn: keyArn('bare'), KeyManager: 'CUSTOMER', KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT', Origin: 'AWS_KMS', KeyState: 'Enabled' } },
        [k('GetKeyPolicy', { KeyId: 'bare', PolicyName: 'default' })]: {
          Policy: JSON.stringify({ Version: '2012-10-17', Statement: [ACCOUNT_ROOT_ADMIN, { Sid: 'NoPrincipal', Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }] }),
        },
        [k('GetKeyRotationStatus', { KeyId: 'bare' })]: { KeyRotationEnabled: true },
        ...Object.fromEntries(Object.entries(keys({ 'half-year': { rotation: true } })).filter(([key]) => !key.includes('ListKeys'))),
        [k('GetKeyRotationStatus', { KeyId: 'half-year' })]: { KeyId: 'half-year', KeyRotationEnabled: true, RotationPeriodInDays: 180 },
        [k('DescribeKey', { KeyId: 'hidden' })]: awsError('NotFoundException'),
      },
      expect: {
        status: 'manual',
        resources: [ROOT],
        metResources: [keyArn('bare'), keyArn('half-year')],
        check: (r) =>
          expect(r.findings.filter((f) => f.status === 'met').map((f) => f.message)).toEqual([
            'Customer managed key bare: no open key policy statement; rotation every 365 days.',
            'Customer managed key half-year (half-year key): no open key policy statement; rotation every 180 days.',
          ]),
      },
    },
  ],
  notMet: [
    { name: 'rotationOff', responses: keys({ 'billing-data': { rotation: false } }), expect: { resources: [keyArn('billing-data')], message: 'automatic key rotation is off' } },
    {
      name: 'oneOfSeveralKeysDoesNotRotate',
      responses: keys({ 'orders': { rotation: true }, 'billing-data': { rotation: false }, 'sessions': { rotation: true }, 'aws-s3': { manager: 'AWS' } }),
      expect: { resources: [keyArn('billing-data')], metResources: [keyArn('orders'), keyArn('sessions')] },
    },
    {
      name: 'policyOpenToEveryoneWithoutCondition',
      responses: keys({
        shared: { rotation: true, policy: [ACCOUNT_ROOT_ADMIN, OPEN_TO_ALL, { ...OPEN_TO_ALL, Sid: 'AlsoEveryone', Principal: '*' }] },
        scoped: { rotation: true, policy: [ACCOUNT_ROOT_ADMIN, VIA_SERVICE] },
      }),
      expect: { resources: [keyArn('shared')], metResources: [keyArn('scoped')], message: 'lets any AWS principal use it without a condition (AllowEveryone, AlsoEveryone).' },
    },
    {
      name: 'principalStarStringAndNoRotation',
      responses: keys({ legacy: { rotation: false, policy: [{ Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' }] } }),
      expect: { resources: [keyArn('legacy')], message: 'Customer managed key legacy (legacy key): its key policy lets any AWS principal use it without a condition (statement 1); automatic key rotation is off.' },
    },
    {
      name: 'principalListWithStarAndOpenDisabledKey',
      responses: keys({
        listed: { rotation: true, policy: [{ ...OPEN_TO_ALL, Principal: { AWS: [ROOT, '*'] } }] },
        parked: { state: 'Disabled', policy: [OPEN_TO_ALL] },
        named: { rotation: true, policy: [{ ...OPEN_TO_ALL, Principal: { AWS: [ROOT, 'arn:aws:iam::444455556666:root'] } }] },
      }),
      expect: { resources: [keyArn('listed'), keyArn('parked')], metResources: [keyArn('named')] },
    },
    {
      name: 'openPolicyStandsWhenRotationCannotBeRead',
      responses: keys({ shared: { rotation: 'denied', policy: [OPEN_TO_ALL] } }),
      expect: {
        resources: [keyArn('shared')],
        message: 'Customer managed key shared (shared key): its key policy lets any AWS principal use it without a condition (AllowEveryone).',
        check: (r) => {
          expect(r.findings.find((f) => f.resource === keyArn('shared'))?.evidence).toMatchObject({ rotation: 'unknown (could not tell: missing permission kms:GetKeyRotationStatus)' });
          expect(r.findings.filter((f) => f.status === 'error')).toEqual([]);
        },
      },
    },
    {
      name: 'rotationOffStandsWhenPolicyCannotBeRead',
      responses: keys({ legacy: { rotation: false, policy: 'denied' } }),
      expect: {
        resources: [keyArn('legacy')],
        message: 'Customer managed key legacy (legacy key): automatic key rotation is off.',
        check: (r) => expect(r.findings.find((f) => f.resource === keyArn('legacy'))?.evidence).toMatchObject({ keyPolicy: 'unknown (could not tell: missing permission kms:GetKeyPolicy)', rotation: 'off' }),
      },
    },
  ],
  cannotTell: [
    {
      name: 'keysPendingDeletionNeedPeople',
      responses: keys({
        'old-exports': { state: 'PendingDeletion', deletion: '2026-06-20T00:00:00.000Z' },
        'old-replica': { state: 'PendingReplicaDeletion', deletion: '2026-06-25T00:00:00.000Z' },
        'no-date': { state: 'PendingDeletion', deletion: undefined },
        'current': { rotation: true },
      }),
      expect: {
        status: 'manual',
        resources: [keyArn('old-exports'), keyArn('old-replica'), keyArn('no-date'), ROOT],
        metResources: [keyArn('current')],
        message: 'Customer managed key old-exports (old-exports key) is scheduled for deletion on 2026-06-20: confirm no data is still encrypted under it',
      },
    },
    {
      name: 'listKeysDeniedOtherAttestationsStillAsked',
      responses: { [k('ListKeys')]: DENIED_EXCEPTION },
      expect: { resources: [regionKeys()], missingPermission: 'kms:ListKeys', check: (r) => expect(r.findings.map((f) => f.resource)).toEqual([regionKeys(), ROOT]) },
    },
    {
      name: 'listKeysDeniedInOneRegionOnly',
      regions: [HOME, 'eu-west-1'],
      responses: { ...keys({ 'app-data': { rotation: true } }), [k('ListKeys', {}, 'eu-west-1')]: DENIED_EXCEPTION },
      expect: { resources: [regionKeys('eu-west-1')], metResources: [keyArn('app-data')] },
    },
    {
      name: 'oneKeyUnreadableOthersJudged',
      responses: {
        ...keys({ locked: { policy: 'denied', rotation: true }, rotating: { rotation: 'denied' }, both: { policy: 'denied', rotation: 'denied' }, ok: { rotation: true } }),
        [k('DescribeKey', { KeyId: 'hidden' })]: DENIED_EXCEPTION,
        [k('ListKeys')]: { Keys: ['locked', 'rotating', 'both', 'ok', 'hidden'].map((id) => ({ KeyId: id, KeyArn: keyArn(id) })) },
      },
      expect: {
        resources: [keyArn('locked'), keyArn('rotating'), keyArn('both'), keyArn('both'), keyArn('hidden')],
        metResources: [keyArn('ok')],
        check: (r) =>
          expect(r.findings.filter((f) => f.status === 'error').map((f) => [f.resource, f.missingPermission])).toEqual([
            [keyArn('locked'), 'kms:GetKeyPolicy'],
            [keyArn('rotating'), 'kms:GetKeyRotationStatus'],
            [keyArn('both'), 'kms:GetKeyPolicy'],
            [keyArn('both'), 'kms:GetKeyRotationStatus'],
            [keyArn('hidden'), 'kms:DescribeKey'],
          ]),
      },
    },
    {
      name: 'keyListedWithoutArnCannotBeDescribed',
      responses: { [k('ListKeys')]: { Keys: [{ KeyId: 'no-arn' }] }, [k('DescribeKey', { KeyId: 'no-arn' })]: DENIED_EXCEPTION },
      expect: { resources: [keyArn('no-arn')], missingPermission: 'kms:DescribeKey' },
    },
    {
      name: 'keyWithoutKeyManagerIsNotReadAsAwsManaged',
      responses: keys({ odd: { manager: 'none' } }),
      expect: { resources: [keyArn('odd')], message: 'could not tell: kms:DescribeKey@us-east-1 {"KeyId":"odd"} answered a malformed response: KeyMetadata.KeyManager is missing' },
    },
    {
      name: 'keyPolicyNotJson',
      responses: keys({ odd: { rotation: true, policy: '{not json' } }),
      expect: { resources: [keyArn('odd')], message: /^could not tell: the key policy of odd is unreadable \(not URL-encoded JSON/ },
    },
  ],
});
