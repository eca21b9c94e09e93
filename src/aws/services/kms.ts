// AWS KMS. ListKeys lists every key in the region (AWS managed and customer managed alike); DescribeKey
// tells them apart (KeyMetadata.KeyManager AWS | CUSTOMER) and gives KeySpec, KeyUsage, Origin, KeyState.
// A key deleted between ListKeys and a per-key call answers NotFoundException → undefined (skip it).
import type {
  DescribeKeyCommandOutput,
  GetKeyPolicyCommandOutput,
  GetKeyRotationStatusCommandOutput,
  ListKeysCommandOutput,
} from '@aws-sdk/client-kms';
import { z } from 'zod';
import { defineService, type CallFn, sdkPackage } from '../service.js';
import { bool, date, id, list, num, obj, present, shapeOf, str, text } from '../shapes.js';

export const kms = defineService({
  name: 'kms',
  iamPrefix: 'kms',
  load: () => sdkPackage<typeof import('@aws-sdk/client-kms')>('@aws-sdk/client-kms'),
  client: 'KMSClient',
  operations: {
    ListKeys: {
      command: 'ListKeysCommand',
      paginator: 'paginateListKeys',
      items: ['Keys'],
      shape: shapeOf<ListKeysCommandOutput>()({ Keys: list(obj({ KeyId: id, KeyArn: str })) }),
    },
    // DescribeKey always answers KeyMetadata with Arn and KeyManager (KMS API reference: DescribeKey): a key
    // whose manager is unknown would be skipped as "AWS managed", so it must be there.
    DescribeKey: {
      command: 'DescribeKeyCommand',
      absent: ['NotFoundException'],
      shape: shapeOf<DescribeKeyCommandOutput>()({
        KeyMetadata: present(
          obj({
            KeyId: z.string(),
            Arn: id,
            KeyManager: text,
            KeyState: str,
            KeySpec: str,
            KeyUsage: str,
            Origin: str,
            Description: str,
            DeletionDate: date,
            MultiRegion: bool,
            CustomKeyStoreId: str,
          }),
        ),
      }),
    },
    // Symmetric encryption keys only; asymmetric, HMAC, imported and custom key store keys answer
    // UnsupportedOperationException, so checks ask only where rotation is possible.
    GetKeyRotationStatus: {
      command: 'GetKeyRotationStatusCommand',
      absent: ['NotFoundException'],
      shape: shapeOf<GetKeyRotationStatusCommandOutput>()({ KeyRotationEnabled: present(z.boolean()), RotationPeriodInDays: num }),
    },
    // Every key has its "default" policy; an answer without it would read as "key gone".
    GetKeyPolicy: { command: 'GetKeyPolicyCommand', absent: ['NotFoundException'], shape: shapeOf<GetKeyPolicyCommandOutput>()({ Policy: text }) },
  },
});

export const kmsAccessors = (call: CallFn) => ({
  /** Every key id/ARN in the region, AWS managed ones included. */
  keys: async (region: string) => (await call<ListKeysCommandOutput>('kms', 'ListKeys', {}, region)).Keys ?? [],
  /** undefined when the key is gone. */
  describeKey: async (region: string, KeyId: string) =>
    (await call<DescribeKeyCommandOutput | undefined>('kms', 'DescribeKey', { KeyId }, region))?.KeyMetadata,
  rotationStatus: (region: string, KeyId: string) =>
    call<GetKeyRotationStatusCommandOutput | undefined>('kms', 'GetKeyRotationStatus', { KeyId }, region),
  /** The key policy document (JSON string); every KMS key has exactly one, named "default". */
  keyPolicy: async (region: string, KeyId: string) =>
    (await call<GetKeyPolicyCommandOutput | undefined>('kms', 'GetKeyPolicy', { KeyId, PolicyName: 'default' }, region))?.Policy,
});
