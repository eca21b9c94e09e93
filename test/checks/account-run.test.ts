import { describe, expect, it } from 'vitest';
import { isAccountRun } from '../../src/checks/account-run.js';

const runs = (regions: string[], homeRegion = 'us-east-1') => regions.filter((region) => isAccountRun({ region, regions, homeRegion }));

describe('isAccountRun', () => {
  it('is the home region’s run when the home region is scanned, wherever it stands in the list', () => {
    expect(runs(['eu-west-1', 'us-east-1', 'us-west-2'])).toEqual(['us-east-1']);
    expect(runs(['us-east-1'])).toEqual(['us-east-1']);
  });

  it('is the first scanned region’s run when the home region is not scanned (--regions eu-west-1,…)', () => {
    expect(runs(['eu-west-1', 'us-west-2'])).toEqual(['eu-west-1']);
    expect(runs(['us-west-2', 'eu-west-1'])).toEqual(['us-west-2']);
  });

  it('is exactly one run per scan whatever the regions', () => {
    for (const regions of [['us-east-1', 'eu-west-1'], ['ap-south-1'], ['eu-central-1', 'eu-west-1', 'us-east-1']]) {
      expect(runs(regions)).toHaveLength(1);
    }
  });

  it('is no run when no region is in scope', () => {
    expect(isAccountRun({ region: 'us-east-1', regions: [], homeRegion: 'us-east-1' })).toBe(false);
    expect(isAccountRun({ region: 'eu-west-1', regions: [], homeRegion: 'us-east-1' })).toBe(false);
  });

  it('is not a run for a region outside the scanned list', () => {
    expect(isAccountRun({ region: 'ap-east-1', regions: ['eu-west-1'], homeRegion: 'us-east-1' })).toBe(false);
  });
});
