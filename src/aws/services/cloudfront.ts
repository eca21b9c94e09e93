// Amazon CloudFront: a global service whose API lives in us-east-1; calls are keyed without a region.
// ListDistributions nests its list (DistributionList.Items, paged by Marker/NextMarker); the paginator
// here yields each page's DistributionList, so the merged (and recorded) value is one DistributionList
// with every page's Items: `"cloudfront:ListDistributions": { "Items": [ …DistributionSummary ] }`.
// A DistributionSummary carries the viewer protocol policy of every cache behaviour, the origins'
// protocol policies and the viewer certificate, so no GetDistributionConfig is needed.
import type { CloudFrontClient, DistributionList, ListDistributionsCommandInput } from '@aws-sdk/client-cloudfront';
import { defineService, type CallFn } from '../service.js';

type CloudFrontSdk = typeof import('@aws-sdk/client-cloudfront');

/** The SDK's ListDistributions pages, each reduced to its DistributionList (with the page's $metadata). */
const distributionListPages =
  (sdk: CloudFrontSdk) =>
  async function* (config: { client: CloudFrontClient }, input: ListDistributionsCommandInput) {
    for await (const page of sdk.paginateListDistributions(config, input)) yield { ...page.DistributionList, $metadata: page.$metadata };
  };

export const cloudfront = defineService({
  name: 'cloudfront',
  iamPrefix: 'cloudfront',
  global: true,
  globalRegion: 'us-east-1',
  load: () => import('@aws-sdk/client-cloudfront'),
  client: 'CloudFrontClient',
  operations: {
    ListDistributions: { command: 'ListDistributionsCommand', paginator: distributionListPages, items: ['Items'] },
  },
});

export const cloudfrontAccessors = (call: CallFn) => ({
  /** Every web distribution of the account (summaries). */
  distributions: async () => (await call<DistributionList>('cloudfront', 'ListDistributions')).Items ?? [],
});
