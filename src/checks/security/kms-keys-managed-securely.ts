// 1.23 Cryptographic keys are managed securely.
// AWS KMS keeps key material in FIPS-validated HSMs and serves it only over TLS, so keys in KMS are
// encrypted at rest and in transit; what the account controls is access and rotation. Per region,
// ListKeys + DescribeKey, customer managed keys only (KeyManager CUSTOMER; AWS managed keys rotate
// yearly and their policies are AWS's; a key that shows no KeyManager is an error, never skipped):
//  - key policy (GetKeyPolicy "default") with an Allow for Principal "*" / {"AWS": "*"} and no Condition
//    → not met: any AWS principal of any account may use the key (disabled keys included: anyone allowed
//    kms:* may enable it again);
//  - enabled symmetric encryption keys with AWS_KMS key material (the only ones KMS can rotate
//    automatically) and rotation off (GetKeyRotationStatus) → not met. Asymmetric, HMAC, imported
//    (Origin EXTERNAL) and custom key store keys cannot rotate automatically: noted in evidence;
//  - PendingDeletion / PendingReplicaDeletion → manual: data still encrypted under the key becomes
//    unreadable on the deletion date; people confirm nothing depends on it (policy and rotation no
//    longer matter).
// The policy and the rotation status are read independently: one that cannot be read leaves the key's
// verdict to the other when that one already fails it (the unknown part is evidence), else the key is
// an error. A key deleted since ListKeys is left out. A region with no customer managed key is one met
// finding saying so. Keys kept outside KMS (HashiCorp Vault, CloudHSM, application keystores, TLS private
// keys) are attested: one `manual` finding per scan, so with nothing flagged the item rolls up to manual.
import type { KeyMetadata } from '@aws-sdk/client-kms';
import type { AwsDataError } from '../../errors.js';
import type { Finding } from '../../model.js';
import { isAccountRun } from '../account-run.js';
import { defineCheck, errorFinding, findingFromError, manual, met, notMet, type CheckContext } from '../define-check.js';
import { parsePolicyDocument } from '../policy-document.js';
import { attempt, guard, type Attempt } from '../transit/common.js';

export default defineCheck({
  meta: {
    id: '1.23',
    kind: 'partial',
    scope: 'region',
    permissions: ['kms:ListKeys', 'kms:DescribeKey', 'kms:GetKeyRotationStatus', 'kms:GetKeyPolicy'],
    remediation:
      'Enable automatic rotation on customer managed symmetric keys (kms:EnableKeyRotation); scope key policies ' +
      'to named principals (or add conditions such as kms:CallerAccount and kms:ViaService) instead of "*"; ' +
      'cancel the deletion of keys that still protect data.',
    docs: 'https://docs.aws.amazon.com/prescriptive-guidance/latest/aws-kms-best-practices/data-protection.html',
  },
  async run(ctx) {
    const { partition, id } = ctx.account;
    const keyArn = (keyId: string) => `arn:${partition}:kms:${ctx.region}:${id}:key/${keyId}`;
    const findings = await guard(keyArn('*'), async () => {
      const keys = await ctx.aws.kms.keys(ctx.region);
      let awsManaged = 0;
      const judged = await Promise.all(
        keys.map((k) => {
          const listedArn = k.KeyArn ?? keyArn(k.KeyId!);
          return guard(listedArn, async () => {
            const md = await ctx.aws.kms.describeKey(ctx.region, k.KeyId!);
            if (!md) return []; // deleted since ListKeys
            if (md.KeyManager === 'AWS') {
              awsManaged++;
              return [];
            }
            const arn = md.Arn ?? listedArn;
            if (md.KeyManager !== 'CUSTOMER') return [errorFinding(arn, `could not tell: DescribeKey shows no KeyManager (AWS or CUSTOMER) for key ${k.KeyId}`)];
            return judgeKey(ctx, md, arn);
          });
        }),
      );
      const found = judged.flat();
      if (found.length > 0) return found;
      return [met(keyArn('*'), `No customer managed KMS key to judge in ${ctx.region} (AWS managed keys: ${awsManaged}).`, { keysListed: keys.length, awsManaged })];
    });
    if (isAccountRun(ctx)) {
      findings.push(
        manual(
          ctx.account.rootArn,
          'Keys kept outside AWS KMS (HashiCorp Vault, CloudHSM, application keystores, TLS private keys, signing ' +
            'keys) must be encrypted at rest and in transit, with access controlled: people attest how, with evidence.',
        ),
      );
    }
    return findings;
  },
});

/** A look whose key was deleted since ListKeys (NotFoundException → undefined). */
const gone = (a: Attempt<unknown> | undefined) => a !== undefined && 'value' in a && a.value === undefined;

async function judgeKey(ctx: CheckContext, md: KeyMetadata, arn: string): Promise<Finding[]> {
  const keyId = md.KeyId!;
  const name = `Customer managed key ${keyId}${md.Description ? ` (${md.Description})` : ''}`;
  const evidence: Record<string, unknown> = { keySpec: md.KeySpec, keyUsage: md.KeyUsage, origin: md.Origin, keyState: md.KeyState, multiRegion: md.MultiRegion };
  if (md.KeyState === 'PendingDeletion' || md.KeyState === 'PendingReplicaDeletion') {
    const when = md.DeletionDate ? ` on ${md.DeletionDate.toISOString().slice(0, 10)}` : '';
    return [manual(arn, `${name} is scheduled for deletion${when}: confirm no data is still encrypted under it (CloudTrail shows recent use), or cancel the deletion.`, evidence)];
  }
  const canRotate = rotatable(md);
  const [policy, rotation] = await Promise.all([
    attempt(() => ctx.aws.kms.keyPolicy(ctx.region, keyId)),
    canRotate ? attempt(() => ctx.aws.kms.rotationStatus(ctx.region, keyId)) : undefined,
  ]);
  if (gone(policy) || gone(rotation)) return [];
  const problems: string[] = [];
  const failures: AwsDataError[] = [];
  if ('failed' in policy) {
    failures.push(policy.failed);
    evidence.keyPolicy = `unknown (could not tell: ${policy.failed.message})`;
  } else {
    const parsed = parsePolicyDocument(policy.value!);
    if (!parsed.ok) return [errorFinding(arn, `could not tell: the key policy of ${keyId} is unreadable (${parsed.reason})`)];
    const open = parsed.statements.filter((s) => s.effect === 'Allow' && !s.hasCondition && isEveryone(s.principal)).map((s) => s.sid ?? `statement ${s.index}`);
    if (open.length) problems.push(`its key policy lets any AWS principal use it without a condition (${open.join(', ')})`);
  }
  if (!rotation) {
    evidence.rotation = md.KeyState === 'Enabled' ? 'not available for this key type (rotate manually)' : `not checked (key ${md.KeyState})`;
  } else if ('failed' in rotation) {
    failures.push(rotation.failed);
    evidence.rotation = `unknown (could not tell: ${rotation.failed.message})`;
  } else {
    const status = rotation.value!;
    evidence.rotation = status.KeyRotationEnabled ? `every ${status.RotationPeriodInDays ?? 365} days` : 'off';
    if (!status.KeyRotationEnabled) problems.push('automatic key rotation is off');
  }
  // A failure found alongside the verdict stands (the unknown part is in the evidence); without one, the key cannot be told.
  if (problems.length) return [notMet(arn, `${name}: ${problems.join('; ')}.`, evidence)];
  if (failures.length) return failures.map((err) => findingFromError(err, arn));
  return [met(arn, `${name}: no open key policy statement; rotation ${String(evidence.rotation)}.`, evidence)];
}

/**
 * Only enabled symmetric encryption keys (KeySpec SYMMETRIC_DEFAULT, always ENCRYPT_DECRYPT) with
 * KMS-generated material in the default key store (Origin AWS_KMS; custom key store keys have Origin
 * AWS_CLOUDHSM or EXTERNAL_KEY_STORE) rotate automatically.
 */
function rotatable(md: KeyMetadata): boolean {
  return md.KeyState === 'Enabled' && md.KeySpec === 'SYMMETRIC_DEFAULT' && md.Origin === 'AWS_KMS';
}

function isEveryone(principal: unknown): boolean {
  if (principal === '*') return true;
  const aws = (principal as { AWS?: unknown } | undefined)?.AWS;
  return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
}
