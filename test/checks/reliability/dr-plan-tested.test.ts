import { expect } from 'vitest';
import check from '../../../src/checks/reliability/dr-plan-tested.js';
import { DENIED_EXCEPTION, awsError, daysAgo, testCheck } from '../../support/check-tester.js';

// Cases run at 2026-06-01: the 12-month window starts at 2025-06-01T00:00:00Z.
const SERVERS = (region = 'us-east-1') => `drs:DescribeSourceServers@${region}`;
const JOBS = (region = 'us-east-1') => `drs:DescribeJobs@${region} {"filters":{"fromDate":"2025-06-01T00:00:00Z"}}`;
const ARN = (id: string) => `arn:aws:drs:us-east-1:123456789012:source-server/${id}`;
const server = (id: string, host: string, extra = {}) => ({
  sourceServerID: id,
  arn: ARN(id),
  sourceProperties: { identificationHints: { hostname: host } },
  dataReplicationInfo: { dataReplicationState: 'CONTINUOUS' },
  replicationDirection: 'FAILOVER',
  ...extra,
});
const lastLaunch = (days: number, type: string, status: string) => ({
  lifeCycle: { lastLaunch: { initiated: { apiCallDateTime: daysAgo(days), jobID: `drsjob-${days}`, type }, status } },
});
const job = (days: number, initiatedBy: string, servers: [string, string][]) => ({
  jobID: `drsjob-${initiatedBy}-${days}`,
  type: 'LAUNCH',
  initiatedBy,
  status: 'COMPLETED',
  creationDateTime: daysAgo(days),
  participatingServers: servers.map(([sourceServerID, launchStatus]) => ({ sourceServerID, launchStatus })),
});
const NOT_INITIALIZED = awsError('UninitializedAccountException', 'Account not initialized');
const ACCOUNT_WIDE = 'arn:aws:::123456789012';

testCheck(check, {
  // Measuring tests against RTO/RPO and repeating them after major updates is always attested.
  met: [
    {
      name: 'everyServerDrilledStillManualForRtoRpo',
      responses: {
        [SERVERS()]: {
          items: [
            server('s-1111', 'db-primary', lastLaunch(700, 'DRILL', 'TERMINATED')),
            server('s-2222', 'app-1', lastLaunch(100, 'DRILL', 'TERMINATED')),
            server('s-9999', 'db-primary-failback', { replicationDirection: 'FAILBACK' }),
          ],
        },
        [JOBS()]: { items: [job(40, 'START_DRILL', [['s-1111', 'TERMINATED']]), job(45, 'TERMINATE_RECOVERY_INSTANCES', [['s-1111', 'TERMINATED']])] },
      },
      expect: {
        status: 'manual',
        resources: [ACCOUNT_WIDE],
        message: 'measured against the RTO and RPO',
        check: (r) => {
          expect(r.findings.filter((f) => f.status === 'met').map((f) => f.message)).toEqual([
            'Source server s-1111 (db-primary) in us-east-1 was launched in a DRS drill on 2026-04-22.',
            'Source server s-2222 (app-1) in us-east-1 was launched in a DRS drill on 2026-02-21.',
          ]);
        },
      },
    },
  ],
  notMet: [
    {
      name: 'serverWithoutDrillInTwelveMonths',
      responses: {
        [SERVERS()]: { items: [server('s-1111', 'db-primary', lastLaunch(20, 'DRILL', 'TERMINATED')), server('s-3333', 'legacy-erp', lastLaunch(500, 'DRILL', 'TERMINATED'))] },
        [JOBS()]: { items: [job(30, 'START_DRILL', [['s-3333', 'FAILED']])] },
      },
      expect: { resources: [ARN('s-3333')], message: 'Source server s-3333 (legacy-erp) in us-east-1 replicates to Elastic Disaster Recovery but had no drill or recovery' },
    },
  ],
  cannotTell: [
    {
      name: 'drsNotInitialized',
      regions: ['us-east-1', 'us-west-2'],
      responses: { [SERVERS()]: NOT_INITIALIZED, [SERVERS('us-west-2')]: NOT_INITIALIZED },
      expect: { status: 'manual', resources: [ACCOUNT_WIDE], message: 'Elastic Disaster Recovery is not in use in us-east-1, us-west-2' },
    },
    { name: 'noSourceServers', responses: { [SERVERS()]: { items: [] } }, expect: { status: 'manual', message: 'attest the latest DR test' } },
    { name: 'sourceServersDenied', responses: { [SERVERS()]: DENIED_EXCEPTION }, expect: { missingPermission: 'drs:DescribeSourceServers' } },
    {
      name: 'jobsDenied',
      responses: { [SERVERS()]: { items: [server('s-1111', 'db-primary')] }, [JOBS()]: DENIED_EXCEPTION },
      expect: { resources: ['arn:aws:drs:us-east-1:123456789012:source-server/*'], missingPermission: 'drs:DescribeJobs' },
    },
  ],
});
