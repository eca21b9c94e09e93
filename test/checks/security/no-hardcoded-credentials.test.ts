import { expect } from 'vitest';
import check from '../../../src/checks/security/no-hardcoded-credentials.js';
import type { CheckResult } from '../../../src/model.js';
import { ACCOUNT, DENIED, DENIED_EXCEPTION, HOME, awsError, testCheck } from '../../support/check-tester.js';
import { fn, stack, stackId, taskDefArn, workloads } from '../../support/workload-fixtures.js';

// Lambda reserves AWS_ACCESS_KEY_ID and friends, so hard-coded keys hide under other names.
// Split so secret scanners do not trip on the fixtures; they are not real keys.
const KEY_ID = 'AKIA' + 'Q3EGRTVWZ5PKXM7N';
const MASKED_KEY_ID = 'AKIAXXXXXXXXXXXX7QOP'; // how a recorded snapshot keeps an access key id
const SECRET = 'wJalrXUtnFEMI/K7MDENG' + '/bPxRfiCYz1x2y3z4A5';
const WEST = 'eu-west-1';
const instanceArn = (id: string, region = HOME) => `arn:aws:ec2:${region}:${ACCOUNT.id}:instance/${id}`;
const functionArn = (name: string) => `arn:aws:lambda:${HOME}:${ACCOUNT.id}:function:${name}`;

const bootstrap = '#!/bin/bash\nyum install -y nginx\naws s3 cp s3://acme-config/nginx.conf /etc/nginx/\nsystemctl start nginx\n';
const cleanEstate = (region: string) =>
  workloads(region, {
    functions: [fn('orders', { DB_HOST: 'db.internal', DB_SECRET_ARN: `arn:aws:secretsmanager:${region}:${ACCOUNT.id}:secret:orders-db` }), fn('thumbnail')],
    instances: [{ id: 'i-0a1', userData: bootstrap }, { id: 'i-0b2' }, { id: 'i-0c3', state: 'terminated' }],
    taskDefs: [{ family: 'api', revisions: [1, 2], containers: [{ name: 'api', environment: { PORT: '8080' }, secrets: { DB_PASSWORD: 'arn:aws:ssm:eu-west-1:123456789012:parameter/db' } }] }],
    stacks: [stack('network', { VpcCidr: '10.0.0.0/16' }, region), stack('database', { DBPassword: '****', AwsSecretAccessKey: '****' }, region)],
  });

/** The four places a region is searched, each standing for all of its kind. */
const places = (region: string) => [
  `arn:aws:lambda:${region}:${ACCOUNT.id}:function:*`,
  `arn:aws:ec2:${region}:${ACCOUNT.id}:instance/*`,
  `arn:aws:ecs:${region}:${ACCOUNT.id}:task-definition/*`,
  `arn:aws:cloudformation:${region}:${ACCOUNT.id}:stack/*`,
];
const [FUNCTIONS, INSTANCES, TASK_DEFS, STACKS] = [0, 1, 2, 3];
const allBut = (region: string, ...skip: number[]) => places(region).filter((_, i) => !skip.includes(i));
const noValues = (r: CheckResult) => {
  const text = JSON.stringify(r.findings);
  for (const value of [KEY_ID, MASKED_KEY_ID, SECRET, '<redacted>']) expect(text).not.toContain(value);
};

testCheck(check, {
  met: [
    {
      name: 'nothingHardCodedOutsideTheHomeRegion',
      regions: [WEST],
      responses: cleanEstate(WEST),
      expect: {
        metResources: places(WEST),
        message: 'No AWS access key id or secret access key found in 2 EC2 instances (user data)',
        check: (r) => {
          expect(r.findings).toHaveLength(4);
          expect(r.findings.find((f) => f.resource.endsWith(':function:*'))?.evidence).toEqual({ scanned: 2 });
        },
      },
    },
    {
      name: 'nothingHardCodedInTheHomeRegionLeavesCodeToPeople',
      responses: cleanEstate(HOME),
      expect: { status: 'manual', resources: [ACCOUNT.rootArn], metResources: places(HOME), message: 'code repositories' },
    },
    {
      name: 'documentationExampleKeyAndGoneInstance',
      regions: [WEST],
      responses: workloads(WEST, {
        instances: [{ id: 'i-0d4', userData: 'export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE # from the docs\n' }, { id: 'i-0e5', userData: awsError('InvalidInstanceID.NotFound') }],
        stacks: 'deletedOnly', // no live stack: DescribeStacks is not called
      }),
      expect: {
        metResources: places(WEST),
        check: (r) => expect(r.findings.find((f) => f.resource === places(WEST)[INSTANCES])?.evidence).toEqual({ scanned: 2 }),
      },
    },
  ],
  notMet: [
    {
      name: 'accessKeyInLambdaEnvironment',
      responses: workloads(HOME, {
        functions: [fn('orders-export', { EXPORT_ACCESS_KEY_ID: MASKED_KEY_ID, EXPORT_SECRET_ACCESS_KEY: '<redacted>', BUCKET: 'exports' }), fn('thumbnail', { SIZE: '128' })],
      }),
      expect: {
        resources: [functionArn('orders-export')],
        metResources: allBut(HOME, FUNCTIONS),
        message:
          'Lambda function orders-export holds hard-coded AWS credentials: environment variable EXPORT_ACCESS_KEY_ID holds an access key id; ' +
          'environment variable EXPORT_SECRET_ACCESS_KEY holds a secret access key.',
        check: noValues,
      },
    },
    {
      name: 'keysInGzippedUserData',
      regions: [WEST],
      responses: workloads(WEST, {
        instances: [
          { id: 'i-0f6', userData: { gzip: `#!/bin/bash\naws configure set aws_access_key_id ${KEY_ID}\naws configure set aws_secret_access_key ${SECRET}\n` } },
          { id: 'i-0a7', userData: bootstrap },
        ],
      }),
      expect: {
        resources: [instanceArn('i-0f6', WEST)],
        metResources: allBut(WEST, INSTANCES),
        message: 'user data line 2 holds an access key id; user data line 3 holds a secret access key',
        check: noValues,
      },
    },
    {
      name: 'accessKeyOnlyInPublishedVersionAliasesRun',
      responses: workloads(HOME, {
        functions: [
          fn('orders-export', { BUCKET: 'exports' }),
          fn('orders-export', { EXPORT_ACCESS_KEY_ID: MASKED_KEY_ID, BUCKET: 'exports' }, { Version: '3', FunctionArn: `${functionArn('orders-export')}:3` }),
        ],
      }),
      expect: {
        resources: [`${functionArn('orders-export')}:3`],
        metResources: allBut(HOME, FUNCTIONS),
        message: 'Lambda function orders-export version 3 holds hard-coded AWS credentials: environment variable EXPORT_ACCESS_KEY_ID holds an access key id',
      },
    },
    {
      name: 'secretKeyInRecordedUserData',
      regions: [WEST],
      // How a recorded snapshot keeps `aws configure set aws_secret_access_key <40 characters>`.
      responses: workloads(WEST, { instances: [{ id: 'i-0f7', userData: '#!/bin/bash\naws configure set aws_secret_access_key <redacted>\n' }] }),
      expect: { resources: [instanceArn('i-0f7', WEST)], metResources: allBut(WEST, INSTANCES), message: 'user data line 2 holds a secret access key' },
    },
    {
      name: 'accessKeyInNewestTaskDefinition',
      responses: workloads(HOME, {
        taskDefs: [{ family: 'worker', revisions: [1, 2, 3], containers: [{ name: 'sidecar', environment: { S3_KEY: `id=${KEY_ID}` } }] }],
      }),
      expect: { resources: [taskDefArn('worker', 3)], metResources: allBut(HOME, TASK_DEFS), message: 'ECS task definition worker:3 holds hard-coded AWS credentials: container sidecar environment variable S3_KEY' },
    },
    {
      name: 'secretKeyInStackParameter',
      regions: [WEST],
      responses: workloads(WEST, { stacks: [stack('backup', { AwsSecretAccessKey: SECRET, AwsAccessKeyId: '****' }, WEST)] }),
      expect: { resources: [stackId('backup', WEST)], metResources: allBut(WEST, STACKS), message: 'parameter AwsSecretAccessKey holds a secret access key', check: noValues },
    },
  ],
  cannotTell: [
    {
      name: 'listFunctionsDenied',
      responses: { ...cleanEstate(HOME), ...workloads(HOME, { functions: DENIED_EXCEPTION }) },
      expect: { missingPermission: 'lambda:ListFunctions', resources: [places(HOME)[FUNCTIONS]], metResources: allBut(HOME, FUNCTIONS) },
    },
    {
      name: 'lambdaEnvironmentUndecryptable',
      regions: [WEST],
      responses: workloads(WEST, {
        functions: [
          fn('payments', undefined, { Environment: { Error: { ErrorCode: 'KMSAccessDeniedException', Message: 'Lambda was unable to decrypt the environment variables because KMS access was denied.' } } }, WEST),
          fn('thumbnail', { SIZE: '128' }, {}, WEST),
        ],
      }),
      expect: {
        resources: [`arn:aws:lambda:${WEST}:${ACCOUNT.id}:function:payments`],
        metResources: places(WEST),
        message: 'the environment variables of Lambda function payments could not be read (KMSAccessDeniedException)',
        check: (r) => expect(r.findings.find((f) => f.resource.endsWith(':function:*'))).toMatchObject({ status: 'met', evidence: { scanned: 1 } }),
      },
    },
    {
      name: 'describeInstancesDenied',
      regions: [WEST],
      responses: workloads(WEST, { instances: awsError('UnauthorizedOperation', 'not authorized', 403) }),
      expect: { missingPermission: 'ec2:DescribeInstances', resources: [places(WEST)[INSTANCES]], metResources: allBut(WEST, INSTANCES) },
    },
    {
      name: 'oneInstanceUserDataDenied',
      regions: [WEST],
      responses: workloads(WEST, { instances: [{ id: 'i-0b8', userData: DENIED }, { id: 'i-0c9', userData: bootstrap }] }),
      expect: {
        resources: [instanceArn('i-0b8', WEST)],
        metResources: places(WEST),
        missingPermission: 'ec2:DescribeInstanceAttribute',
        check: (r) => expect(r.findings.find((f) => f.status === 'met' && f.resource.endsWith('instance/*'))?.message).toMatch('in 1 EC2 instances'),
      },
    },
    {
      // No instance could be read: no "none found in 0 instances" beside the errors.
      name: 'everyInstanceUserDataDenied',
      regions: [WEST],
      responses: workloads(WEST, { instances: [{ id: 'i-0d1', userData: DENIED }, { id: 'i-0d2', userData: DENIED }] }),
      expect: { resources: [instanceArn('i-0d1', WEST), instanceArn('i-0d2', WEST)], metResources: allBut(WEST, INSTANCES) },
    },
    {
      name: 'listTaskDefinitionsDenied',
      regions: [WEST],
      responses: workloads(WEST, { taskDefs: DENIED_EXCEPTION }),
      expect: { missingPermission: 'ecs:ListTaskDefinitions', resources: [places(WEST)[TASK_DEFS]], metResources: allBut(WEST, TASK_DEFS) },
    },
    {
      name: 'describeTaskDefinitionDenied',
      regions: [WEST],
      responses: workloads(WEST, { taskDefs: [{ family: 'api', revisions: [4], describe: DENIED_EXCEPTION }] }),
      expect: { missingPermission: 'ecs:DescribeTaskDefinition', resources: [taskDefArn('api', 4, WEST)], metResources: allBut(WEST, TASK_DEFS) },
    },
    {
      name: 'listStacksDenied',
      regions: [WEST],
      responses: workloads(WEST, { listStacks: DENIED }),
      expect: { missingPermission: 'cloudformation:ListStacks', resources: [places(WEST)[STACKS]], metResources: allBut(WEST, STACKS) },
    },
    {
      name: 'describeStacksDenied',
      regions: [WEST],
      responses: workloads(WEST, { stacks: DENIED }),
      expect: { missingPermission: 'cloudformation:DescribeStacks', resources: [places(WEST)[STACKS]], metResources: allBut(WEST, STACKS) },
    },
  ],
});
