// 1.10 Hard-coded credentials (e.g. access keys) are not used.
// This item is about AWS credentials written into configuration; secrets in plain text in general are
// 1.11. Per region, four places workloads keep configuration are searched for an access key id (AKIA/ASIA
// + 16 characters; AWS's …EXAMPLE key ignored) or a secret access key (40 base64 characters, or the
// snapshot's "<redacted>", under a name like AWS_SECRET_ACCESS_KEY), see credential-patterns.ts
// (sources read by workload-config.ts, shared with 1.11):
//  - Lambda: lambda:ListFunctions (FunctionVersion ALL) → Environment.Variables of $LATEST and of every
//    published version (aliases run versions); an environment Lambda cannot decrypt → error for it;
//  - EC2 user data: ec2:DescribeInstances, then ec2:DescribeInstanceAttribute (userData, base64, maybe
//    gzip) once per instance not terminated — one call each, paced by the fetcher's per-service limit;
//  - ECS: ecs:ListTaskDefinitions (ACTIVE), then ecs:DescribeTaskDefinition for the newest revision of
//    each family only (bounds the calls; older revisions still ACTIVE are not read) → containerDefinitions[]
//    .environment (the `secrets` field holds references, not values);
//  - CloudFormation: cloudformation:ListStacks, then DescribeStacks → Parameters (ParameterValue and
//    ResolvedValue; NoEcho values come back as "****" and are not readable, so they do not count).
// Any credential → not met for that resource, naming the variable, line or parameter, never the value.
// A place searched with nothing found → met with counts; a place that could not be read → error. Code
// repositories, pipelines and anything outside AWS need people: one `manual` finding, home region only.
import { awsCredentialIn, awsCredentialsInText } from '../credential-patterns.js';
import { defineCheck, manual } from '../define-check.js';
import { judgeSource, lambdaSource, stackSource, taskDefinitionSource, userDataSource, type ConfigItem } from '../workload-config.js';

const TEXT = {
  notMet: 'holds hard-coded AWS credentials',
  met: 'No AWS access key id or secret access key found',
  advice: "Use the workload's IAM role instead, then deactivate and delete the keys.",
};

export default defineCheck({
  meta: {
    id: '1.10',
    kind: 'partial',
    scope: 'region',
    permissions: [
      'lambda:ListFunctions',
      'ec2:DescribeInstances',
      'ec2:DescribeInstanceAttribute',
      'ecs:ListTaskDefinitions',
      'ecs:DescribeTaskDefinition',
      'cloudformation:ListStacks',
      'cloudformation:DescribeStacks',
    ],
    remediation:
      'Remove access keys from function environments, user data, task definitions and stack parameters, then ' +
      'deactivate and delete those keys: workloads get credentials from their role (Lambda execution role, EC2 ' +
      'instance profile, ECS task role); other secrets belong in Secrets Manager.',
    docs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-workloads-use-roles',
  },
  async run(ctx) {
    const findings = (
      await Promise.all([
        judgeSource(lambdaSource(ctx), namedCredentials, TEXT),
        judgeSource(userDataSource(ctx), credentialsInText, TEXT),
        judgeSource(taskDefinitionSource(ctx), namedCredentials, TEXT),
        judgeSource(stackSource(ctx), namedCredentials, TEXT),
      ])
    ).flat();
    if (ctx.region === ctx.homeRegion) {
      findings.push(
        manual(
          ctx.account.rootArn,
          'Beyond what the AWS API shows — code repositories, build pipelines, configuration files, on-premises ' +
            'integrations — people must confirm that no AWS credentials are hard-coded (secret scanning helps).',
        ),
      );
    }
    return findings;
  },
});

/** Name = value entries (environment variables, parameters) holding an access key id or secret key. */
function namedCredentials(item: ConfigItem): string[] {
  return item.entries.flatMap((e) => {
    const found = awsCredentialIn(e.name, e.value);
    return found ? [`${e.where} holds ${found}`] : [];
  });
}

/** Free text (user data): each line holding a credential. */
function credentialsInText(item: ConfigItem): string[] {
  return item.entries.flatMap((e) => awsCredentialsInText(e.value ?? '').map((f) => `${e.where} line ${f.line} holds ${f.credential}`));
}
