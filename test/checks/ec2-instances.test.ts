import type { AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import type { Instance, InstanceStateName } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { liveInstances, nameTag, standaloneInstances } from '../../src/checks/ec2-instances.js';

const instance = (id: string, state?: InstanceStateName, tags?: Record<string, string>): Instance => ({
  InstanceId: id,
  ...(state ? { State: { Name: state } } : {}),
  ...(tags ? { Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) } : {}),
});
const group = (name: string, ...ids: string[]): AutoScalingGroup =>
  ({ AutoScalingGroupName: name, Instances: ids.map((InstanceId) => ({ InstanceId })) }) as AutoScalingGroup;
const ids = (instances: Instance[]) => instances.map((i) => i.InstanceId);

describe('liveInstances', () => {
  it('drops terminated and shutting-down instances, keeps every other state', () => {
    const all = (['pending', 'running', 'stopping', 'stopped', 'shutting-down', 'terminated'] as const).map((s, n) => instance(`i-${n}`, s));
    expect(ids(liveInstances(all))).toEqual(['i-0', 'i-1', 'i-2', 'i-3']);
  });

  it('keeps an instance with no State (it cannot be shown gone)', () => {
    expect(ids(liveInstances([instance('i-nostate')]))).toEqual(['i-nostate']);
  });

  it('returns an empty list for none, and for only gone ones', () => {
    expect(liveInstances([])).toEqual([]);
    expect(liveInstances([instance('i-1', 'terminated'), instance('i-2', 'shutting-down')])).toEqual([]);
  });
});

describe('standaloneInstances', () => {
  it('keeps live instances that no group lists and no group tagged', () => {
    const instances = [
      instance('i-listed', 'running'),
      instance('i-tagged', 'running', { 'aws:autoscaling:groupName': 'web' }),
      instance('i-alone', 'running', { Name: 'bastion' }),
      instance('i-stopped', 'stopped'),
      instance('i-gone', 'terminated'),
    ];
    expect(ids(standaloneInstances(instances, [group('web', 'i-listed')]))).toEqual(['i-alone', 'i-stopped']);
  });

  it('with no groups, every live instance not tagged by one stands alone', () => {
    const instances = [instance('i-1', 'running'), instance('i-2', 'running', { 'aws:autoscaling:groupName': 'deleted-group' })];
    expect(ids(standaloneInstances(instances, []))).toEqual(['i-1']);
  });

  it('copes with a group that lists no instances, and with no instances at all', () => {
    const empty = { AutoScalingGroupName: 'empty' } as AutoScalingGroup;
    expect(ids(standaloneInstances([instance('i-1', 'running')], [empty]))).toEqual(['i-1']);
    expect(standaloneInstances([], [group('web', 'i-1')])).toEqual([]);
  });

  it('a group member that was terminated is neither live nor standalone', () => {
    expect(standaloneInstances([instance('i-old', 'terminated')], [])).toEqual([]);
  });
});

describe('nameTag', () => {
  it('is the value of the Name tag', () => {
    expect(nameTag(instance('i-1', 'running', { Team: 'web', Name: 'web-1' }))).toBe('web-1');
  });

  it('is undefined with no tags or no Name tag (tag keys are case-sensitive)', () => {
    expect(nameTag(instance('i-1'))).toBeUndefined();
    expect(nameTag(instance('i-1', 'running', { name: 'lowercase' }))).toBeUndefined();
    expect(nameTag({ InstanceId: 'i-1', Tags: [] })).toBeUndefined();
  });
});
