import { expect } from 'vitest';
import { callKey } from '../../../src/aws/snapshot.js';
import check, { CONSOLE_MAX_PAGES } from '../../../src/checks/reliability/infrastructure-as-code.js';
import { DEFAULT_THRESHOLDS } from '../../../src/config/thresholds.js';
import { DENIED, DENIED_EXCEPTION, NOW, THROTTLED, daysAgo, testCheck } from '../../support/check-tester.js';

const CONSOLE_LOOKBACK_DAYS = DEFAULT_THRESHOLDS.consoleChangeLookbackDays;
const lookupKey = (NextToken?: string, region = 'us-east-1') =>
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
    region,
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

const responses = (o: { events?: unknown[]; instances?: unknown[]; groups?: unknown[]; stacks?: unknown[] } = {}, region = 'us-east-1') => ({
  [lookupKey(undefined, region)]: { Events: o.events ?? [FROM_PIPELINE] },
  [`cloudformation:ListStacks@${region}`]: { StackSummaries: o.stacks ?? [{ StackName: 'web', StackStatus: 'UPDATE_COMPLETE' }, { StackName: 'old', StackStatus: 'DELETE_COMPLETE' }] },
  [`ec2:DescribeInstances@${region}`]: { Reservations: [{ Instances: o.instances ?? [{ InstanceId: 'i-web1', State: { Name: 'running' }, Tags: CFN }] }] },
  [`ec2:DescribeSecurityGroups@${region}`]: {
    SecurityGroups: o.groups ?? [
      { GroupId: 'sg-default', GroupName: 'default', Tags: [] },
      { GroupId: 'sg-web', GroupName: 'web', Tags: TF },
    ],
  },
});
const CONSOLE_ARN = (region = 'us-east-1') => `arn:aws:cloudtrail:${region}:123456789012:event-history`;
const STACKS_ARN = (region = 'us-east-1') => `arn:aws:cloudformation:${region}:123456789012:stack/*`;
const BOTH = [CONSOLE_ARN(), STACKS_ARN()];
const pages = (last = CONSOLE_MAX_PAGES, event = FROM_PIPELINE) =>
  Object.fromEntries(
    Array.from({ length: last }, (_v, i) => [lookupKey(i === 0 ? undefined : `t${i}`), { Events: [i === 0 ? event : FROM_PIPELINE], NextToken: `t${i + 1}` }]),
  );
const instance = (id: string, tags: { Key: string; Value: string }[]) => ({ InstanceId: id, State: { Name: 'running' }, Tags: tags });
const EMPTY = { events: [], stacks: [], instances: [], groups: [{ GroupId: 'sg-default', GroupName: 'default', Tags: [] }] };

testCheck(check, {
  met: [
    { name: 'allResourcesMarkedNoConsoleChanges', responses: responses(), expect: { resources: BOTH, message: 'All 2 instances and security groups in us-east-1 carry an IaC marker (1 CloudFormation stacks)' } },
    {
      name: 'consoleSignInQueriesAndFailedCallsDoNotCount',
      responses: responses({
        events: [
          event('ConsoleLogin', { eventType: 'AwsConsoleSignIn', eventSource: 'signin.amazonaws.com', sessionCredentialFromConsole: 'true' }),
          event('StartQuery', { eventSource: 'logs.amazonaws.com', sessionCredentialFromConsole: 'true' }),
          event('CreateEnvironment', { eventSource: 'cloudshell.amazonaws.com', sessionCredentialFromConsole: 'true' }),
          event('RunInstances', { sessionCredentialFromConsole: 'true', errorCode: 'Client.UnauthorizedOperation' }),
          event('SwitchRole', { eventType: 'AwsConsoleAction', userAgent: 'console.amazonaws.com' }),
          { EventName: 'Broken', EventTime: daysAgo(1), CloudTrailEvent: '{not json' },
          { EventName: 'NoRecord', EventTime: daysAgo(1) },
        ],
      }),
      expect: { resources: BOTH, message: 'No infrastructure change from the AWS Console in us-east-1 in the last 7 days (write events read: 7)' },
    },
    {
      name: 'nothingProvisioned',
      responses: responses(EMPTY),
      expect: { resources: BOTH, message: 'No EC2 instances or security groups to assess in us-east-1 (0 CloudFormation stacks)' },
    },
    {
      name: 'markersOfEveryKind',
      responses: responses({
        instances: [
          instance('i-asg', [{ Key: 'aws:autoscaling:groupName', Value: 'web' }]),
          instance('i-k8s', [{ Key: 'eks:nodegroup-name', Value: 'ng-1' }]),
          instance('i-karp', [{ Key: 'karpenter.sh/nodepool', Value: 'default' }]),
          instance('i-pulumi', [{ Key: 'Owner', Value: 'pulumi-stack-prod' }]),
          { InstanceId: 'i-gone', State: { Name: 'terminated' } },
        ],
      }),
      expect: {
        resources: BOTH,
        check: (r) => expect(r.findings[1].evidence?.byMarker).toEqual({ autoscaling: 1, kubernetes: 2, 'tool-tag': 2 }),
      },
    },
    {
      name: 'stacksUnlistedAreOnlyEvidence',
      responses: { ...responses(), 'cloudformation:ListStacks@us-east-1': DENIED },
      expect: {
        resources: BOTH,
        message: 'carry an IaC marker (CloudFormation stacks could not be listed)',
        check: (r) => expect(r.findings[1].evidence?.stacks).toBe('could not tell: missing permission cloudformation:ListStacks'),
      },
    },
    {
      name: 'anEmptyRegionDoesNotHoldTheItemBack',
      regions: ['us-east-1', 'eu-west-1'],
      responses: { ...responses(), ...responses(EMPTY, 'eu-west-1') },
      expect: { resources: [...BOTH, CONSOLE_ARN('eu-west-1'), STACKS_ARN('eu-west-1')] },
    },
  ],
  notMet: [
    {
      name: 'consoleChangeSeen',
      responses: responses({ events: [FROM_PIPELINE, FROM_CONSOLE] }),
      expect: { resources: [CONSOLE_ARN()], metResources: [STACKS_ARN()], message: '1 infrastructure changes were made from the AWS Console in us-east-1 in the last 7 days (by arn:aws:sts::123456789012:assumed-role/Admin/alice)' },
    },
    {
      name: 'consoleUserAgentWithoutSessionFlag',
      responses: responses({ events: [event('ModifyDBInstance', { eventSource: 'rds.amazonaws.com', userAgent: 'console.amazonaws.com' }), event('PutBucketPolicy', { eventSource: 's3.amazonaws.com', userAgent: 'console.eu-west-1.amazonaws.com' })] }),
      expect: { resources: [CONSOLE_ARN()], message: '2 infrastructure changes' },
    },
    {
      name: 'consoleChangeFoundStandsWhenALaterPageFails',
      responses: { ...responses(), ...pages(3, FROM_CONSOLE), [lookupKey('t3')]: THROTTLED },
      expect: { resources: [CONSOLE_ARN()], check: (r) => expect(r.findings[0].evidence).toMatchObject({ truncated: true, writeEventsRead: 3, readStoppedBy: 'cloudtrail:LookupEvents still throttled after retries' }) },
    },
    {
      name: 'consoleChangeStandsWhenTheToolLookFails',
      responses: { ...responses({ events: [FROM_CONSOLE] }), 'ec2:DescribeSecurityGroups@us-east-1': DENIED },
      expect: { resources: [CONSOLE_ARN()], check: (r) => expect(r.findings.find((f) => f.status === 'error')?.resource).toBe(STACKS_ARN()) },
    },
  ],
  cannotTell: [
    {
      name: 'untaggedResourcesNeedAttestation',
      responses: responses({ stacks: [], instances: [instance('i-hand', [{ Key: 'Name', Value: 'jump' }])], groups: [{ GroupId: 'sg-hand', GroupName: 'hand' }, { GroupId: 'sg-web', GroupName: 'web', Tags: TF }] }),
      expect: {
        status: 'manual',
        resources: [STACKS_ARN()],
        metResources: [CONSOLE_ARN()],
        message: '2 of 3 instances and security groups in us-east-1 carry no IaC marker (0 CloudFormation stacks)',
        check: (r) => expect(r.findings[1].evidence?.unmarked).toEqual(['i-hand', 'sg-hand']),
      },
    },
    {
      name: 'historyNotReadToTheEnd',
      responses: { ...responses(), ...pages() },
      expect: { status: 'manual', resources: [CONSOLE_ARN()], metResources: [STACKS_ARN()], message: `No console change among the latest ${CONSOLE_MAX_PAGES} write events in us-east-1; older events` },
    },
    {
      name: 'laterPageFailsWithoutConsoleChange',
      responses: { ...responses(), ...pages(2), [lookupKey('t2')]: DENIED_EXCEPTION },
      expect: { resources: [CONSOLE_ARN()], metResources: [STACKS_ARN()], missingPermission: 'cloudtrail:LookupEvents' },
    },
    { name: 'lookupDenied', responses: { ...responses(), [lookupKey()]: DENIED_EXCEPTION }, expect: { resources: [CONSOLE_ARN()], metResources: [STACKS_ARN()], missingPermission: 'cloudtrail:LookupEvents' } },
    { name: 'instancesDenied', responses: { ...responses(), 'ec2:DescribeInstances@us-east-1': DENIED }, expect: { resources: [STACKS_ARN()], metResources: [CONSOLE_ARN()], missingPermission: 'ec2:DescribeInstances' } },
    {
      name: 'securityGroupsDenied',
      responses: { ...responses(), 'ec2:DescribeSecurityGroups@us-east-1': DENIED },
      expect: { resources: [STACKS_ARN()], metResources: [CONSOLE_ARN()], missingPermission: 'ec2:DescribeSecurityGroups' },
    },
  ],
});
