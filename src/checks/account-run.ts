// Regional checks that also look at account-wide things (S3 buckets, CloudFront, a "people attest the
// rest" finding) must do so exactly once per scan: in the home region's run, or — when the home region
// is not among the scanned regions (--regions eu-west-1) — in the first scanned region's run.
import type { CheckContext } from './define-check.js';

export function isAccountRun(ctx: Pick<CheckContext, 'region' | 'regions' | 'homeRegion'>): boolean {
  if (ctx.regions.includes(ctx.homeRegion)) return ctx.region === ctx.homeRegion;
  return ctx.region === ctx.regions[0];
}
