// Scope: who the account is (sts:GetCallerIdentity) and which regions a scan covers
// (ec2:DescribeRegions with AllRegions, asked in the home region), over replayed responses.
import { describe, expect, it } from 'vitest';
import { Fetcher } from '../src/aws/fetcher.js';
import { createAwsData } from '../src/aws/index.js';
import { SERVICES } from '../src/aws/services/index.js';
import { SNAPSHOT_FORMAT } from '../src/aws/snapshot.js';
import { CredentialsError, TimedOut, UserError } from '../src/errors.js';
import { resolveScope } from '../src/scope.js';
import { DENIED, awsError } from './support/check-tester.js';

const HOME = 'us-east-1';
const IDENTITY = 'sts:GetCallerIdentity';
const REGIONS = `ec2:DescribeRegions@${HOME} {"AllRegions":true}`;
const identity = (arn = 'arn:aws:iam::123456789012:user/audit') => ({ UserId: 'AIDAEXAMPLE', Account: arn.split(':')[4], Arn: arn });
const region = (RegionName: string, OptInStatus: string) => ({ RegionName, Endpoint: `ec2.${RegionName}.amazonaws.com`, OptInStatus });
const ALL_REGIONS = {
  Regions: [
    region('us-west-2', 'opt-in-not-required'),
    region('us-east-1', 'opt-in-not-required'),
    region('eu-west-1', 'opt-in-not-required'),
    region('af-south-1', 'opted-in'),
    region('ap-east-1', 'not-opted-in'),
    region('me-south-1', 'not-opted-in'),
  ],
};

function scopeOf(responses: Record<string, unknown>, requested?: string[]) {
  const fetcher = new Fetcher({ services: SERVICES, homeRegion: HOME, snapshot: { format: SNAPSHOT_FORMAT, version: 1, responses } });
  return resolveScope(createAwsData(fetcher), HOME, requested);
}

describe('resolveScope', () => {
  it('scans every enabled region (opted-in included) and lists the ones not opted in', async () => {
    const scope = await scopeOf({ [IDENTITY]: identity(), [REGIONS]: ALL_REGIONS });
    expect(scope.regions).toEqual(['af-south-1', 'eu-west-1', 'us-east-1', 'us-west-2']);
    expect(scope.regionsNotEnabled).toEqual(['ap-east-1', 'me-south-1']);
    expect(scope.errors).toEqual([]);
    expect(scope.account).toEqual({
      id: '123456789012',
      partition: 'aws',
      arn: 'arn:aws:iam::123456789012:user/audit',
      rootArn: 'arn:aws:iam::123456789012:root',
    });
  });

  it('--regions narrows the scan; a requested region that is not enabled is listed, not scanned', async () => {
    const scope = await scopeOf({ [IDENTITY]: identity(), [REGIONS]: ALL_REGIONS }, ['eu-west-1', 'ap-east-1', 'us-east-1']);
    expect(scope.regions).toEqual(['eu-west-1', 'us-east-1']);
    expect(scope.regionsNotEnabled).toEqual(['ap-east-1']);
  });

  it('an unknown region → UserError naming it', async () => {
    const err = await scopeOf({ [IDENTITY]: identity(), [REGIONS]: ALL_REGIONS }, ['eu-west-1', 'eu-wst-1']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toBe('unknown region: eu-wst-1');
    expect((err as UserError).hint).toContain('eu-west-1');
  });

  it('only regions that are not enabled → UserError (nothing could be scanned)', async () => {
    const err = await scopeOf({ [IDENTITY]: identity(), [REGIONS]: ALL_REGIONS }, ['ap-east-1']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(/none of the requested regions is enabled .*ap-east-1/);
  });

  it('DescribeRegions denied → the home region only, and a scan error naming ec2:DescribeRegions', async () => {
    const scope = await scopeOf({ [IDENTITY]: identity(), [REGIONS]: DENIED });
    expect(scope.regions).toEqual([HOME]);
    expect(scope.regionsNotEnabled).toEqual([]);
    expect(scope.errors).toEqual([
      expect.objectContaining({ kind: 'missing-permission', missingPermission: 'ec2:DescribeRegions', message: expect.stringContaining(`scanning ${HOME} only`) }),
    ]);
  });

  it('DescribeRegions denied with --regions → the requested regions, unverified, and the same error', async () => {
    const scope = await scopeOf({ [IDENTITY]: identity(), [REGIONS]: DENIED }, ['eu-west-1']);
    expect(scope.regions).toEqual(['eu-west-1']);
    expect(scope.errors[0]).toMatchObject({ missingPermission: 'ec2:DescribeRegions' });
  });

  it('DescribeRegions with no answer in time → the home region only, and a scan error of kind timeout', async () => {
    const scope = await scopeOf({ [IDENTITY]: identity(), [REGIONS]: awsError('TimeoutError', 'the request timed out', 0) });
    expect(scope.regions).toEqual([HOME]);
    expect(scope.errors).toEqual([
      {
        kind: 'timeout',
        message: `cannot list regions (no answer from ec2 DescribeRegions: the request timed out); scanning ${HOME} only`,
        missingPermission: undefined,
      },
    ]);
  });

  it('who the account is, with no answer in time → TimedOut (the scan cannot start)', async () => {
    const err = await scopeOf({ [IDENTITY]: awsError('TimeoutError', 'the request timed out', 0) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimedOut);
    expect((err as TimedOut).message).toBe('no answer from sts GetCallerIdentity: the request timed out');
  });

  it('rejected credentials are fatal, not a scope error', async () => {
    const err = await scopeOf({ [IDENTITY]: awsError('InvalidClientTokenId', 'The security token included in the request is invalid', 403) }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CredentialsError);
  });

  const partitions: [string, string, string][] = [
    ['arn:aws-us-gov:iam::111122223333:user/audit', 'aws-us-gov', 'arn:aws-us-gov:iam::111122223333:root'],
    ['arn:aws-cn:sts::444455556666:assumed-role/Audit/session', 'aws-cn', 'arn:aws-cn:iam::444455556666:root'],
    ['arn:aws:sts::123456789012:assumed-role/Audit/session', 'aws', 'arn:aws:iam::123456789012:root'],
  ];
  for (const [arn, partition, rootArn] of partitions) {
    it(`partition ${partition} comes from the caller ARN`, async () => {
      const scope = await scopeOf({ [IDENTITY]: identity(arn), [REGIONS]: ALL_REGIONS });
      expect(scope.account).toMatchObject({ partition, rootArn, arn });
    });
  }
});
