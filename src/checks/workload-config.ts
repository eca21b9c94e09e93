// Where workloads keep configuration, read once for 1.10 (hard-coded AWS credentials) and 1.11 (secrets
// in plain text): the same accessors, so each API is still called once per scan and region. A source is
// one place (Lambda environments, EC2 user data, ECS task definitions, CloudFormation parameters); it
// yields items (a function, an instance, …) with name/value entries. judgeSource() turns a source into
// findings: one not-met per item with a problem, else one met with the count read; a source that could
// not be read at all → one error finding, one item that could not be read (or came back without what it
// must hold) → an error for that item, and no "none found" when no item could be read.
import { AwsDataError } from '../errors.js';
import type { Finding } from '../model.js';
import { decodeUserData } from './credential-patterns.js';
import { errorFinding, findingFromError, met, notMet, type CheckContext } from './define-check.js';
import { liveInstances } from './ec2-instances.js';

export interface ConfigEntry {
  name?: string;
  value?: string;
  /** Where, in words: "environment variable DB_PASSWORD", "container web environment variable X". */
  where: string;
}

export interface ConfigItem {
  resource: string;
  label: string;
  entries: ConfigEntry[];
  /** Lambda: a customer managed KMS key encrypts the environment (KMSKeyArn is set). */
  customerKey?: boolean;
}

export interface Source {
  /** Stands for the whole place in findings about it: arn:aws:lambda:us-east-1:123456789012:function:* */
  resource: string;
  /** Plural noun for counts: "Lambda functions". */
  what: string;
  collect: () => Promise<{ items: ConfigItem[]; errors: Finding[] }>;
}

/**
 * Lambda: $LATEST and every published version (aliases run versions, whose environments are frozen copies).
 * $LATEST is named by the function's ARN, a version by its qualified ARN. An environment Lambda could not
 * decrypt (Environment.Error, no Variables) could not be read: an error for that function.
 */
export function lambdaSource({ aws, region, account }: CheckContext): Source {
  return {
    resource: `arn:${account.partition}:lambda:${region}:${account.id}:function:*`,
    what: 'Lambda function versions ($LATEST and published)',
    collect: async () => {
      const items: ConfigItem[] = [];
      const errors: Finding[] = [];
      for (const f of await aws.lambda.functions(region)) {
        const resource = (f.FunctionArn ?? `function:${f.FunctionName}`).replace(/:\$LATEST$/, '');
        const label = `Lambda function ${f.FunctionName}${f.Version && f.Version !== '$LATEST' ? ` version ${f.Version}` : ''}`;
        const env = f.Environment;
        if (env?.Error && !env.Variables) {
          const unreadable = errorFinding(resource, `could not tell: the environment variables of ${label} could not be read (${env.Error.ErrorCode ?? 'error'})`);
          errors.push({ ...unreadable, errorKind: 'aws' });
          continue;
        }
        const entries = Object.entries(env?.Variables ?? {}).map(([name, value]) => ({ name, value, where: `environment variable ${name}` }));
        items.push({ resource, label, customerKey: Boolean(f.KMSKeyArn), entries });
      }
      return { items, errors };
    },
  };
}

/** EC2 user data (one DescribeInstanceAttribute per instance not terminated): one entry, the decoded text. */
export function userDataSource({ aws, region, account }: CheckContext): Source {
  const arn = (id?: string) => `arn:${account.partition}:ec2:${region}:${account.id}:instance/${id ?? '*'}`;
  return {
    resource: arn(),
    what: 'EC2 instances (user data)',
    collect: async () => {
      const live = liveInstances(await aws.ec2.instances(region));
      return perItem(live, (i) => arn(i.InstanceId), async (i) => {
        // An instance without an id cannot be asked for its user data (and must not count as read).
        if (!i.InstanceId) throw new AwsDataError('ec2:DescribeInstances returned an instance without InstanceId', 'ec2:DescribeInstances', region);
        const data = await aws.ec2.instanceUserData(region, i.InstanceId);
        const entries = data ? [{ value: decodeUserData(data), where: 'user data' }] : [];
        return { resource: arn(i.InstanceId), label: `EC2 instance ${i.InstanceId}`, entries };
      });
    },
  };
}

/** ECS: the newest ACTIVE revision of each task definition family, container environment entries. */
export function taskDefinitionSource({ aws, region, account }: CheckContext): Source {
  return {
    resource: `arn:${account.partition}:ecs:${region}:${account.id}:task-definition/*`,
    what: 'ECS task definition families (newest revision)',
    collect: async () =>
      perItem(await aws.ecs.latestTaskDefinitionArns(region), (arn) => arn, async (arn) => {
        const td = await aws.ecs.taskDefinition(region, arn);
        // Every task definition has container definitions: an answer without them has nothing to judge.
        if (!td?.containerDefinitions) throw new AwsDataError(`ecs:DescribeTaskDefinition returned no container definitions for ${arn}`, 'ecs:DescribeTaskDefinition', region);
        const entries = td.containerDefinitions.flatMap((c) =>
          (c.environment ?? []).map((e) => ({ name: e.name, value: e.value, where: `container ${c.name} environment variable ${e.name}` })),
        );
        return { resource: arn, label: `ECS task definition ${td.family}:${td.revision}`, entries };
      }),
  };
}

/** CloudFormation stack parameters: ParameterValue and, for SSM-typed parameters, ResolvedValue. */
export function stackSource({ aws, region, account }: CheckContext): Source {
  return {
    resource: `arn:${account.partition}:cloudformation:${region}:${account.id}:stack/*`,
    what: 'CloudFormation stacks',
    collect: async () => ({
      errors: [],
      items: (await aws.cloudformation.stacks(region)).map((s) => ({
        resource: s.StackId ?? `stack/${s.StackName}`,
        label: `CloudFormation stack ${s.StackName}`,
        entries: (s.Parameters ?? []).flatMap((p) =>
          [p.ParameterValue, p.ResolvedValue]
            .filter((v) => v !== undefined)
            .map((value) => ({ name: p.ParameterKey, value, where: `parameter ${p.ParameterKey}` })),
        ),
      })),
    }),
  };
}

/**
 * Findings for one source. `problems` names what is wrong with an item (places, never values); an item
 * with problems → not met, with `advice` appended; no problems anywhere → met with the count read.
 */
export async function judgeSource(
  source: Source,
  problems: (item: ConfigItem) => string[],
  text: { notMet: string; met: string; advice: string },
): Promise<Finding[]> {
  let collected: Awaited<ReturnType<Source['collect']>>;
  try {
    collected = await source.collect();
  } catch (err) {
    return [findingFromError(err, source.resource)];
  }
  const bad = collected.items.flatMap((item) => {
    const places = [...new Set(problems(item))];
    return places.length ? [notMet(item.resource, `${item.label} ${text.notMet}: ${places.join('; ')}. ${text.advice}`, { places })] : [];
  });
  if (bad.length > 0) return [...bad, ...collected.errors];
  const read = collected.items.length;
  // Nothing read and something failed: there is no "none found" to report, only what could not be read.
  if (read === 0 && collected.errors.length > 0) return collected.errors;
  return [met(source.resource, `${text.met} in ${read} ${source.what}.`, { scanned: read }), ...collected.errors];
}

/** Read each item (one call each); one failed read becomes an error finding and the rest go on. */
async function perItem<T>(items: T[], resourceOf: (item: T) => string, read: (item: T) => Promise<ConfigItem>) {
  const results = await Promise.all(
    items.map(async (item) => {
      try {
        return { item: await read(item) };
      } catch (err) {
        return { error: findingFromError(err, resourceOf(item)) };
      }
    }),
  );
  return { items: results.flatMap((r) => r.item ?? []), errors: results.flatMap((r) => r.error ?? []) };
}
