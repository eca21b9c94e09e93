// AWS KMS. ListKeys lists every key in the region (AWS managed and customer managed alike); DescribeKey
// tells them apart (KeyMetadata.KeyManager AWS | CUSTOMER) and gives KeySpec, KeyUsage, Origin, KeyState.
// A key deleted between ListKeys and a per-key call answers NotFoundException → undefined (skip it).
import type {
  DescribeKeyCommandOutput,
  GetKeyPolicyCommandOutput,
  GetKeyRotationStatusCommandOutput,
  ListKeysCommandOutput,
} from '@aws-sdk/client-kms';
import { defineService, type CallFn } from '../service.js';

export const kms = defineService({
  name: 'kms',
  iamPrefix: 'kms',
  load: () => import('@aws-sdk/client-kms'),
  client: 'KMSClient',
  operations: {
    ListKeys: { command: 'ListKeysCommand', paginator: 'paginateListKeys', items: ['Keys'] },
    DescribeKey: { command: 'DescribeKeyCommand', absent: ['NotFoundException'] },
    // Symmetric encryption keys only; asymmetric, HMAC, imported and custom key store keys answer
    // UnsupportedOperationException, so checks ask only where rotation is possible.
    GetKeyRotationStatus: { command: 'GetKeyRotationStatusCommand', absent: ['NotFoundException'] },
    GetKeyPolicy: { command: 'GetKeyPolicyCommand', absent: ['NotFoundException'] },
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
