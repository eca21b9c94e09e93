// The typed face of the data layer that checks see as `ctx.aws`. Every accessor is a line over
// Fetcher.call, so an API that several checks need is still called once per scan.
import type { Fetcher } from './fetcher.js';
import { ec2Accessors } from './services/ec2.js';
import { iamAccessors } from './services/iam.js';
import { stsAccessors } from './services/sts.js';

export function createAwsData(fetcher: Fetcher) {
  const call = fetcher.call;
  return {
    sts: stsAccessors(call),
    iam: iamAccessors(call),
    ec2: ec2Accessors(call),
  };
}

export type AwsData = ReturnType<typeof createAwsData>;
