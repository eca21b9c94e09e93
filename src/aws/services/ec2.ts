import { DescribeRegionsCommand, EC2Client, type DescribeRegionsCommandOutput } from '@aws-sdk/client-ec2';
import { defineService, type CallFn } from '../service.js';

export const ec2 = defineService({
  name: 'ec2',
  iamPrefix: 'ec2',
  client: (config) => new EC2Client(config),
  operations: {
    DescribeRegions: { command: DescribeRegionsCommand },
  },
});

export const ec2Accessors = (call: CallFn) => ({
  /** Every region with its opt-in status (AllRegions: true), asked in the home region. */
  regions: async (homeRegion: string) =>
    (await call<DescribeRegionsCommandOutput>('ec2', 'DescribeRegions', { AllRegions: true }, homeRegion)).Regions ?? [],
});
