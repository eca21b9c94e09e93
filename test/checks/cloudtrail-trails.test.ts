import { describe, expect, it } from 'vitest';
import { loggingTrails, managementEvents, regionTrailsArn, statusUnknown } from '../../src/checks/cloudtrail-trails.js';
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

describe('statusUnknown', () => {
  const t = trail('main');
  it('is undefined when IsLogging is known, either way', () => {
    expect(statusUnknown({ trail: t, arn: '', regions: [], status: { $metadata: {}, IsLogging: true } })).toBeUndefined();
    expect(statusUnknown({ trail: t, arn: '', regions: [], status: { $metadata: {}, IsLogging: false } })).toBeUndefined();
  });
  it('names the failed read, or the missing field', async () => {
    const { trails } = await look({ ...listed('us-east-1', [t]), ...listed('eu-west-1', []), ...status(t, DENIED) });
    expect(statusUnknown(trails[0])).toBe('missing permission cloudtrail:GetTrailStatus');
    expect(statusUnknown({ trail: t, arn: '', regions: [], status: { $metadata: {} } })).toBe('GetTrailStatus of trail main gave no IsLogging');
    expect(statusUnknown({ trail: t, arn: '', regions: [] })).toBe('GetTrailStatus of trail main gave no IsLogging');
  });
  it('a status without IsLogging still counts the trail as logging, to be judged on its configuration', async () => {
    const { logging } = await look({ ...listed('us-east-1', [t]), ...listed('eu-west-1', []), ...status(t, {}) });
    expect(arns(logging)).toEqual([trailArn('main')]);
  });
});

describe('managementEvents', () => {
  const out = (o: object) => managementEvents({ $metadata: {}, ...o });
  const mgmt = (...fields: object[]) => ({ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, ...fields] });
  const rw = (o: object) => {
    const e = out(o);
    return `${e.read ? 'r' : '-'}${e.write ? 'w' : '-'}`;
  };

  it('no selectors at all, or two empty lists: CloudTrail logs every read and write management event', () => {
    const all = { read: true, write: true, excluded: [], noSelectors: true };
    expect(out({})).toEqual(all);
    expect(out({ EventSelectors: [] })).toEqual(all);
    expect(out({ AdvancedEventSelectors: [] })).toEqual(all);
    expect(out({ EventSelectors: [], AdvancedEventSelectors: [] })).toEqual(all);
  });

  it('basic selectors: IncludeManagementEvents and ReadWriteType default to true and All', () => {
    expect(out({ EventSelectors: [{}] })).toEqual({ read: true, write: true, excluded: [], noSelectors: false });
    expect(rw({ EventSelectors: [{ ReadWriteType: 'ReadOnly' }] })).toBe('r-');
    expect(rw({ EventSelectors: [{ ReadWriteType: 'WriteOnly' }] })).toBe('-w');
    expect(rw({ EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: false }] })).toBe('--');
    expect(rw({ EventSelectors: [{ ReadWriteType: 'ReadOnly' }, { ReadWriteType: 'WriteOnly' }] })).toBe('rw');
  });

  it('basic selectors: excluded sources are collected once each', () => {
    const sel = (ExcludeManagementEventSources: string[]) => ({ ExcludeManagementEventSources });
    expect(out({ EventSelectors: [sel(['kms.amazonaws.com']), sel(['kms.amazonaws.com', 'rdsdata.amazonaws.com'])] }).excluded).toEqual([
      'kms.amazonaws.com',
      'rdsdata.amazonaws.com',
    ]);
    expect(out({ EventSelectors: [{ IncludeManagementEvents: false, ExcludeManagementEventSources: ['kms.amazonaws.com'] }] }).excluded).toEqual([]);
  });

  it('advanced selectors: eventCategory Management, readOnly narrows to read or write', () => {
    expect(rw({ AdvancedEventSelectors: [mgmt()] })).toBe('rw');
    expect(rw({ AdvancedEventSelectors: [mgmt({ Field: 'readOnly', Equals: ['true'] })] })).toBe('r-');
    expect(rw({ AdvancedEventSelectors: [mgmt({ Field: 'readOnly', Equals: ['false'] })] })).toBe('-w');
    expect(rw({ AdvancedEventSelectors: [mgmt({ Field: 'readOnly', NotEquals: ['true'] })] })).toBe('-w');
    expect(rw({ AdvancedEventSelectors: [mgmt({ Field: 'readOnly', NotEquals: ['false'] })] })).toBe('r-');
    expect(rw({ AdvancedEventSelectors: [mgmt({ Field: 'readOnly', Equals: [] })] })).toBe('rw');
    expect(rw({ AdvancedEventSelectors: [mgmt({ Field: 'readOnly', Equals: ['true'] }), mgmt({ Field: 'readOnly', Equals: ['false'] })] })).toBe('rw');
  });

  it('advanced selectors that do not select all management events do not count', () => {
    expect(rw({ AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }] }] })).toBe('--');
    expect(rw({ AdvancedEventSelectors: [{}] })).toBe('--');
    expect(rw({ AdvancedEventSelectors: [mgmt({ Field: 'eventName', Equals: ['ConsoleLogin'] })] })).toBe('--');
    expect(rw({ AdvancedEventSelectors: [mgmt({ Field: 'eventSource', Equals: ['s3.amazonaws.com'] })] })).toBe('--');
    expect(rw({ AdvancedEventSelectors: [mgmt({ Field: 'eventSource', StartsWith: ['s3'] })] })).toBe('--');
    expect(rw({ AdvancedEventSelectors: [mgmt({ Field: 'eventSource', EndsWith: ['.amazonaws.com'] })] })).toBe('--');
    expect(rw({ AdvancedEventSelectors: [mgmt({ Field: 'eventSource', Equals: [] })] })).toBe('rw');
  });

  it('advanced selectors: sources left out by NotEquals / NotStartsWith / NotEndsWith are the excluded ones', () => {
    const sel = mgmt({ Field: 'eventSource', NotEquals: ['kms.amazonaws.com'], NotStartsWith: ['rdsdata'], NotEndsWith: ['.example'] });
    expect(out({ AdvancedEventSelectors: [sel] })).toEqual({
      read: true,
      write: true,
      excluded: ['kms.amazonaws.com', 'rdsdata', '.example'],
      noSelectors: false,
    });
  });
});
