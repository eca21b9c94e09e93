// Amazon CloudFront: a global service whose API lives in us-east-1; calls are keyed without a region.
// ListDistributions nests its list (DistributionList.Items, paged by Marker/NextMarker); the paginator
// here yields each page's DistributionList, so the merged (and recorded) value is one DistributionList
// with every page's Items: `"cloudfront:ListDistributions": { "Items": [ …DistributionSummary ] }`.
// A DistributionSummary carries the viewer protocol policy of every cache behaviour, the origins'
// protocol policies and the viewer certificate, so no GetDistributionConfig is needed.
import type { CloudFrontClient, DistributionList, ListDistributionsCommandInput } from '@aws-sdk/client-cloudfront';
import { z } from 'zod';
import { defineService, type CallFn, sdkPackage } from '../service.js';
import { bool, list, maybe, obj, shapeOf, str, strings } from '../shapes.js';

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
  load: () => sdkPackage<typeof import('@aws-sdk/client-cloudfront')>('@aws-sdk/client-cloudfront'),
  client: 'CloudFrontClient',
  operations: {
    // The verdict reads every viewer and origin protocol policy and the viewer certificate: all required in
    // the CloudFront model (DistributionSummary), so none may be missing from a summary.
    ListDistributions: {
      command: 'ListDistributionsCommand',
      paginator: distributionListPages,
      items: ['Items'],
      shape: shapeOf<DistributionList>()({
        Items: list(
          obj({
            Id: z.string(),
            ARN: z.string(),
            DomainName: z.string(),
            Enabled: z.boolean(),
            Aliases: maybe({ Items: strings }),
            DefaultCacheBehavior: obj({ ViewerProtocolPolicy: z.string() }),
            CacheBehaviors: maybe({ Items: list(obj({ PathPattern: z.string(), ViewerProtocolPolicy: z.string() })) }),
            Origins: obj({ Items: z.array(obj({ Id: z.string(), CustomOriginConfig: maybe({ OriginProtocolPolicy: z.string() }) })) }),
            ViewerCertificate: obj({ CloudFrontDefaultCertificate: bool, MinimumProtocolVersion: str }),
          }),
        ),
      }),
    },
  },
});

export const cloudfrontAccessors = (call: CallFn) => ({
  /** Every web distribution of the account (summaries). */
  distributions: async () => (await call<DistributionList>('cloudfront', 'ListDistributions')).Items ?? [],
});
