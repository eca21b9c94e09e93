// CloudFront is global: the data layer pins its API to us-east-1 and keys its calls without a region, so
// the transit look asks once per scan whatever the home region. Over the real SDK client (mocked), in a
// file of its own so the other transit tests stay free of SDK imports.
import { CloudFrontClient, ListDistributionsCommand } from '@aws-sdk/client-cloudfront';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { cloudFrontFindings } from '../../../src/checks/transit/edges.js';
import { engineContext, liveFetcher } from '../../support/check-tester.js';
import { ACCT, distribution } from '../security/data-protection-fixtures.js';

describe('CloudFront over the live SDK client', () => {
  const ARN = (id: string) => `arn:aws:cloudfront::${ACCT}:distribution/${id}`;
  const cloudfront = mockClient(CloudFrontClient);
  afterEach(() => cloudfront.reset());

  it('ListDistributions is sent to us-east-1 even when the home region is elsewhere, once per scan', async () => {
    cloudfront.on(ListDistributionsCommand).callsFake(async (_input, getClient) =>
      (await getClient().config.region()) === 'us-east-1'
        ? { DistributionList: { Marker: '', MaxItems: 100, IsTruncated: false, Quantity: 1, Items: [distribution('E1GOOD')] } }
        : Promise.reject(new Error('sent to the wrong region')),
    );
    const fetcher = liveFetcher({ homeRegion: 'eu-west-1' });
    const ctx = { ...engineContext(fetcher, { homeRegion: 'eu-west-1', regions: ['eu-west-1'] }), region: 'eu-west-1' };
    const first = await cloudFrontFindings(ctx);
    await cloudFrontFindings(ctx);
    fetcher.destroy();
    expect(first.map((f) => [f.status, f.resource, f.region])).toEqual([['met', ARN('E1GOOD'), 'us-east-1']]);
    expect(cloudfront.commandCalls(ListDistributionsCommand)).toHaveLength(1);
    expect(fetcher.calls.map((c) => c.key)).toEqual(['cloudfront:ListDistributions']);
  });
});
