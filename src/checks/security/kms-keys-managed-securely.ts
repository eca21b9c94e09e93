// 1.23 Cryptographic keys are managed securely.
// AWS KMS keeps key material in FIPS-validated HSMs and serves it only over TLS, so keys in KMS are
// encrypted at rest and in transit; what the account controls is access and rotation. Per region,
// ListKeys + DescribeKey, customer managed keys only (KeyManager CUSTOMER; AWS managed keys rotate
// yearly and their policies are AWS's):
//  - key policy (GetKeyPolicy "default") with an Allow for Principal "*" / {"AWS": "*"} and no Condition
//    → not met: any AWS principal of any account may use the key;
//  - enabled symmetric encryption keys with AWS_KMS key material (the only ones KMS can rotate
//    automatically) and rotation off (GetKeyRotationStatus) → not met. Asymmetric, HMAC, imported
//    (Origin EXTERNAL) and custom key store keys cannot rotate automatically: noted in evidence;
//  - PendingDeletion → manual: data still encrypted under the key becomes unreadable on the deletion
//    date; people confirm nothing depends on it (the policy and rotation no longer matter).
// One key whose metadata or policy cannot be read → error for that key only. Keys kept outside KMS
// (HashiCorp Vault, CloudHSM, application keystores, TLS private keys) are attested: one `manual`
// finding per scan, so with nothing flagged the item rolls up to manual.
import type { KeyMetadata } from '@aws-sdk/client-kms';
import type { Finding } from '../../model.js';
import { isAccountRun } from '../account-run.js';
import { defineCheck, errorFinding, manual, met, notMet, type CheckContext } from '../define-check.js';
import { parsePolicyDocument } from '../policy-document.js';
import { guard } from '../transit/common.js';

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
    const keys = await ctx.aws.kms.keys(ctx.region);
    const judged = await Promise.all(
      keys.map((k) => guard(k.KeyArn ?? `arn:${ctx.account.partition}:kms:${ctx.region}:${ctx.account.id}:key/${k.KeyId}`, () => judgeKey(ctx, k.KeyId!))),
    );
    const findings = judged.flat();
    if (findings.length === 0) {
      findings.push(
        met(`arn:${ctx.account.partition}:kms:${ctx.region}:${ctx.account.id}:key/*`, `No customer managed KMS keys in ${ctx.region} (AWS managed keys: ${keys.length}).`),
      );
    }
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

async function judgeKey(ctx: CheckContext, keyId: string): Promise<Finding[]> {
  const md = await ctx.aws.kms.describeKey(ctx.region, keyId);
  if (!md || md.KeyManager !== 'CUSTOMER') return [];
  const arn = md.Arn!;
  const name = `Customer managed key ${md.KeyId}${md.Description ? ` (${md.Description})` : ''}`;
  const evidence: Record<string, unknown> = { keySpec: md.KeySpec, keyUsage: md.KeyUsage, origin: md.Origin, keyState: md.KeyState, multiRegion: md.MultiRegion };
  if (md.KeyState === 'PendingDeletion' || md.KeyState === 'PendingReplicaDeletion') {
    const when = md.DeletionDate ? ` on ${md.DeletionDate.toISOString().slice(0, 10)}` : '';
    return [manual(arn, `${name} is scheduled for deletion${when}: confirm no data is still encrypted under it (CloudTrail shows recent use), or cancel the deletion.`, evidence)];
  }
  const problems: string[] = [];
  const document = await ctx.aws.kms.keyPolicy(ctx.region, keyId);
  if (document === undefined) return [];
  const parsed = parsePolicyDocument(document);
  if (!parsed.ok) return [errorFinding(arn, `could not tell: the key policy of ${md.KeyId} is unreadable (${parsed.reason})`)];
  const open = parsed.statements.filter((s) => s.effect === 'Allow' && !s.hasCondition && isEveryone(s.principal)).map((s) => s.sid ?? `statement ${s.index}`);
  if (open.length) problems.push(`its key policy lets any AWS principal use it without a condition (${open.join(', ')})`);
  if (rotatable(md)) {
    const status = await ctx.aws.kms.rotationStatus(ctx.region, keyId);
    if (!status) return []; // deleted since ListKeys (NotFoundException): gone, not "rotation off"
    evidence.rotation = status.KeyRotationEnabled ? `every ${status.RotationPeriodInDays ?? 365} days` : 'off';
    if (!status.KeyRotationEnabled) problems.push('automatic key rotation is off');
  } else {
    evidence.rotation = md.KeyState === 'Enabled' ? 'not available for this key type (rotate manually)' : `not checked (key ${md.KeyState})`;
  }
  if (problems.length) return [notMet(arn, `${name}: ${problems.join('; ')}.`, evidence)];
  return [met(arn, `${name}: no open key policy statement; rotation ${String(evidence.rotation)}.`, evidence)];
}

/** Only enabled symmetric encryption keys with KMS-generated material in the default key store rotate automatically. */
function rotatable(md: KeyMetadata): boolean {
  return md.KeyState === 'Enabled' && md.KeySpec === 'SYMMETRIC_DEFAULT' && md.KeyUsage === 'ENCRYPT_DECRYPT' && md.Origin === 'AWS_KMS' && !md.CustomKeyStoreId;
}

function isEveryone(principal: unknown): boolean {
  if (principal === '*') return true;
  const aws = (principal as { AWS?: unknown } | undefined)?.AWS;
  return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
}
