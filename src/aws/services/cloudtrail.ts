// AWS CloudTrail. Trails are listed per region with shadow trails (DescribeTrails, includeShadowTrails
// true): a region's list holds the single-region trails created there plus every multi-region and
// organization trail that also records there, so "which trails cover region R" is one call per region.
// A trail's status and event selectors are read once, with its ARN (required for shadow trails and for
// organization trails seen from a member account), in its home region. A member account may be refused
// those reads for the management account's organization trail: the caller gets the classified error.
import type {
  DescribeTrailsCommandOutput,
  GetEventSelectorsCommandOutput,
  GetTrailStatusCommandOutput,
  Trail,
  Event as TrailEvent,
  LookupEventsCommandOutput,
} from '@aws-sdk/client-cloudtrail';
import { AwsDataError } from '../../errors.js';
import { z } from 'zod';
import { defineService, type CallFn, sdkPackage } from '../service.js';
import { bool, date, id, list, obj, present, shapeOf, str, strings } from '../shapes.js';

export const cloudtrail = defineService({
  name: 'cloudtrail',
  iamPrefix: 'cloudtrail',
  load: () => sdkPackage<typeof import('@aws-sdk/client-cloudtrail')>('@aws-sdk/client-cloudtrail'),
  client: 'CloudTrailClient',
  // Get, describe and list APIs: 10 transactions per second per account and Region; LookupEvents: 2
  // (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html).
  rate: { burst: 10, perSecond: 10 },
  operations: {
    // Not paginated: the whole trail list comes in one response.
    // Name, TrailARN and HomeRegion are always returned for each trail (CloudTrail API reference: Trail):
    // a trail is named by its ARN and its status is read in its home region.
    DescribeTrails: {
      command: 'DescribeTrailsCommand',
      shape: shapeOf<DescribeTrailsCommandOutput>()({
        trailList: list(
          obj({
            Name: id,
            TrailARN: id,
            HomeRegion: id,
            S3BucketName: str,
            IsMultiRegionTrail: bool,
            IsOrganizationTrail: bool,
            CloudWatchLogsLogGroupArn: str,
          }),
        ),
      }),
    },
    // IsLogging is always in the answer; read as "logging" when absent, it would let a trail count unseen.
    GetTrailStatus: {
      command: 'GetTrailStatusCommand',
      shape: shapeOf<GetTrailStatusCommandOutput>()({ IsLogging: present(z.boolean()), LatestDeliveryError: str }),
    },
    GetEventSelectors: {
      command: 'GetEventSelectorsCommand',
      shape: shapeOf<GetEventSelectorsCommandOutput>()({
        EventSelectors: list(obj({ ReadWriteType: str, IncludeManagementEvents: bool, ExcludeManagementEventSources: strings })),
        AdvancedEventSelectors: list(
          obj({
            FieldSelectors: z.array(
              obj({ Field: z.string(), Equals: strings, NotEquals: strings, StartsWith: strings, NotStartsWith: strings, EndsWith: strings, NotEndsWith: strings }),
            ),
          }),
        ),
      }),
    },
    // Event history. Deliberately without a paginator: LookupEvents allows 2 requests per second per account
    // and region, so callers read a few pages (each page is its own call, keyed by NextToken).
    LookupEvents: {
      command: 'LookupEventsCommand',
      rate: { burst: 2, perSecond: 2 },
      shape: shapeOf<LookupEventsCommandOutput>()({ Events: list(obj({ EventTime: date, Username: str, CloudTrailEvent: str })), NextToken: str }),
    },
  },
});

/** One trail, once, with the regions whose DescribeTrails listed it (where it records events). */
export interface TrailSeen {
  trail: Trail;
  arn: string;
  regions: string[];
  /** GetTrailStatus, or the classified error that kept it from being read. */
  status?: GetTrailStatusCommandOutput;
  statusError?: AwsDataError;
}

export interface TrailsAcross {
  trails: TrailSeen[];
  /** Regions whose trail list could not be read, with the classified error. */
  failed: { region: string; error: AwsDataError }[];
}

export const cloudtrailAccessors = (call: CallFn) => {
  const trails = async (region: string) =>
    (await call<DescribeTrailsCommandOutput>('cloudtrail', 'DescribeTrails', { includeShadowTrails: true }, region)).trailList ?? [];
  const trailStatus = (t: Trail) => call<GetTrailStatusCommandOutput>('cloudtrail', 'GetTrailStatus', { Name: t.TrailARN }, t.HomeRegion);
  const eventSelectors = (t: Trail) =>
    call<GetEventSelectorsCommandOutput>('cloudtrail', 'GetEventSelectors', { TrailName: t.TrailARN }, t.HomeRegion);
  return {
    /** The trails that record in this region (its own and shadow copies of multi-region/organization trails). */
    trails,
    trailStatus,
    eventSelectors,
    /**
     * Write (ReadOnly=false) management events of the region's event history between start and end, newest
     * first, at most maxPages pages of 50. `truncated`: older events in the window were not read. A page after
     * the first that fails ends the reading: what was read is kept and `failure` says why the rest was not.
     */
    writeEvents: async (
      region: string,
      start: Date,
      end: Date,
      maxPages: number,
    ): Promise<{ events: TrailEvent[]; truncated: boolean; failure?: AwsDataError }> => {
      const events: TrailEvent[] = [];
      let NextToken: string | undefined;
      for (let page = 0; page < maxPages; page++) {
        const input = {
          LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'false' }],
          StartTime: start,
          EndTime: end,
          MaxResults: 50,
          ...(NextToken ? { NextToken } : {}),
        };
        let out: LookupEventsCommandOutput;
        try {
          out = await call<LookupEventsCommandOutput>('cloudtrail', 'LookupEvents', input, region);
        } catch (err) {
          if (page === 0 || !(err instanceof AwsDataError)) throw err;
          return { events, truncated: true, failure: err };
        }
        events.push(...(out.Events ?? []));
        NextToken = out.NextToken;
        if (!NextToken) break;
      }
      return { events, truncated: NextToken !== undefined };
    },
    /** Every trail recording in any of these regions, once each by ARN, with its status (or why it is unknown). */
    trailsAcross: async (regions: readonly string[]): Promise<TrailsAcross> => {
      const byArn = new Map<string, TrailSeen>();
      const failed: TrailsAcross['failed'] = [];
      const lists = await Promise.all(regions.map((region) => trails(region).then((list) => ({ region, list }), (error) => ({ region, error }))));
      for (const entry of lists) {
        if ('error' in entry) {
          if (!(entry.error instanceof AwsDataError)) throw entry.error;
          failed.push({ region: entry.region, error: entry.error });
          continue;
        }
        for (const trail of entry.list) {
          const arn = trail.TrailARN ?? `${trail.HomeRegion}/${trail.Name}`;
          const seen = byArn.get(arn) ?? { trail, arn, regions: [] };
          seen.regions.push(entry.region);
          byArn.set(arn, seen);
        }
      }
      const seen = [...byArn.values()];
      await Promise.all(
        seen.map(async (s) => {
          try {
            s.status = await trailStatus(s.trail);
          } catch (err) {
            if (!(err instanceof AwsDataError)) throw err;
            s.statusError = err;
          }
        }),
      );
      return { trails: seen, failed };
    },
  };
};

/** The account that owns a trail (from its ARN): an organization trail seen from a member is the management account's. */
export function trailOwner(t: Trail): string | undefined {
  return t.TrailARN?.split(':')[4];
}
