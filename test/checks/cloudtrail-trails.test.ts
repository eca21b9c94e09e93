import { describe, expect, it } from 'vitest';
import { loggingTrails, regionTrailsArn } from '../../src/checks/cloudtrail-trails.js';
import { ACCOUNT, checkContext, DENIED, THROTTLED } from '../support/check-tester.js';
import { listed, regionResource, status, trail, trailArn } from './security/cloudtrail-fixtures.js';

const REGIONS = ['us-east-1', 'eu-west-1'];
const look = (responses: Record<string, unknown>, regions = REGIONS) => loggingTrails(checkContext(responses, { regions }));
const arns = (trails: { arn: string }[]) => trails.map((t) => t.arn).sort();

describe('regionTrailsArn', () => {
  it('names every trail of the account in the region, in the account’s partition', () => {
    expect(regionTrailsArn(ACCOUNT, 'eu-west-1')).toBe('arn:aws:cloudtrail:eu-west-1:123456789012:trail/*');
    expect(regionTrailsArn({ id: '210987654321', partition: 'aws-cn', rootArn: '' }, 'cn-north-1')).toBe('arn:aws-cn:cloudtrail:cn-north-1:210987654321:trail/*');
  });
});

describe('loggingTrails', () => {
  it('no trail anywhere: nothing, and no error', async () => {
    expect(await look({ ...listed('us-east-1', []), ...listed('eu-west-1', []) })).toEqual({ trails: [], logging: [], regionErrors: [] });
  });

  it('a response without trailList counts as no trail', async () => {
    expect(await look({ ...listed('us-east-1', {}), ...listed('eu-west-1', []) })).toMatchObject({ trails: [], regionErrors: [] });
  });

  it('no region in scope: nothing is asked and nothing found', async () => {
    expect(await look({}, [])).toEqual({ trails: [], logging: [], regionErrors: [] });
  });

  it('a multi-region trail listed in every region is one trail, with the regions it records in', async () => {
    const org = trail('org-trail', { multi: true });
    const { trails, logging } = await look({ ...listed('us-east-1', [org]), ...listed('eu-west-1', [org]), ...status(org, true) });
    expect(trails).toHaveLength(1);
    expect(trails[0]).toMatchObject({ arn: trailArn('org-trail'), regions: ['us-east-1', 'eu-west-1'], status: { IsLogging: true } });
    expect(arns(logging)).toEqual([trailArn('org-trail')]);
  });

  it('a stopped trail is among the trails but not the logging ones', async () => {
    const on = trail('on');
    const off = trail('off', { home: 'eu-west-1' });
    const { trails, logging } = await look({ ...listed('us-east-1', [on]), ...listed('eu-west-1', [off]), ...status(on, true), ...status(off, false) });
    expect(arns(trails)).toEqual([trailArn('off', 'eu-west-1'), trailArn('on')]);
    expect(arns(logging)).toEqual([trailArn('on')]);
  });

  it('a trail whose status could not be read counts as logging, with the reason kept', async () => {
    const theirs = trail('org-trail', { multi: true, org: true, account: '111122223333' });
    const { logging } = await look({ ...listed('us-east-1', [theirs]), ...listed('eu-west-1', [theirs]), ...status(theirs, DENIED) });
    expect(logging).toHaveLength(1);
    expect(logging[0].status).toBeUndefined();
    expect(logging[0].statusError).toMatchObject({ kind: 'missing-permission', action: 'cloudtrail:GetTrailStatus' });
  });

  it('a region whose trail list cannot be read is an error finding for that region; the others are still read', async () => {
    const own = trail('main');
    const result = await look({ ...listed('us-east-1', [own]), ...listed('eu-west-1', DENIED), ...status(own, true) });
    expect(arns(result.trails)).toEqual([trailArn('main')]);
    expect(result.regionErrors).toEqual([
      expect.objectContaining({
        status: 'error',
        resource: regionResource('eu-west-1'),
        region: 'eu-west-1',
        missingPermission: 'cloudtrail:DescribeTrails',
        errorKind: 'missing-permission',
      }),
    ]);
  });

  it('every region failing: one error finding each, no trails', async () => {
    const result = await look({ ...listed('us-east-1', THROTTLED), ...listed('eu-west-1', DENIED) });
    expect(result.trails).toEqual([]);
    expect(result.regionErrors.map((f) => [f.resource, f.errorKind])).toEqual([
      [regionResource('us-east-1'), 'throttled'],
      [regionResource('eu-west-1'), 'missing-permission'],
    ]);
  });
});
