// 1.11 All credentials are encrypted at rest.
// The API can show where secrets are kept in plain text; names decide what a secret is (password, secret,
// token, api key, credential, private key …, not "…_ARN", "…_NAME", "…_TTL"; credential-patterns.ts).
// Per region:
//  - SSM Parameter Store (ssm:DescribeParameters, metadata only): a secret-named parameter whose Type is
//    String or StringList, not SecureString → not met (stored unencrypted); any other Type → error for it.
//  - Secrets Manager (secretsmanager:ListSecrets): every secret is KMS-encrypted (no KmsKeyId = the AWS
//    managed key aws/secretsmanager) → met, as evidence of where credentials live.
//  - Lambda (lambda:ListFunctions): environment variables are always encrypted at rest with an AWS managed
//    key, but then shown in plain text to anyone allowed lambda:GetFunctionConfiguration. A secret-named
//    variable with a value and no customer managed key (KMSKeyArn) → not met; with one → accepted.
//  - ECS task definitions (newest revision per family) and CloudFormation stack parameters (the same reads
//    as 1.10, workload-config.ts): a secret-named environment variable or parameter with a readable value
//    (not NoEcho "****", not an ARN or {{resolve:…}} reference) → not met.
// Values never reach a finding, only names. Credentials the partner solution stores itself (its database,
// configuration, on-premises components) need people: one `manual` finding, home region only.
import { isPlaintextSecret, isSecretName } from '../credential-patterns.js';
import { defineCheck, errorFinding, findingFromError, manual, met, notMet, type CheckContext } from '../define-check.js';
import { judgeSource, lambdaSource, stackSource, taskDefinitionSource, type ConfigItem } from '../workload-config.js';
import type { Finding } from '../../model.js';

export default defineCheck({
  meta: {
    id: '1.11',
    kind: 'partial',
    scope: 'region',
    permissions: [
      'ssm:DescribeParameters',
      'secretsmanager:ListSecrets',
      'lambda:ListFunctions',
      'ecs:ListTaskDefinitions',
      'ecs:DescribeTaskDefinition',
      'cloudformation:ListStacks',
      'cloudformation:DescribeStacks',
    ],
    remediation:
      'Keep credentials in Secrets Manager or as SSM SecureString parameters (KMS-encrypted) and pass references: ' +
      'ECS `secrets`, CloudFormation dynamic references or NoEcho parameters, Lambda code that reads the secret ' +
      '(or a customer managed key with encryption helpers for environment variables).',
    docs: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html',
  },
  async run(ctx) {
    const plaintext = (advice: string) => ({ notMet: 'keeps secrets in plain text', met: 'No secret-named value in plain text', advice });
    const findings = (
      await Promise.all([
        parameters(ctx),
        secrets(ctx),
        judgeSource(lambdaSource(ctx), lambdaSecrets, plaintext(
          'Lambda encrypts them only with an AWS managed key and shows them to anyone with lambda:GetFunctionConfiguration: ' +
            'read the secret from Secrets Manager at run time, or encrypt it with a customer managed KMS key.',
        )),
        judgeSource(taskDefinitionSource(ctx), plaintextSecrets, plaintext('Pass them through the container definition `secrets` (Secrets Manager or SSM SecureString).')),
        judgeSource(stackSource(ctx), plaintextSecrets, plaintext('Declare the parameters NoEcho or use dynamic references to Secrets Manager or SSM SecureString.')),
      ])
    ).flat();
    if (ctx.region === ctx.homeRegion) {
      findings.push(
        manual(
          ctx.account.rootArn,
          'Credentials the partner solution stores itself (its database, configuration, on-premises components, ' +
            'customer integrations) must be encrypted at rest: people attest how, with evidence.',
        ),
      );
    }
    return findings;
  },
});

const PARAMETER_TYPES = new Set(['String', 'StringList', 'SecureString']);

async function parameters({ aws, region, account }: CheckContext): Promise<Finding[]> {
  const all = `arn:${account.partition}:ssm:${region}:${account.id}:parameter/*`;
  let params: Awaited<ReturnType<CheckContext['aws']['ssm']['parameters']>>;
  try {
    params = await aws.ssm.parameters(region);
  } catch (err) {
    return [findingFromError(err, all)];
  }
  const arnOf = (p: (typeof params)[number]) => p.ARN ?? `${all.slice(0, -1)}${p.Name?.replace(/^\//, '')}`;
  const secretNamed = params.filter((p) => isSecretName(p.Name));
  // A Type outside the API's three cannot be read as encrypted or not.
  const unknown = secretNamed
    .filter((p) => !PARAMETER_TYPES.has(p.Type ?? ''))
    .map((p) => errorFinding(arnOf(p), `could not tell: ssm:DescribeParameters gave SSM parameter ${p.Name} the type ${JSON.stringify(p.Type ?? null)}`));
  const plain = secretNamed
    .filter((p) => p.Type === 'String' || p.Type === 'StringList')
    .map((p) => notMet(arnOf(p), `SSM parameter ${p.Name} is named like a credential but stored as ${p.Type}, unencrypted: make it a SecureString.`, { type: p.Type }));
  if (plain.length || unknown.length) return [...plain, ...unknown];
  const secure = params.filter((p) => p.Type === 'SecureString').length;
  return [met(all, `No secret-named SSM parameter stored unencrypted among ${params.length} (${secure} SecureString).`, { parameters: params.length, secureString: secure })];
}

async function secrets({ aws, region, account }: CheckContext): Promise<Finding[]> {
  const all = `arn:${account.partition}:secretsmanager:${region}:${account.id}:secret:*`;
  try {
    const list = await aws.secretsmanager.secrets(region);
    const customer = list.filter((s) => s.KmsKeyId).length;
    const message = list.length
      ? `${list.length} Secrets Manager secrets, all encrypted at rest with KMS (${customer} with a customer managed key, ${list.length - customer} with aws/secretsmanager).`
      : 'Secrets Manager holds no secrets here (nothing stored unencrypted).';
    return [met(all, message, { secrets: list.length, customerManagedKey: customer })];
  } catch (err) {
    return [findingFromError(err, all)];
  }
}

/** Secret-named variables with a value, in a function whose environment has no customer managed key. */
function lambdaSecrets(item: ConfigItem): string[] {
  return item.customerKey ? [] : plaintextSecrets(item);
}

function plaintextSecrets(item: ConfigItem): string[] {
  return item.entries.filter((e) => isPlaintextSecret(e.name, e.value)).map((e) => e.where);
}
