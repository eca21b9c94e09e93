// Amazon GuardDuty (regional). A region without GuardDuty has no detector (ListDetectors → []).
import type { GetDetectorCommandOutput, ListDetectorsCommandOutput } from '@aws-sdk/client-guardduty';
import { z } from 'zod';
import { defineService, type CallFn, sdkPackage } from '../service.js';
import { list, obj, shapeOf, str } from '../shapes.js';

export const guardduty = defineService({
  name: 'guardduty',
  iamPrefix: 'guardduty',
  load: () => sdkPackage<typeof import('@aws-sdk/client-guardduty')>('@aws-sdk/client-guardduty'),
  client: 'GuardDutyClient',
  operations: {
    ListDetectors: {
      command: 'ListDetectorsCommand',
      paginator: 'paginateListDetectors',
      items: ['DetectorIds'],
      shape: shapeOf<ListDetectorsCommandOutput>()({ DetectorIds: z.array(z.string()) }),
    },
    GetDetector: {
      command: 'GetDetectorCommand',
      shape: shapeOf<GetDetectorCommandOutput>()({ Status: z.string(), Features: list(obj({ Name: str, Status: str })) }),
    },
  },
});

export const guarddutyAccessors = (call: CallFn) => ({
  /** Detector ids of the region (at most one per account and region). */
  detectorIds: async (region: string) =>
    (await call<ListDetectorsCommandOutput>('guardduty', 'ListDetectors', {}, region)).DetectorIds ?? [],
  /** One detector: Status ENABLED | DISABLED and Features[] (Name, Status, AdditionalConfiguration). */
  detector: (region: string, DetectorId: string) => call<GetDetectorCommandOutput>('guardduty', 'GetDetector', { DetectorId }, region),
});
