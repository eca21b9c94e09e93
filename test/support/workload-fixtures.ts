// Fixture builders for the workload configuration checks (1.10, 1.11): Lambda functions, EC2 instances
// with user data, ECS task definitions, CloudFormation stacks, SSM parameters, Secrets Manager secrets,
// in the shapes the APIs return, keyed as the fetcher asks for them.
//
//   responses: { ...workloads('us-east-1', { functions: [fn('orders', { DB_HOST: 'db.internal' })] }) }
import { gzipSync } from 'node:zlib';
import { callKey } from '../../src/aws/snapshot.js';
import { ACCOUNT, HOME } from './check-tester.js';

export const key = (service: string, operation: string, region: string, input: Record<string, unknown> = {}) =>
  callKey(service, operation, input, region);

export function fn(name: string, variables?: Record<string, string>, extra: Record<string, unknown> = {}, region = HOME) {
  return {
    FunctionName: name,
    // ListFunctions with FunctionVersion ALL names $LATEST with a qualified ARN.
    FunctionArn: `arn:aws:lambda:${region}:${ACCOUNT.id}:function:${name}:$LATEST`,
    Version: '$LATEST',
    Runtime: 'nodejs20.x',
    Role: `arn:aws:iam::${ACCOUNT.id}:role/${name}-role`,
    Handler: 'index.handler',
    ...(variables ? { Environment: { Variables: variables } } : {}),
    ...extra,
  };
}

export interface InstanceSpec {
  id: string;
  state?: string;
  /** User data as text (base64-encoded for you), `{ gzip: text }`, an error fixture, or undefined: none. */
  userData?: string | { gzip: string } | { $error: unknown };
}

export const taskDefArn = (family: string, revision: number, region = HOME) =>
  `arn:aws:ecs:${region}:${ACCOUNT.id}:task-definition/${family}:${revision}`;

export interface TaskDefSpec {
  family: string;
  /** Every ACTIVE revision; only the highest is described. */
  revisions: number[];
  containers?: { name: string; environment?: Record<string, string>; secrets?: Record<string, string> }[];
  /** Replaces the DescribeTaskDefinition response (e.g. DENIED). */
  describe?: unknown;
}

export const stackId = (name: string, region = HOME) => `arn:aws:cloudformation:${region}:${ACCOUNT.id}:stack/${name}/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`;

export function stack(name: string, parameters: Record<string, string> = {}, region = HOME) {
  return {
    StackId: stackId(name, region),
    StackName: name,
    StackStatus: 'UPDATE_COMPLETE',
    CreationTime: '2025-02-03T10:00:00Z',
    Parameters: Object.entries(parameters).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue })),
  };
}

export interface WorkloadSpec {
  functions?: unknown[] | { $error: unknown };
  instances?: InstanceSpec[] | { $error: unknown };
  taskDefs?: TaskDefSpec[] | { $error: unknown };
  /** Stacks (all live); `{ $error }` replaces DescribeStacks; `deletedOnly` lists only deleted stacks. */
  stacks?: unknown[] | { $error: unknown } | 'deletedOnly';
  listStacks?: { $error: unknown };
}

const isError = (v: unknown): v is { $error: unknown } => typeof v === 'object' && v !== null && '$error' in v;

function userDataValue(u: InstanceSpec['userData']): unknown {
  if (u === undefined) return {};
  if (typeof u === 'string') return { Value: Buffer.from(u).toString('base64') };
  if ('gzip' in u) return { Value: gzipSync(Buffer.from(u.gzip)).toString('base64') };
  return u;
}

/** Lambda, EC2, ECS and CloudFormation responses for one region (empty where the spec says nothing). */
export function workloads(region: string, spec: WorkloadSpec = {}): Record<string, unknown> {
  const r: Record<string, unknown> = {};
  r[key('lambda', 'ListFunctions', region, { FunctionVersion: 'ALL' })] = isError(spec.functions) ? spec.functions : { Functions: spec.functions ?? [] };

  const instances = spec.instances ?? [];
  r[key('ec2', 'DescribeInstances', region)] = isError(instances)
    ? instances
    : { Reservations: [{ ReservationId: 'r-0a1b2c3d4e5f60718', Instances: instances.map((i) => ({ InstanceId: i.id, State: { Name: i.state ?? 'running' } })) }] };
  if (!isError(instances)) {
    for (const i of instances.filter((i) => !['terminated', 'shutting-down'].includes(i.state ?? ''))) {
      const out = userDataValue(i.userData);
      r[key('ec2', 'DescribeInstanceAttribute', region, { Attribute: 'userData', InstanceId: i.id })] = isError(out)
        ? out
        : { InstanceId: i.id, UserData: out };
    }
  }

  const taskDefs = spec.taskDefs ?? [];
  r[key('ecs', 'ListTaskDefinitions', region, { status: 'ACTIVE' })] = isError(taskDefs)
    ? taskDefs
    : { taskDefinitionArns: taskDefs.flatMap((t) => t.revisions.map((rev) => taskDefArn(t.family, rev, region))) };
  if (!isError(taskDefs)) {
    for (const t of taskDefs) {
      const revision = Math.max(...t.revisions);
      const arn = taskDefArn(t.family, revision, region);
      r[key('ecs', 'DescribeTaskDefinition', region, { taskDefinition: arn })] = t.describe ?? {
        taskDefinition: {
          taskDefinitionArn: arn,
          family: t.family,
          revision,
          status: 'ACTIVE',
          containerDefinitions: (t.containers ?? []).map((c) => ({
            name: c.name,
            image: `${ACCOUNT.id}.dkr.ecr.${region}.amazonaws.com/${c.name}:latest`,
            environment: Object.entries(c.environment ?? {}).map(([name, value]) => ({ name, value })),
            secrets: Object.entries(c.secrets ?? {}).map(([name, valueFrom]) => ({ name, valueFrom })),
          })),
        },
      };
    }
  }

  const stacks = spec.stacks ?? [];
  const deleted = { StackId: stackId('old-stack', region), StackName: 'old-stack', StackStatus: 'DELETE_COMPLETE', CreationTime: '2024-01-01T00:00:00Z' };
  if (spec.listStacks) r[key('cloudformation', 'ListStacks', region)] = spec.listStacks;
  else if (stacks === 'deletedOnly' || (Array.isArray(stacks) && stacks.length === 0)) {
    r[key('cloudformation', 'ListStacks', region)] = { StackSummaries: stacks === 'deletedOnly' ? [deleted] : [] };
  } else {
    const live = isError(stacks) ? [stack('app', {}, region)] : (stacks as { StackId: string; StackName: string; StackStatus: string }[]);
    r[key('cloudformation', 'ListStacks', region)] = { StackSummaries: [...live.map(({ StackId, StackName, StackStatus }) => ({ StackId, StackName, StackStatus })), deleted] };
    r[key('cloudformation', 'DescribeStacks', region)] = isError(stacks) ? stacks : { Stacks: stacks };
  }
  return r;
}

/** SSM parameters (metadata) and Secrets Manager secrets for one region. */
export function stores(region: string, spec: { parameters?: unknown[] | { $error: unknown }; secrets?: unknown[] | { $error: unknown } } = {}) {
  const p = spec.parameters ?? [];
  const s = spec.secrets ?? [];
  return {
    [key('ssm', 'DescribeParameters', region)]: isError(p) ? p : { Parameters: p },
    [key('secretsmanager', 'ListSecrets', region)]: isError(s) ? s : { SecretList: s },
  };
}

export function parameter(name: string, type: 'String' | 'StringList' | 'SecureString', region = HOME) {
  return {
    Name: name,
    ARN: `arn:aws:ssm:${region}:${ACCOUNT.id}:parameter${name.startsWith('/') ? '' : '/'}${name}`,
    Type: type,
    ...(type === 'SecureString' ? { KeyId: 'alias/aws/ssm' } : {}),
    LastModifiedDate: '2026-03-01T12:00:00Z',
    Version: 1,
    Tier: 'Standard',
    DataType: 'text',
  };
}

export function secret(name: string, kmsKeyId?: string, region = HOME) {
  return {
    ARN: `arn:aws:secretsmanager:${region}:${ACCOUNT.id}:secret:${name}-AbCdEf`,
    Name: name,
    ...(kmsKeyId ? { KmsKeyId: kmsKeyId } : {}),
    LastChangedDate: '2026-03-01T12:00:00Z',
  };
}
