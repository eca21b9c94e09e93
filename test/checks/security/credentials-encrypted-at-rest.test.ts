import { expect } from 'vitest';
import check from '../../../src/checks/security/credentials-encrypted-at-rest.js';
import type { CheckResult } from '../../../src/model.js';
import { ACCOUNT, DENIED, DENIED_EXCEPTION, HOME, testCheck } from '../../support/check-tester.js';
import { fn, parameter, secret, stack, stackId, stores, taskDefArn, workloads } from '../../support/workload-fixtures.js';

const WEST = 'us-west-2';
const CMK = `arn:aws:kms:${HOME}:${ACCOUNT.id}:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0`;

/** Credentials kept where they are encrypted, and referenced from workloads. */
const tidy = (region: string) => ({
  ...stores(region, {
    parameters: [parameter('/prod/db/password', 'SecureString', region), parameter('/prod/app/log-level', 'String', region), parameter('/prod/db/password-policy', 'String', region)],
    secrets: [secret('prod/orders/db', undefined, region), secret('prod/stripe', CMK, region)],
  }),
  ...workloads(region, {
    functions: [
      fn('orders', { DB_SECRET_ARN: `arn:aws:secretsmanager:${region}:${ACCOUNT.id}:secret:prod/orders/db`, TOKEN_TTL: '3600', LOG_LEVEL: 'info' }, {}, region),
      fn('payments', { STRIPE_API_KEY: '<redacted>' }, { KMSKeyArn: CMK }, region),
    ],
    taskDefs: [{ family: 'api', revisions: [7], containers: [{ name: 'api', environment: { PORT: '8080' }, secrets: { DB_PASSWORD: 'arn:aws:secretsmanager:x' } }] }],
    stacks: [stack('database', { DBPassword: '****', DBPasswordParameterName: '/prod/db/password', ApiToken: '{{resolve:secretsmanager:prod/api}}' }, region)],
  }),
});

const noneNotMet = (metCount: number) => (r: CheckResult) => {
  expect(r.findings.filter((f) => f.status === 'not-met')).toEqual([]);
  expect(r.findings.filter((f) => f.status === 'met')).toHaveLength(metCount);
};
const noValues = (r: CheckResult) => expect(JSON.stringify(r.findings)).not.toMatch(/hunter2|<redacted>|s3cr3t/);

testCheck(check, {
  met: [
    {
      name: 'credentialsInEncryptedStoresOutsideHome',
      regions: [WEST],
      responses: tidy(WEST),
      expect: {
        message: '2 Secrets Manager secrets, all encrypted at rest with KMS (1 with a customer managed key, 1 with aws/secretsmanager)',
        check: noneNotMet(5),
      },
    },
    {
      name: 'credentialsInEncryptedStoresHomeLeavesSolutionToPeople',
      responses: tidy(HOME),
      expect: { status: 'manual', resources: [ACCOUNT.rootArn], message: 'partner solution stores itself', check: noneNotMet(5) },
    },
    {
      name: 'emptyRegion',
      regions: [WEST],
      responses: { ...stores(WEST), ...workloads(WEST, { stacks: 'deletedOnly' }) },
      expect: { message: 'Secrets Manager holds no secrets here', check: noneNotMet(5) },
    },
  ],
  notMet: [
    {
      name: 'passwordParameterStoredAsString',
      responses: { ...tidy(HOME), ...stores(HOME, { parameters: [parameter('/prod/db/password', 'String'), parameter('/prod/app/url', 'String')] }) },
      expect: {
        resources: [`arn:aws:ssm:${HOME}:${ACCOUNT.id}:parameter/prod/db/password`],
        message: 'SSM parameter /prod/db/password is named like a credential but stored as String, unencrypted',
      },
    },
    {
      name: 'lambdaSecretWithoutCustomerKey',
      regions: [WEST],
      responses: { ...tidy(WEST), ...workloads(WEST, { functions: [fn('legacy', { DB_PASSWORD: 'hunter2', dbToken: '<redacted>', DB_HOST: 'db' }, {}, WEST)] }) },
      expect: {
        resources: [`arn:aws:lambda:${WEST}:${ACCOUNT.id}:function:legacy`],
        message: 'Lambda function legacy keeps secrets in plain text: environment variable DB_PASSWORD; environment variable dbToken. Lambda encrypts them only with an AWS managed key',
        check: noValues,
      },
    },
    {
      name: 'secretInPublishedVersionOnly',
      regions: [WEST],
      responses: {
        ...tidy(WEST),
        ...workloads(WEST, {
          functions: [
            fn('legacy', { DB_SECRET_ARN: 'arn:aws:secretsmanager:x' }, {}, WEST),
            fn('legacy', { DB_PASSWORD: '<redacted>' }, { Version: '7', FunctionArn: `arn:aws:lambda:${WEST}:${ACCOUNT.id}:function:legacy:7` }, WEST),
          ],
        }),
      },
      expect: { resources: [`arn:aws:lambda:${WEST}:${ACCOUNT.id}:function:legacy:7`], message: 'Lambda function legacy version 7 keeps secrets in plain text' },
    },
    {
      name: 'tokenInTaskDefinitionEnvironment',
      regions: [WEST],
      responses: { ...tidy(WEST), ...workloads(WEST, { taskDefs: [{ family: 'worker', revisions: [2, 5], containers: [{ name: 'w', environment: { GITHUB_TOKEN: 's3cr3t' } }] }] }) },
      expect: { resources: [taskDefArn('worker', 5, WEST)], message: 'container w environment variable GITHUB_TOKEN', check: noValues },
    },
    {
      name: 'stackPasswordParameterWithoutNoEcho',
      regions: [WEST],
      responses: { ...tidy(WEST), ...workloads(WEST, { stacks: [stack('legacy-db', { MasterUserPassword: 's3cr3t', DBName: 'orders' }, WEST)] }) },
      expect: { resources: [stackId('legacy-db', WEST)], message: 'parameter MasterUserPassword. Declare the parameters NoEcho', check: noValues },
    },
  ],
  cannotTell: [
    {
      name: 'describeParametersDenied',
      regions: [WEST],
      responses: { ...tidy(WEST), ...stores(WEST, { parameters: DENIED_EXCEPTION, secrets: [] }) },
      expect: { missingPermission: 'ssm:DescribeParameters', resources: [`arn:aws:ssm:${WEST}:${ACCOUNT.id}:parameter/*`] },
    },
    {
      name: 'listSecretsDenied',
      regions: [WEST],
      responses: { ...tidy(WEST), ...stores(WEST, { secrets: DENIED_EXCEPTION }) },
      expect: { missingPermission: 'secretsmanager:ListSecrets' },
    },
    {
      name: 'listFunctionsDenied',
      regions: [WEST],
      responses: { ...tidy(WEST), ...workloads(WEST, { functions: DENIED_EXCEPTION }) },
      expect: { missingPermission: 'lambda:ListFunctions' },
    },
    {
      name: 'lambdaEnvironmentUndecryptable',
      regions: [WEST],
      responses: {
        ...tidy(WEST),
        ...workloads(WEST, { functions: [fn('payments', undefined, { KMSKeyArn: CMK, Environment: { Error: { ErrorCode: 'KMSDisabledException', Message: 'key disabled' } } }, WEST)] }),
      },
      expect: { resources: [`arn:aws:lambda:${WEST}:${ACCOUNT.id}:function:payments`], message: 'could not be read (KMSDisabledException)' },
    },
    {
      name: 'taskDefinitionsDenied',
      regions: [WEST],
      responses: { ...tidy(WEST), ...workloads(WEST, { taskDefs: DENIED_EXCEPTION }) },
      expect: { missingPermission: 'ecs:ListTaskDefinitions' },
    },
    {
      name: 'describeTaskDefinitionDenied',
      regions: [WEST],
      responses: { ...tidy(WEST), ...workloads(WEST, { taskDefs: [{ family: 'api', revisions: [1], describe: DENIED_EXCEPTION }] }) },
      expect: { missingPermission: 'ecs:DescribeTaskDefinition' },
    },
    {
      name: 'stacksDenied',
      regions: [WEST],
      responses: { ...tidy(WEST), ...workloads(WEST, { listStacks: DENIED }) },
      expect: { missingPermission: 'cloudformation:ListStacks' },
    },
    {
      name: 'describeStacksDenied',
      regions: [WEST],
      responses: { ...tidy(WEST), ...workloads(WEST, { stacks: DENIED }) },
      expect: { missingPermission: 'cloudformation:DescribeStacks' },
    },
  ],
});
