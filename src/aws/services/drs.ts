// AWS Elastic Disaster Recovery (regional). DescribeSourceServers and DescribeJobs paginate with nextToken.
// A region where DRS was never initialized answers UninitializedAccountException: ServiceNotEnabled ("not in
// use"), not a failure. A source server's lifeCycle.lastLaunch tells its latest launch (initiated.type DRILL
// | RECOVERY, apiCallDateTime, status); DescribeJobs lists launch jobs (initiatedBy START_DRILL |
// START_RECOVERY | …, creationDateTime, participatingServers[].launchStatus), newest first. Dates are ISO
// strings; the fromDate filter takes YYYY-MM-DDTHH:MM:SSZ.
import type { DescribeJobsCommandOutput, DescribeSourceServersCommandOutput } from '@aws-sdk/client-drs';
import { z } from 'zod';
import { defineService, type CallFn, sdkPackage } from '../service.js';
import { id, list, maybe, obj, shapeOf, str, when } from '../shapes.js';

const NOT_INITIALIZED = ['UninitializedAccountException'];

export const drs = defineService({
  name: 'drs',
  iamPrefix: 'drs',
  load: () => sdkPackage<typeof import('@aws-sdk/client-drs')>('@aws-sdk/client-drs'),
  client: 'DrsClient',
  operations: {
    DescribeSourceServers: {
      command: 'DescribeSourceServersCommand',
      paginator: 'paginateDescribeSourceServers',
      items: ['items'],
      notEnabled: NOT_INITIALIZED,
      shape: shapeOf<DescribeSourceServersCommandOutput>()({
        items: list(
          obj({
            sourceServerID: id,
            arn: str,
            replicationDirection: str,
            dataReplicationInfo: maybe({ dataReplicationState: str }),
            lifeCycle: maybe({ lastLaunch: maybe({ status: str, initiated: maybe({ apiCallDateTime: when, type: str, jobID: str }) }) }),
            sourceProperties: maybe({ identificationHints: maybe({ hostname: str }) }),
          }),
        ),
      }),
    },
    DescribeJobs: {
      command: 'DescribeJobsCommand',
      paginator: 'paginateDescribeJobs',
      items: ['items'],
      notEnabled: NOT_INITIALIZED,
      shape: shapeOf<DescribeJobsCommandOutput>()({
        items: list(
          obj({ jobID: z.string(), initiatedBy: str, creationDateTime: when, participatingServers: list(obj({ sourceServerID: str, launchStatus: str })) }),
        ),
      }),
    },
  },
});

export const drsAccessors = (call: CallFn) => ({
  /** Source servers; throws ServiceNotEnabled where DRS was never initialized. */
  sourceServers: async (region: string) =>
    (await call<DescribeSourceServersCommandOutput>('drs', 'DescribeSourceServers', {}, region)).items ?? [],
  /** Jobs created since `since` (a UTC midnight, so the call key is stable all day). */
  jobs: async (region: string, since: Date) =>
    (await call<DescribeJobsCommandOutput>('drs', 'DescribeJobs', { filters: { fromDate: since.toISOString().replace('.000Z', 'Z') } }, region))
      .items ?? [],
});
