// Amazon EFS. IAM actions use the prefix `elasticfilesystem`. DescribeFileSystems paginates with Marker.
import type { DescribeFileSystemsCommandOutput } from '@aws-sdk/client-efs';
import { z } from 'zod';
import { defineService, type CallFn, sdkPackage } from '../service.js';
import { bool, list, obj, shapeOf, str } from '../shapes.js';

export const efs = defineService({
  name: 'efs',
  iamPrefix: 'elasticfilesystem',
  load: () => sdkPackage<typeof import('@aws-sdk/client-efs')>('@aws-sdk/client-efs'),
  client: 'EFSClient',
  operations: {
    DescribeFileSystems: {
      command: 'DescribeFileSystemsCommand',
      paginator: 'paginateDescribeFileSystems',
      items: ['FileSystems'],
      shape: shapeOf<DescribeFileSystemsCommandOutput>()({
        FileSystems: list(obj({ FileSystemId: z.string(), FileSystemArn: str, Name: str, Encrypted: bool, KmsKeyId: str })),
      }),
    },
  },
});

export const efsAccessors = (call: CallFn) => ({
  fileSystems: async (region: string) =>
    (await call<DescribeFileSystemsCommandOutput>('efs', 'DescribeFileSystems', {}, region)).FileSystems ?? [],
});
