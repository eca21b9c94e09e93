import check, { CONSOLE_MAX_PAGES } from '../../../src/checks/reliability/infrastructure-as-code.js';
import { DEFAULT_THRESHOLDS } from '../../../src/config/thresholds.js';

const CONSOLE_LOOKBACK_DAYS = DEFAULT_THRESHOLDS.consoleChangeLookbackDays;
import { callKey } from '../../../src/aws/snapshot.js';
import { DENIED, DENIED_EXCEPTION, NOW, daysAgo, testCheck } from '../../support/check-tester.js';

const lookupKey = (NextToken?: string) =>
  callKey(
    'cloudtrail',
    'LookupEvents',
    {
      LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'false' }],
      StartTime: new Date(NOW.getTime() - CONSOLE_LOOKBACK_DAYS * 86_400_000),
      EndTime: NOW,
      MaxResults: 50,
      ...(NextToken ? { NextToken } : {}),
    },
    'us-east-1',
  );
const event = (eventName: string, record: Record<string, unknown>) => ({
  EventName: eventName,
  EventTime: daysAgo(1),
  Username: 'alice',
  CloudTrailEvent: JSON.stringify({ eventName, eventType: 'AwsApiCall', eventSource: 'ec2.amazonaws.com', userIdentity: { arn: 'arn:aws:sts::123456789012:assumed-role/Admin/alice' }, ...record }),
});
const FROM_PIPELINE = event('CreateSecurityGroup', { userAgent: 'aws-sdk-js/3.600.0', sessionCredentialFromConsole: undefined });
const FROM_CONSOLE = event('AuthorizeSecurityGroupIngress', { userAgent: 'console.ec2.amazonaws.com', sessionCredentialFromConsole: 'true' });
const CFN = [{ Key: 'aws:cloudformation:stack-name', Value: 'web' }];
const TF = [{ Key: 'ManagedBy', Value: 'Terraform' }];

const responses = (o: { events?: unknown[]; instances?: unknown[]; groups?: unknown[]; stacks?: unknown[] } = {}) => ({
  [lookupKey()]: { Events: o.events ?? [FROM_PIPELINE] },
  'cloudformation:ListStacks@us-east-1': { StackSummaries: o.stacks ?? [{ StackName: 'web', StackStatus: 'UPDATE_COMPLETE' }, { StackName: 'old', StackStatus: 'DELETE_COMPLETE' }] },
  'ec2:DescribeInstances@us-east-1': { Reservations: [{ Instances: o.instances ?? [{ InstanceId: 'i-web1', State: { Name: 'running' }, Tags: CFN }] }] },
  'ec2:DescribeSecurityGroups@us-east-1': {
    SecurityGroups: o.groups ?? [
      { GroupId: 'sg-default', GroupName: 'default', Tags: [] },
      { GroupId: 'sg-web', GroupName: 'web', Tags: TF },
    ],
  },
});
const CONSOLE_ARN = 'arn:aws:cloudtrail:us-east-1:123456789012:event-history';
const STACKS_ARN = 'arn:aws:cloudformation:us-east-1:123456789012:stack/*';
const pages = Object.fromEntries(
  Array.from({ length: CONSOLE_MAX_PAGES }, (_v, i) => [lookupKey(i === 0 ? undefined : `t${i}`), { Events: [FROM_PIPELINE], NextToken: `t${i + 1}` }]),
);

testCheck(check, {
  met: [
    { name: 'allResourcesMarkedNoConsoleChanges', responses: responses(), expect: { resources: [CONSOLE_ARN, STACKS_ARN], message: 'carry an IaC marker (1 CloudFormation stacks)' } },
    {
      name: 'consoleSignInAndFailedCallsDoNotCount',
      responses: responses({
        events: [
          event('ConsoleLogin', { eventType: 'AwsConsoleSignIn', eventSource: 'signin.amazonaws.com', sessionCredentialFromConsole: 'true' }),
          event('StartQuery', { eventSource: 'logs.amazonaws.com', sessionCredentialFromConsole: 'true' }),
          event('RunInstances', { sessionCredentialFromConsole: 'true', errorCode: 'Client.UnauthorizedOperation' }),
        ],
      }),
    },
    { name: 'nothingProvisioned', responses: responses({ events: [], stacks: [], instances: [], groups: [] }), expect: { message: 'No EC2 instances or security groups' } },
    { name: 'instancesOfAutoScalingGroup', responses: responses({ instances: [{ InstanceId: 'i-1', State: { Name: 'running' }, Tags: [{ Key: 'aws:autoscaling:groupName', Value: 'web' }] }] }) },
  ],
  notMet: [
    { name: 'consoleChangeSeen', responses: responses({ events: [FROM_PIPELINE, FROM_CONSOLE] }), expect: { resources: [CONSOLE_ARN], message: 'by arn:aws:sts::123456789012:assumed-role/Admin/alice' } },
    {
      name: 'consoleUserAgentWithoutSessionFlag',
      responses: responses({ events: [event('ModifyDBInstance', { eventSource: 'rds.amazonaws.com', userAgent: 'console.amazonaws.com' })] }),
    },
  ],
  cannotTell: [
    {
      name: 'untaggedResourcesNeedAttestation',
      responses: responses({ stacks: [], instances: [{ InstanceId: 'i-hand', State: { Name: 'running' }, Tags: [{ Key: 'Name', Value: 'jump' }] }] }),
      expect: { status: 'manual', resources: [STACKS_ARN], message: '1 of 2 instances and security groups' },
    },
    { name: 'historyNotReadToTheEnd', responses: { ...responses(), ...pages }, expect: { status: 'manual', resources: [CONSOLE_ARN], message: 'older events' } },
    { name: 'lookupDenied', responses: { ...responses(), [lookupKey()]: DENIED_EXCEPTION }, expect: { missingPermission: 'cloudtrail:LookupEvents' } },
    { name: 'stacksDenied', responses: { ...responses(), 'cloudformation:ListStacks@us-east-1': DENIED }, expect: { missingPermission: 'cloudformation:ListStacks' } },
    { name: 'instancesDenied', responses: { ...responses(), 'ec2:DescribeInstances@us-east-1': DENIED }, expect: { missingPermission: 'ec2:DescribeInstances' } },
    { name: 'securityGroupsDenied', responses: { ...responses(), 'ec2:DescribeSecurityGroups@us-east-1': DENIED }, expect: { missingPermission: 'ec2:DescribeSecurityGroups' } },
  ],
});
