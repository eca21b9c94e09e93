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

/** The five places a region is judged on, each standing for all of its kind. */
const places = (region: string) => [
  `arn:aws:ssm:${region}:${ACCOUNT.id}:parameter/*`,
  `arn:aws:secretsmanager:${region}:${ACCOUNT.id}:secret:*`,
  `arn:aws:lambda:${region}:${ACCOUNT.id}:function:*`,
  `arn:aws:ecs:${region}:${ACCOUNT.id}:task-definition/*`,
  `arn:aws:cloudformation:${region}:${ACCOUNT.id}:stack/*`,
];
const [PARAMS, SECRETS, FUNCTIONS, TASK_DEFS, STACKS] = [0, 1, 2, 3, 4];
const allBut = (region: string, ...skip: number[]) => places(region).filter((_, i) => !skip.includes(i));
const noValues = (r: CheckResult) => expect(JSON.stringify(r.findings)).not.toMatch(/hunter2|<redacted>|s3cr3t/);

testCheck(check, {
  met: [
    {
      name: 'credentialsInEncryptedStoresOutsideHome',
      regions: [WEST],
      responses: tidy(WEST),
      expect: {
        metResources: places(WEST),
        message: '2 Secrets Manager secrets, all encrypted at rest with KMS (1 with a customer managed key, 1 with aws/secretsmanager)',
        check: (r) => expect(r.findings.find((f) => f.resource === places(WEST)[PARAMS])?.message).toBe('No secret-named SSM parameter stored unencrypted among 3 (1 SecureString).'),
      },
    },
    {
      name: 'credentialsInEncryptedStoresHomeLeavesSolutionToPeople',
      responses: tidy(HOME),
      expect: { status: 'manual', resources: [ACCOUNT.rootArn], metResources: places(HOME), message: 'partner solution stores itself' },
    },
    {
      name: 'emptyRegion',
      regions: [WEST],
      responses: { ...stores(WEST), ...workloads(WEST, { stacks: 'deletedOnly' }) },
      expect: { metResources: places(WEST), message: 'Secrets Manager holds no secrets here' },
    },
  ],
  notMet: [
    {
      name: 'secretParametersAsStringAndStringList',
      regions: [WEST],
      responses: {
        ...tidy(WEST),
        ...stores(WEST, {
          parameters: [
            parameter('/prod/db/password', 'SecureString', WEST),
            parameter('/prod/api/tokens', 'StringList', WEST),
            { ...parameter('legacy_db_password', 'String', WEST), ARN: undefined },
            parameter('/prod/db/password-arn', 'String', WEST),
          ],
          secrets: [],
        }),
      },
      expect: {
        resources: [`arn:aws:ssm:${WEST}:${ACCOUNT.id}:parameter/prod/api/tokens`, `arn:aws:ssm:${WEST}:${ACCOUNT.id}:parameter/legacy_db_password`],
        metResources: allBut(WEST, PARAMS),
        message: 'SSM parameter /prod/api/tokens is named like a credential but stored as StringList, unencrypted: make it a SecureString.',
      },
    },
    {
      name: 'passwordParameterStoredAsString',
      responses: { ...tidy(HOME), ...stores(HOME, { parameters: [parameter('/prod/db/password', 'String'), parameter('/prod/app/url', 'String')] }) },
      expect: {
        resources: [`arn:aws:ssm:${HOME}:${ACCOUNT.id}:parameter/prod/db/password`],
        metResources: allBut(HOME, PARAMS),
        message: 'SSM parameter /prod/db/password is named like a credential but stored as String, unencrypted',
      },
    },
    {
      name: 'lambdaSecretWithoutCustomerKey',
      regions: [WEST],
      responses: { ...tidy(WEST), ...workloads(WEST, { functions: [fn('legacy', { DB_PASSWORD: 'hunter2', dbToken: '<redacted>', DB_HOST: 'db' }, {}, WEST)] }) },
      expect: {
        resources: [`arn:aws:lambda:${WEST}:${ACCOUNT.id}:function:legacy`],
        metResources: allBut(WEST, FUNCTIONS),
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
      expect: { resources: [`arn:aws:lambda:${WEST}:${ACCOUNT.id}:function:legacy:7`], metResources: allBut(WEST, FUNCTIONS), message: 'Lambda function legacy version 7 keeps secrets in plain text' },
    },
    {
      name: 'tokenInTaskDefinitionEnvironment',
      regions: [WEST],
      responses: { ...tidy(WEST), ...workloads(WEST, { taskDefs: [{ family: 'worker', revisions: [2, 5], containers: [{ name: 'w', environment: { GITHUB_TOKEN: 's3cr3t' } }] }] }) },
      expect: { resources: [taskDefArn('worker', 5, WEST)], metResources: allBut(WEST, TASK_DEFS), message: 'container w environment variable GITHUB_TOKEN', check: noValues },
    },
    {
      name: 'stackPasswordParameterWithoutNoEcho',
      regions: [WEST],
      responses: { ...tidy(WEST), ...workloads(WEST, { stacks: [stack('legacy-db', { MasterUserPassword: 's3cr3t', DBName: 'orders' }, WEST)] }) },
      expect: { resources: [stackId('legacy-db', WEST)], metResources: allBut(WEST, STACKS), message: 'parameter MasterUserPassword. Declare the parameters NoEcho', check: noValues },
    },
  ],
  cannotTell: [
    {
      // A Type outside String | StringList | SecureString cannot be read as encrypted or not.
      name: 'parameterOfUnknownType',
      regions: [WEST],
      responses: {
        ...tidy(WEST),
        ...stores(WEST, {
          parameters: [{ ...parameter('/prod/api/token', 'String', WEST), Type: undefined }, { ...parameter('/prod/log-level', 'String', WEST), Type: 'Whatever' }, parameter('/prod/db/password', 'SecureString', WEST)],
          secrets: [],
        }),
      },
      expect: {
        resources: [`arn:aws:ssm:${WEST}:${ACCOUNT.id}:parameter/prod/api/token`],
        metResources: allBut(WEST, PARAMS),
        message: 'could not tell: ssm:DescribeParameters gave SSM parameter /prod/api/token the type null',
      },
    },
    {
      name: 'describeParametersDenied',
      regions: [WEST],
      responses: { ...tidy(WEST), ...stores(WEST, { parameters: DENIED_EXCEPTION, secrets: [] }) },
      expect: { missingPermission: 'ssm:DescribeParameters', resources: [places(WEST)[PARAMS]], metResources: allBut(WEST, PARAMS) },
    },
    {
      name: 'listSecretsDenied',
      regions: [WEST],
      responses: { ...tidy(WEST), ...stores(WEST, { secrets: DENIED_EXCEPTION }) },
      expect: { missingPermission: 'secretsmanager:ListSecrets', resources: [places(WEST)[SECRETS]], metResources: allBut(WEST, SECRETS) },
    },
    {
      name: 'listFunctionsDenied',
      regions: [WEST],
      responses: { ...tidy(WEST), ...workloads(WEST, { functions: DENIED_EXCEPTION }) },
      expect: { missingPermission: 'lambda:ListFunctions', resources: [places(WEST)[FUNCTIONS]], metResources: allBut(WEST, FUNCTIONS) },
    },
    {
      name: 'lambdaEnvironmentUndecryptable',
      regions: [WEST],
      responses: {
        ...tidy(WEST),
        ...workloads(WEST, { functions: [fn('payments', undefined, { KMSKeyArn: CMK, Environment: { Error: { ErrorCode: 'KMSDisabledException', Message: 'key disabled' } } }, WEST)] }),
      },
      expect: {
        resources: [`arn:aws:lambda:${WEST}:${ACCOUNT.id}:function:payments`],
        metResources: allBut(WEST, FUNCTIONS),
        message: 'could not tell: the environment variables of Lambda function payments could not be read (KMSDisabledException)',
      },
    },
    {
      name: 'taskDefinitionsDenied',
      regions: [WEST],
      responses: { ...tidy(WEST), ...workloads(WEST, { taskDefs: DENIED_EXCEPTION }) },
      expect: { missingPermission: 'ecs:ListTaskDefinitions', resources: [places(WEST)[TASK_DEFS]], metResources: allBut(WEST, TASK_DEFS) },
    },
    {
      name: 'describeTaskDefinitionDenied',
      regions: [WEST],
      responses: { ...tidy(WEST), ...workloads(WEST, { taskDefs: [{ family: 'api', revisions: [1], describe: DENIED_EXCEPTION }] }) },
      expect: { missingPermission: 'ecs:DescribeTaskDefinition', resources: [taskDefArn('api', 1, WEST)], metResources: allBut(WEST, TASK_DEFS) },
    },
    {
      name: 'stacksDenied',
      regions: [WEST],
      responses: { ...tidy(WEST), ...workloads(WEST, { listStacks: DENIED }) },
      expect: { missingPermission: 'cloudformation:ListStacks', resources: [places(WEST)[STACKS]], metResources: allBut(WEST, STACKS) },
    },
    {
      name: 'describeStacksDenied',
      regions: [WEST],
      responses: { ...tidy(WEST), ...workloads(WEST, { stacks: DENIED }) },
      expect: { missingPermission: 'cloudformation:DescribeStacks', resources: [places(WEST)[STACKS]], metResources: allBut(WEST, STACKS) },
    },
  ],
});
