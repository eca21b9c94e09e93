import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  awsCredentialIn,
  awsCredentialsInText,
  decodeUserData,
  isPlainValue,
  isPlaintextSecret,
  isSecretName,
} from '../../src/checks/credential-patterns.js';

const KEY_ID = 'AKIA' + 'Q3EGRTVWZ5PKXM7N'; // split so secret scanners do not trip on the fixture
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYz1x2y3z4A5';

describe('awsCredentialIn', () => {
  it.each([
    ['AWS_ACCESS_KEY_ID', KEY_ID, 'an access key id'],
    ['ANY_NAME', `key=${KEY_ID};`, 'an access key id'],
    ['AWS_ACCESS_KEY_ID', 'AKIAXXXXXXXXXXXX7QOP', 'an access key id'], // masked by the snapshot recorder
    ['SESSION', 'ASIA' + 'ABCDEFGHIJKLMNOP', 'an access key id'],
    ['AWS_SECRET_ACCESS_KEY', SECRET, 'a secret access key'],
    ['secretAccessKey', SECRET, 'a secret access key'],
    ['AWS_SECRET_ACCESS_KEY', '<redacted>', 'a secret access key'],
    ['AWS_SESSION_TOKEN', '<redacted>', 'a secret access key'],
  ])('finds %s = … as %s', (name, value, found) => {
    expect(awsCredentialIn(name, value)).toBe(found);
  });

  it.each([
    ['AWS_ACCESS_KEY_ID', 'AKIAIOSFODNN7EXAMPLE'], // AWS documentation's example key
    ['AWS_ACCESS_KEY_ID', 'akia' + 'q3egrtvwz5pkxm7n'],
    ['NOT_A_KEY', 'XAKIA' + 'Q3EGRTVWZ5PKXM7N'],
    ['CHECKSUM', SECRET], // 40 characters, but not under a secret key name
    ['AWS_SECRET_ACCESS_KEY_ARN', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:ci-keys'],
    ['AWS_SECRET_ACCESS_KEY', '****'],
    ['AWS_SECRET_ACCESS_KEY', ''],
    ['AWS_SECRET_ACCESS_KEY', undefined],
  ])('finds nothing in %s = %s', (name, value) => {
    expect(awsCredentialIn(name, value)).toBeUndefined();
  });
});

describe('awsCredentialsInText', () => {
  it('names the lines, ignoring the documentation example', () => {
    const text = [
      '#!/bin/bash',
      `aws configure set aws_access_key_id ${KEY_ID}`,
      `aws configure set aws_secret_access_key ${SECRET}`,
      'echo AKIAIOSFODNN7EXAMPLE',
      `aws_secret_access_key = "${SECRET}"`,
    ].join('\n');
    expect(awsCredentialsInText(text)).toEqual([
      { credential: 'an access key id', line: 2 },
      { credential: 'a secret access key', line: 3 },
      { credential: 'a secret access key', line: 5 },
    ]);
  });

  it('still finds a secret key in user data as a recorded snapshot keeps it (<redacted>)', () => {
    const text = ['aws configure set aws_secret_access_key <redacted>', 'export AWS_SECRET_ACCESS_KEY=<redacted>', 'echo <redacted>'].join('\n');
    expect(awsCredentialsInText(text)).toEqual([
      { credential: 'a secret access key', line: 1 },
      { credential: 'a secret access key', line: 2 },
    ]);
  });
});

describe('isSecretName', () => {
  it.each(['DB_PASSWORD', 'dbPassword', '/prod/db/password', 'STRIPE_API_KEY', 'apiKey', 'GITHUB_TOKEN', 'client-secret', 'TLS_PRIVATE_KEY', '/app/db-pwd', 'CREDENTIALS'])(
    '%s is a secret name',
    (name) => expect(isSecretName(name)).toBe(true),
  );
  it.each(['DB_SECRET_ARN', 'DbSecretName', 'TOKEN_TTL', '/prod/db/password-policy', 'AWS_ACCESS_KEY_ID', 'PWD', 'LOG_LEVEL', 'TOKENIZER_MODEL_PATH', 'PASSWORD_MIN_LENGTH'])(
    '%s is not',
    (name) => expect(isSecretName(name)).toBe(false),
  );
});

describe('isPlainValue / isPlaintextSecret', () => {
  it('counts readable values, not masks, references, flags or numbers', () => {
    expect(['s3cr3t!', '<redacted>', 'postgres://u:p@h/db'].map(isPlainValue)).toEqual([true, true, true]);
    expect(['', '  ', '****', 'arn:aws:ssm:us-east-1:1:parameter/x', '{{resolve:secretsmanager:db}}', 'true', '3600', undefined].map(isPlainValue)).toEqual(
      Array(8).fill(false),
    );
    expect(isPlaintextSecret('DB_PASSWORD', 'hunter2')).toBe(true);
    expect(isPlaintextSecret('DB_PASSWORD', '{{resolve:ssm-secure:/prod/db/password}}')).toBe(false);
    expect(isPlaintextSecret('DB_HOST', 'db.internal')).toBe(false);
  });
});

describe('decodeUserData', () => {
  it('decodes base64, and gzip inside it', () => {
    const script = '#!/bin/bash\necho hello\n';
    expect(decodeUserData(Buffer.from(script).toString('base64'))).toBe(script);
    expect(decodeUserData(gzipSync(Buffer.from(script)).toString('base64'))).toBe(script);
  });
});
