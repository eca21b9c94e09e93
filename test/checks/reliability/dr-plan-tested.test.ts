import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/reliability/dr-plan-tested.js';
import { DENIED_EXCEPTION, awsError, daysAgo, runCase, testCheck } from '../../support/check-tester.js';

// Cases run at 2026-06-01: the 12-month window starts at 2025-06-01T00:00:00Z.
const WINDOW_START = '2025-06-01T00:00:00Z';
const DAY_BEFORE_WINDOW = '2025-05-31T00:00:00Z';
const SERVERS = (region = 'us-east-1') => `drs:DescribeSourceServers@${region}`;
const JOBS = (region = 'us-east-1') => `drs:DescribeJobs@${region} {"filters":{"fromDate":"2025-06-01T00:00:00Z"}}`;
const ARN = (id: string, region = 'us-east-1') => `arn:aws:drs:${region}:123456789012:source-server/${id}`;
const server = (id: string, host: string, extra = {}) => ({
  sourceServerID: id,
  arn: ARN(id),
  sourceProperties: { identificationHints: { hostname: host } },
  dataReplicationInfo: { dataReplicationState: 'CONTINUOUS' },
  replicationDirection: 'FAILOVER',
  ...extra,
});
const at = (when: number | string) => (typeof when === 'number' ? daysAgo(when) : when);
const lastLaunch = (when: number | string, type: string, status: string) => ({
  lifeCycle: { lastLaunch: { initiated: { apiCallDateTime: at(when), jobID: `drsjob-${when}`, type }, status } },
});
const job = (when: number | string, initiatedBy: string, servers: [string, string][]) => ({
  jobID: `drsjob-${initiatedBy}-${when}`,
  type: 'LAUNCH',
  initiatedBy,
  status: 'COMPLETED',
  creationDateTime: at(when),
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
            server('s-8888', 'retired', { dataReplicationInfo: { dataReplicationState: 'DISCONNECTED' } }),
          ],
        },
        [JOBS()]: { items: [job(40, 'START_DRILL', [['s-1111', 'TERMINATED']]), job(45, 'TERMINATE_RECOVERY_INSTANCES', [['s-1111', 'TERMINATED']])] },
      },
      expect: {
        status: 'manual',
        resources: [ACCOUNT_WIDE],
        metResources: [ARN('s-1111'), ARN('s-2222')],
        message: 'Attest that DR tests are measured against the RTO and RPO and repeated after major updates (not visible to the API).',
        check: (r) => {
          expect(r.findings.filter((f) => f.status === 'met').map((f) => f.message)).toEqual([
            'Source server s-1111 (db-primary) in us-east-1 was launched in a DRS drill on 2026-04-22.',
            'Source server s-2222 (app-1) in us-east-1 was launched in a DRS drill on 2026-02-21.',
          ]);
        },
      },
    },
    {
      name: 'recoveryAtTheWindowStartAndAFailedLatestDrillAfterAnEarlierLaunch',
      regions: ['us-east-1', 'eu-west-1', 'us-west-2'],
      responses: {
        [SERVERS()]: { items: [server('s-1111', 'db-primary', lastLaunch(WINDOW_START, 'RECOVERY', 'LAUNCHED')), server('s-2222', 'app-1', lastLaunch(3, 'DRILL', 'FAILED'))] },
        [JOBS()]: { items: [job(3, 'START_DRILL', [['s-2222', 'FAILED']]), job(90, 'START_DRILL', [['s-2222', 'LAUNCHED']])] },
        [SERVERS('eu-west-1')]: { items: [] },
        [SERVERS('us-west-2')]: NOT_INITIALIZED,
      },
      expect: {
        status: 'manual',
        resources: [ACCOUNT_WIDE],
        metResources: [ARN('s-1111'), ARN('s-2222')],
        check: (r) =>
          expect(r.findings.filter((f) => f.status === 'met').map((f) => f.message)).toEqual([
            'Source server s-1111 (db-primary) in us-east-1 was launched in a DRS recovery on 2025-06-01.',
            'Source server s-2222 (app-1) in us-east-1 was launched in a DRS drill on 2026-03-03.',
          ]),
      },
    },
    {
      name: 'minimalServersAndJobsOfSeveralServers',
      responses: {
        [SERVERS()]: {
          items: [
            { sourceServerID: 's-aaaa', ...lastLaunch(90, 'DRILL', 'TERMINATED') },
            { sourceServerID: 's-bbbb', lifeCycle: { lastLaunch: { status: 'LAUNCHED' } } },
            server('s-cccc', 'web-1', lastLaunch(30, 'RECOVERY', 'LAUNCHED')),
          ],
        },
        [JOBS()]: {
          items: [
            job(90, 'START_DRILL', [['s-cccc', 'LAUNCHED']]),
            { ...job(5, 'CREATE_NETWORK_RECOVERY', []), participatingServers: undefined },
            job(60, 'START_DRILL', [['s-aaaa', 'TERMINATED'], ['s-bbbb', 'LAUNCHED']]),
          ],
        },
      },
      expect: {
        status: 'manual',
        resources: [ACCOUNT_WIDE],
        metResources: [ARN('s-aaaa'), ARN('s-bbbb'), ARN('s-cccc')],
        check: (r) =>
          expect(r.findings.filter((f) => f.status === 'met').map((f) => f.message)).toEqual([
            'Source server s-aaaa in us-east-1 was launched in a DRS drill on 2026-04-02.',
            'Source server s-bbbb in us-east-1 was launched in a DRS drill on 2026-04-02.',
            'Source server s-cccc (web-1) in us-east-1 was launched in a DRS recovery on 2026-05-02.',
          ]),
      },
    },
  ],
  notMet: [
    {
      name: 'serverWithoutDrillInTwelveMonths',
      responses: {
        [SERVERS()]: {
          items: [
            server('s-1111', 'db-primary', lastLaunch(20, 'DRILL', 'TERMINATED')),
            server('s-3333', 'legacy-erp', lastLaunch(500, 'DRILL', 'TERMINATED')),
            server('s-4444', 'new-app'),
            server('s-5555', 'old-drill', lastLaunch(DAY_BEFORE_WINDOW, 'DRILL', 'LAUNCHED')),
            { sourceServerID: 's-6666', arn: ARN('s-6666'), lifeCycle: { lastLaunch: { initiated: { apiCallDateTime: 'not a date', type: 'DRILL' }, status: 'LAUNCHED' } } },
          ],
        },
        [JOBS()]: {
          items: [
            job(30, 'START_DRILL', [['s-3333', 'FAILED']]),
            job(25, 'FAILBACK', [['s-3333', 'LAUNCHED']]),
            job(10, 'START_RECOVERY', [['s-4444', 'PENDING']]),
            job(DAY_BEFORE_WINDOW, 'START_DRILL', [['s-5555', 'LAUNCHED']]),
            { ...job(3, 'START_DRILL', [['s-6666', 'LAUNCHED']]), creationDateTime: undefined },
          ],
        },
      },
      expect: {
        resources: [ARN('s-3333'), ARN('s-4444'), ARN('s-5555'), ARN('s-6666')],
        metResources: [ARN('s-1111')],
        message: 'Source server s-3333 (legacy-erp) in us-east-1 replicates to Elastic Disaster Recovery but had no drill or recovery in the last 12 months: its recovery is untested.',
      },
    },
    {
      name: 'untestedInOneRegionTestedInAnother',
      regions: ['us-east-1', 'eu-west-1'],
      responses: {
        [SERVERS()]: { items: [server('s-1111', 'db-primary', lastLaunch(20, 'DRILL', 'TERMINATED'))] },
        [JOBS()]: { items: [] },
        [SERVERS('eu-west-1')]: { items: [server('s-7777', 'eu-app', { arn: ARN('s-7777', 'eu-west-1') })] },
        [JOBS('eu-west-1')]: { items: [] },
      },
      expect: { resources: [ARN('s-7777', 'eu-west-1')], metResources: [ARN('s-1111')] },
    },
    {
      name: 'jobsUnreadableButTheLatestLaunchIsOld',
      responses: {
        [SERVERS()]: { items: [server('s-1111', 'db-primary', lastLaunch(20, 'DRILL', 'LAUNCHED')), server('s-3333', 'legacy-erp', lastLaunch(500, 'DRILL', 'TERMINATED'))] },
        [JOBS()]: DENIED_EXCEPTION,
      },
      expect: { resources: [ARN('s-3333')], metResources: [ARN('s-1111')] },
    },
  ],
  cannotTell: [
    {
      name: 'drsNotInitialized',
      regions: ['us-east-1', 'us-west-2'],
      responses: { [SERVERS()]: NOT_INITIALIZED, [SERVERS('us-west-2')]: NOT_INITIALIZED },
      expect: { status: 'manual', resources: [ACCOUNT_WIDE], message: 'Elastic Disaster Recovery is not in use in us-east-1, us-west-2: attest the latest DR test (date, scope, RTO and RPO achieved).' },
    },
    { name: 'noSourceServers', responses: { [SERVERS()]: { items: [] } }, expect: { status: 'manual', resources: [ACCOUNT_WIDE], message: 'attest the latest DR test' } },
    {
      name: 'onlyFailbackAndDisconnectedServers',
      responses: { [SERVERS()]: { items: [server('s-9999', 'failback', { replicationDirection: 'FAILBACK' }), server('s-8888', 'retired', { dataReplicationInfo: { dataReplicationState: 'DISCONNECTED' } })] } },
      expect: { status: 'manual', resources: [ACCOUNT_WIDE], message: 'Elastic Disaster Recovery is not in use in us-east-1' },
    },
    {
      name: 'sourceServersDenied',
      responses: { [SERVERS()]: DENIED_EXCEPTION },
      expect: { resources: ['arn:aws:drs:us-east-1:123456789012:source-server/*'], missingPermission: 'drs:DescribeSourceServers' },
    },
    {
      // Servers replicate, none can be judged: DRS is in use, so the attestation asks about the tests, not for one.
      name: 'jobsDeniedAndNoServerCanBeJudged',
      responses: { [SERVERS()]: { items: [server('s-1111', 'db-primary'), server('s-2222', 'app-1', lastLaunch(WINDOW_START, 'DRILL', 'FAILED'))] }, [JOBS()]: DENIED_EXCEPTION },
      expect: {
        resources: [ARN('s-1111'), ARN('s-2222')],
        check: (r) =>
          expect(r.findings.find((f) => f.status === 'manual')?.message).toBe('Attest that DR tests are measured against the RTO and RPO and repeated after major updates (not visible to the API).'),
      },
    },
    {
      name: 'jobsDeniedForServersTheLifeCycleCannotDecide',
      responses: {
        [SERVERS()]: { items: [server('s-1111', 'db-primary'), server('s-2222', 'app-1', lastLaunch(3, 'DRILL', 'FAILED')), server('s-3333', 'drilled', lastLaunch(30, 'DRILL', 'TERMINATED'))] },
        [JOBS()]: DENIED_EXCEPTION,
      },
      expect: { resources: [ARN('s-1111'), ARN('s-2222')], metResources: [ARN('s-3333')], missingPermission: 'drs:DescribeJobs' },
    },
  ],
});

describe('check 2.12 calls', () => {
  it('does not ask for the jobs of a region without source servers', async () => {
    const { result, actions } = await runCase(check, { name: 'empty', regions: ['us-east-1', 'eu-west-1'], responses: { [SERVERS()]: { items: [] }, [SERVERS('eu-west-1')]: { items: [] } } });
    expect(result.status).toBe('manual');
    expect([...actions]).toEqual(['drs:DescribeSourceServers']);
  });
});
