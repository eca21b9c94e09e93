import type { ListSecretsCommandOutput } from '@aws-sdk/client-secrets-manager';
import { defineService, type CallFn, sdkPackage } from '../service.js';
import { list, obj, shapeOf, str } from '../shapes.js';

export const secretsmanager = defineService({
  name: 'secretsmanager',
  iamPrefix: 'secretsmanager',
  load: () => sdkPackage<typeof import('@aws-sdk/client-secrets-manager')>('@aws-sdk/client-secrets-manager'),
  client: 'SecretsManagerClient',
  operations: {
    // Secret metadata only (never SecretString). KmsKeyId is omitted when the AWS managed key
    // aws/secretsmanager encrypts the secret.
    ListSecrets: {
      command: 'ListSecretsCommand',
      paginator: 'paginateListSecrets',
      items: ['SecretList'],
      shape: shapeOf<ListSecretsCommandOutput>()({ SecretList: list(obj({ ARN: str, Name: str, KmsKeyId: str })) }),
    },
  },
});

export const secretsmanagerAccessors = (call: CallFn) => ({
  secrets: async (region: string) =>
    (await call<ListSecretsCommandOutput>('secretsmanager', 'ListSecrets', {}, region)).SecretList ?? [],
});
