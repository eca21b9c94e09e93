// What credentials look like, for 1.10 (hard-coded AWS credentials) and 1.11 (secrets stored in plain
// text). Every function answers "is there one, and where" — never the value, which must not reach a
// finding. Recorded snapshots mask access key ids as AKIA + 12 × X + the last 4 characters and replace
// values of secret-named fields with "<redacted>" (src/aws/snapshot.ts); both still count here, so a
// replayed scan finds what the live scan found.
import { gunzipSync } from 'node:zlib';

/** AKIA (long-term) or ASIA (temporary) + 16 upper-case letters or digits. */
const ACCESS_KEY_ID = /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/g;

/** An access key id is in the text; AWS's documentation example (…EXAMPLE) does not count. */
function hasAccessKeyId(text: string): boolean {
  return [...text.matchAll(ACCESS_KEY_ID)].some((m) => !m[0].endsWith('EXAMPLE'));
}
/** A secret access key: 40 base64 characters. */
const SECRET_ACCESS_KEY = /^[A-Za-z0-9/+]{40}$/;
/** What the snapshot recorder leaves of a secret-named field's value. */
export const REDACTED = '<redacted>';
/** Names of the AWS SDK's secret settings: AWS_SECRET_ACCESS_KEY, aws_secret_key, secretAccessKey, AWS_SESSION_TOKEN. */
const AWS_SECRET_NAME = /aws_?secret|secret_?access_?key|aws_?session_?token/;
/**
 * In free text (user data): aws_secret_access_key = <40 chars>, as in ~/.aws/credentials or `aws configure set`;
 * or `<redacted>` there, which is what a recorded snapshot keeps of the 40 characters.
 */
const SECRET_KEY_IN_TEXT = /(?:aws_?secret_?access_?key|secretaccesskey)["']?\s*[:=\s]\s*["']?(?:[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])|<redacted>)/i;

/** Words that make a variable or parameter name say "I hold a secret". */
const SECRET_WORD =
  /passw(or)?d|passphrase|secret|token|api_?key|apikey|credential|private_?key|access_?key|auth_?key|signing_?key|conn(ection)?_?string|(^|[_./-])pwd($|[_./-])/;
/** …unless it ends in a word saying it holds something about the secret, not the secret itself (or is the shell's PWD). */
const NOT_A_SECRET =
  /^pwd$|[_./-](arn|name|id|path|param|parameter|ref|file|ttl|expiry|expires|length|len|url|uri|endpoint|enabled|header|type|version|region|policy|prefix|rotation|secret_?id)$/;

export type AwsCredential = 'an access key id' | 'a secret access key';

/** snake_case, lower case: "secretAccessKey" → "secret_access_key", "DB-Password" → "db-password". */
function normalise(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** The value is there and readable: not empty, not masked (NoEcho "****"), not a reference (ARN, {{resolve:…}}), not a flag or number. */
export function isPlainValue(value: string | undefined): value is string {
  const v = value?.trim() ?? '';
  if (v === '' || /^\*+$/.test(v) || v.startsWith('arn:') || v.startsWith('{{resolve:')) return false;
  return !/^(true|false|yes|no|on|off|\d+(\.\d+)?)$/i.test(v);
}

/** Which AWS credential a name = value pair holds, if any. */
export function awsCredentialIn(name: string | undefined, value: string | undefined): AwsCredential | undefined {
  if (!value) return undefined;
  if (hasAccessKeyId(value)) return 'an access key id';
  const v = value.trim();
  if (AWS_SECRET_NAME.test(normalise(name ?? '')) && (SECRET_ACCESS_KEY.test(v) || v === REDACTED)) return 'a secret access key';
  return undefined;
}

/** AWS credentials in free text, by line (1-based). */
export function awsCredentialsInText(text: string): { credential: AwsCredential; line: number }[] {
  const found: { credential: AwsCredential; line: number }[] = [];
  text.split(/\r?\n/).forEach((content, i) => {
    if (hasAccessKeyId(content)) found.push({ credential: 'an access key id', line: i + 1 });
    if (SECRET_KEY_IN_TEXT.test(content)) found.push({ credential: 'a secret access key', line: i + 1 });
  });
  return found;
}

/** The name says it holds a secret (password, token, api key, private key, …). SSM paths work too. */
export function isSecretName(name: string | undefined): boolean {
  const n = normalise(name ?? '');
  return SECRET_WORD.test(n) && !NOT_A_SECRET.test(n);
}

/** A secret-named variable with a readable value: a secret stored in plain text. */
export function isPlaintextSecret(name: string | undefined, value: string | undefined): boolean {
  return isSecretName(name) && isPlainValue(value);
}

/** EC2 user data as text: base64-decoded, gunzipped when cloud-init's gzip form was used. */
export function decodeUserData(base64: string): string {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return gunzipSync(bytes).toString('utf8');
    } catch {
      return bytes.toString('latin1');
    }
  }
  return bytes.toString('utf8');
}
