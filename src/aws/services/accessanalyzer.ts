// IAM Access Analyzer (regional). ListAnalyzers returns every analyzer of the region, of every type
// (external access ACCOUNT / ORGANIZATION, unused access, internal access); callers filter by type.
import type { ListAnalyzersCommandOutput } from '@aws-sdk/client-accessanalyzer';
import { z } from 'zod';
import { defineService, type CallFn, sdkPackage } from '../service.js';
import { obj, shapeOf } from '../shapes.js';

export const accessanalyzer = defineService({
  name: 'accessanalyzer',
  iamPrefix: 'access-analyzer',
  load: () => sdkPackage<typeof import('@aws-sdk/client-accessanalyzer')>('@aws-sdk/client-accessanalyzer'),
  client: 'AccessAnalyzerClient',
  operations: {
    ListAnalyzers: {
      command: 'ListAnalyzersCommand',
      paginator: 'paginateListAnalyzers',
      items: ['analyzers'],
      shape: shapeOf<ListAnalyzersCommandOutput>()({ analyzers: z.array(obj({ name: z.string(), type: z.string(), status: z.string() })) }),
    },
  },
});

export const accessanalyzerAccessors = (call: CallFn) => ({
  /** Every analyzer in the region (type, status, name, arn). */
  analyzers: async (region: string) =>
    (await call<ListAnalyzersCommandOutput>('accessanalyzer', 'ListAnalyzers', {}, region)).analyzers ?? [],
});
