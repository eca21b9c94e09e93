import { describe, expect, it } from 'vitest';
import { met } from '../../src/checks/define-check.js';
import { judgeSource, lambdaSource, stackSource, taskDefinitionSource, userDataSource, type ConfigItem, type Source } from '../../src/checks/workload-config.js';
import { MissingPermission } from '../../src/errors.js';
import { checkContext, DENIED, HOME } from '../support/check-tester.js';
import { fn, stack, stackId, taskDefArn, workloads, type WorkloadSpec } from '../support/workload-fixtures.js';

const ctx = (spec: WorkloadSpec, region = HOME) => checkContext(workloads(region, spec), { region, regions: [region] });
const instanceArn = (id: string) => `arn:aws:ec2:us-east-1:123456789012:instance/${id}`;

describe('lambdaSource', () => {
  it('stands for every function of the region', () => {
    expect(lambdaSource(ctx({}))).toMatchObject({ resource: 'arn:aws:lambda:us-east-1:123456789012:function:*', what: 'Lambda function versions ($LATEST and published)' });
  });

  it('no function: no item, no error', async () => {
    expect(await lambdaSource(ctx({})).collect()).toEqual({ items: [], errors: [] });
  });

  it('$LATEST by the function’s ARN, a published version by its qualified ARN, each with its variables and key', async () => {
    const published = fn('orders', { STAGE: 'prod' }, { Version: '3', FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:orders:3', KMSKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/k1' });
    const { items, errors } = await lambdaSource(ctx({ functions: [fn('orders', { DB_HOST: 'db.internal' }), published, fn('no-env')] })).collect();
    expect(errors).toEqual([]);
    expect(items).toEqual([
      {
        resource: 'arn:aws:lambda:us-east-1:123456789012:function:orders',
        label: 'Lambda function orders',
        customerKey: false,
        entries: [{ name: 'DB_HOST', value: 'db.internal', where: 'environment variable DB_HOST' }],
      },
      {
        resource: 'arn:aws:lambda:us-east-1:123456789012:function:orders:3',
        label: 'Lambda function orders version 3',
        customerKey: true,
        entries: [{ name: 'STAGE', value: 'prod', where: 'environment variable STAGE' }],
      },
      { resource: 'arn:aws:lambda:us-east-1:123456789012:function:no-env', label: 'Lambda function no-env', customerKey: false, entries: [] },
    ]);
  });

  it('an environment Lambda could not decrypt is an error for that function, not an item', async () => {
    const broken = fn('broken', undefined, { Environment: { Error: { ErrorCode: 'KMSAccessDeniedException', Message: 'denied' } } });
    const { items, errors } = await lambdaSource(ctx({ functions: [broken, fn('fine')] })).collect();
    expect(items.map((i) => i.label)).toEqual(['Lambda function fine']);
    expect(errors).toEqual([
      {
        status: 'error',
        resource: 'arn:aws:lambda:us-east-1:123456789012:function:broken',
        message: 'could not tell: the environment variables of Lambda function broken could not be read (KMSAccessDeniedException)',
        missingPermission: undefined,
        errorKind: 'aws',
      },
    ]);
  });

  it('the function list failing is thrown (judgeSource makes it one error)', async () => {
    await expect(lambdaSource(ctx({ functions: DENIED })).collect()).rejects.toBeInstanceOf(MissingPermission);
  });
});

describe('userDataSource', () => {
  it('one entry per live instance with user data, decoded (gzip too); none for an instance without; gone instances not read', async () => {
    const { items, errors } = await userDataSource(
      ctx({
        instances: [
          { id: 'i-plain', userData: '#!/bin/bash\necho hello' },
          { id: 'i-gzip', state: 'stopped', userData: { gzip: '#cloud-config\npackages: [nginx]' } },
          { id: 'i-none' },
          { id: 'i-gone', state: 'terminated', userData: 'never read' },
        ],
      }),
    ).collect();
    expect(errors).toEqual([]);
    expect(items).toEqual([
      { resource: instanceArn('i-plain'), label: 'EC2 instance i-plain', entries: [{ value: '#!/bin/bash\necho hello', where: 'user data' }] },
      { resource: instanceArn('i-gzip'), label: 'EC2 instance i-gzip', entries: [{ value: '#cloud-config\npackages: [nginx]', where: 'user data' }] },
      { resource: instanceArn('i-none'), label: 'EC2 instance i-none', entries: [] },
    ]);
  });

  it('an instance whose user data cannot be read is an error for it; the others are still read', async () => {
    const { items, errors } = await userDataSource(ctx({ instances: [{ id: 'i-locked', userData: DENIED }, { id: 'i-ok', userData: 'x' }] })).collect();
    expect(items.map((i) => i.resource)).toEqual([instanceArn('i-ok')]);
    expect(errors).toEqual([expect.objectContaining({ status: 'error', resource: instanceArn('i-locked'), missingPermission: 'ec2:DescribeInstanceAttribute' })]);
  });

  it('no instance: nothing', async () => {
    expect(await userDataSource(ctx({})).collect()).toEqual({ items: [], errors: [] });
  });

  it('an instance without an id makes the whole answer malformed (the data layer names the call and field), never read', async () => {
    const responses = workloads(HOME, { instances: [{ id: 'i-ok', userData: 'x' }] });
    const key = Object.keys(responses).find((k) => k.startsWith('ec2:DescribeInstances@'))!;
    responses[key] = { Reservations: [{ Instances: [{ State: { Name: 'running' } }, { InstanceId: 'i-ok', State: { Name: 'running' } }] }] };
    await expect(userDataSource(checkContext(responses)).collect()).rejects.toThrow(
      /ec2:DescribeInstances@us-east-1 answered a malformed response: Reservations\[0\]\.Instances\[0\]\.InstanceId is missing/,
    );
  });
});

describe('taskDefinitionSource', () => {
  it('the newest revision of each family, one entry per container environment variable', async () => {
    const { items } = await taskDefinitionSource(
      ctx({ taskDefs: [{ family: 'web', revisions: [1, 7, 3], containers: [{ name: 'app', environment: { PORT: '8080' }, secrets: { DB_PASSWORD: 'arn:aws:ssm:us-east-1:123456789012:parameter/web/db-password' } }, { name: 'sidecar' }] }] }),
    ).collect();
    expect(items).toEqual([
      { resource: taskDefArn('web', 7), label: 'ECS task definition web:7', entries: [{ name: 'PORT', value: '8080', where: 'container app environment variable PORT' }] },
    ]);
  });

  it.each([
    ['no taskDefinition', {}],
    ['no containerDefinitions', { taskDefinition: { taskDefinitionArn: taskDefArn('odd', 3), family: 'odd', revision: 3 } }],
  ])('a description with %s is an error for it, not an item with nothing in it', async (_name, describe) => {
    const { items, errors } = await taskDefinitionSource(ctx({ taskDefs: [{ family: 'odd', revisions: [3], describe }, { family: 'web', revisions: [1] }] })).collect();
    expect(items.map((i) => i.resource)).toEqual([taskDefArn('web', 1)]);
    expect(errors).toEqual([
      expect.objectContaining({
        status: 'error',
        resource: taskDefArn('odd', 3),
        message: `could not tell: ecs:DescribeTaskDefinition returned no container definitions for ${taskDefArn('odd', 3)}`,
        errorKind: 'aws',
      }),
    ]);
  });

  it('a task definition that cannot be described is an error for it', async () => {
    const { items, errors } = await taskDefinitionSource(ctx({ taskDefs: [{ family: 'locked', revisions: [2], describe: DENIED }] })).collect();
    expect(items).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ resource: taskDefArn('locked', 2), missingPermission: 'ecs:DescribeTaskDefinition' })]);
  });
});

describe('stackSource', () => {
  it('each live stack’s parameters, value and resolved SSM value both', async () => {
    const withSsm = { ...stack('app'), Parameters: [{ ParameterKey: 'Ami', ParameterValue: '/aws/service/ami', ResolvedValue: 'ami-0abc' }, { ParameterKey: 'Empty' }] };
    const { items, errors } = await stackSource(ctx({ stacks: [withSsm, stack('db', { Port: '5432' })] })).collect();
    expect(errors).toEqual([]);
    expect(items).toEqual([
      {
        resource: stackId('app'),
        label: 'CloudFormation stack app',
        entries: [
          { name: 'Ami', value: '/aws/service/ami', where: 'parameter Ami' },
          { name: 'Ami', value: 'ami-0abc', where: 'parameter Ami' },
        ],
      },
      { resource: stackId('db'), label: 'CloudFormation stack db', entries: [{ name: 'Port', value: '5432', where: 'parameter Port' }] },
    ]);
  });

  it('only deleted stacks: nothing', async () => {
    expect((await stackSource(ctx({ stacks: 'deletedOnly' })).collect()).items).toEqual([]);
  });
});

describe('judgeSource', () => {
  const RESOURCE = 'arn:aws:lambda:us-east-1:123456789012:function:*';
  const TEXT = { notMet: 'holds a secret', met: 'No secret found', advice: 'Move it to Secrets Manager.' };
  const item = (name: string, ...values: string[]): ConfigItem => ({
    resource: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
    label: `Lambda function ${name}`,
    entries: values.map((value, i) => ({ name: `V${i}`, value, where: `environment variable V${i}` })),
  });
  const source = (collect: Source['collect']): Source => ({ resource: RESOURCE, what: 'Lambda function versions', collect });
  const secrets = (i: ConfigItem) => i.entries.filter((e) => e.value === 'secret').map((e) => e.where);
  const itemError = { status: 'error' as const, resource: 'arn:aws:lambda:us-east-1:123456789012:function:locked', message: 'could not tell: x' };

  it('nothing read: one met finding saying so', async () => {
    expect(await judgeSource(source(async () => ({ items: [], errors: [] })), secrets, TEXT)).toEqual([
      met(RESOURCE, 'No secret found in 0 Lambda function versions.', { scanned: 0 }),
    ]);
  });

  it('no problem anywhere: one met finding with the count, then the errors of items that could not be read', async () => {
    const findings = await judgeSource(source(async () => ({ items: [item('a', 'x'), item('b')], errors: [itemError] })), secrets, TEXT);
    expect(findings).toEqual([met(RESOURCE, 'No secret found in 2 Lambda function versions.', { scanned: 2 }), itemError]);
  });

  it('nothing read because every item failed: only the errors, no "none found"', async () => {
    expect(await judgeSource(source(async () => ({ items: [], errors: [itemError, itemError] })), secrets, TEXT)).toEqual([itemError, itemError]);
  });

  it('one not-met finding per item with problems, places named once each, never values; then the errors', async () => {
    const findings = await judgeSource(source(async () => ({ items: [item('a', 'secret', 'x', 'secret'), item('b', 'x')], errors: [itemError] })), (i) => [...secrets(i), ...secrets(i)], TEXT);
    expect(findings).toEqual([
      {
        status: 'not-met',
        resource: 'arn:aws:lambda:us-east-1:123456789012:function:a',
        message: 'Lambda function a holds a secret: environment variable V0; environment variable V2. Move it to Secrets Manager.',
        evidence: { places: ['environment variable V0', 'environment variable V2'] },
      },
      itemError,
    ]);
  });

  it('a source that cannot be read at all is one error finding for the whole source', async () => {
    const denied = new MissingPermission('lambda:ListFunctions', 'lambda:ListFunctions', 'us-east-1');
    expect(await judgeSource(source(() => Promise.reject(denied)), secrets, TEXT)).toEqual([
      {
        status: 'error',
        resource: RESOURCE,
        message: 'could not tell: missing permission lambda:ListFunctions',
        missingPermission: 'lambda:ListFunctions',
        errorKind: 'missing-permission',
        region: 'us-east-1',
      },
    ]);
  });

  it('a bug in the source is re-thrown, not reported as an AWS error', async () => {
    await expect(judgeSource(source(() => Promise.reject(new RangeError('oops'))), secrets, TEXT)).rejects.toThrow(RangeError);
  });

  it('judges a real source end to end', async () => {
    const findings = await judgeSource(lambdaSource(ctx({ functions: [fn('orders', { TOKEN: 'secret' }), fn('web', { STAGE: 'prod' })] })), secrets, TEXT);
    expect(findings.map((f) => [f.status, f.resource])).toEqual([['not-met', 'arn:aws:lambda:us-east-1:123456789012:function:orders']]);
  });
});
