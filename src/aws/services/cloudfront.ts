// Amazon CloudFront: a global service whose API lives in us-east-1; calls are keyed without a region.
// ListDistributions nests its list (DistributionList.Items, paged by Marker/NextMarker); the paginator
// here yields each page's DistributionList, so the merged (and recorded) value is one DistributionList
// with every page's Items: `"cloudfront:ListDistributions": { "Items": [ …DistributionSummary ] }`.
// A DistributionSummary carries the viewer protocol policy of every cache behaviour, the origins'
// protocol policies and the viewer certificate, so no GetDistributionConfig is needed.
import {
  CloudFrontClient,
  ListDistributionsCommand,
  paginateListDistributions,
  type DistributionList,
  type ListDistributionsCommandInput,
} from '@aws-sdk/client-cloudfront';
import { defineService, type CallFn } from '../service.js';

async function* distributionListPages(config: { client: CloudFrontClient }, input: ListDistributionsCommandInput) {
  for await (const page of paginateListDistributions(config, input)) yield { ...page.DistributionList, $metadata: page.$metadata };
}

export const cloudfront = defineService({
  name: 'cloudfront',
  iamPrefix: 'cloudfront',
  global: true,
  globalRegion: 'us-east-1',
  client: (config) => new CloudFrontClient(config),
  operations: {
    ListDistributions: { command: ListDistributionsCommand, paginator: distributionListPages, items: ['Items'] },
  },
});

export const cloudfrontAccessors = (call: CallFn) => ({
  /** Every web distribution of the account (summaries). */
  distributions: async () => (await call<DistributionList>('cloudfront', 'ListDistributions')).Items ?? [],
});
