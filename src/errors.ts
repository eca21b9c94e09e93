// Error classes. Two families:
// - UserError: something the user can fix (bad flag, unknown profile, unwritable output). Only cli.ts
//   catches it, prints one line (plus a hint) on stderr and exits with its code.
// - AwsDataError subclasses: the data layer's classification of an AWS failure. A check that meets one
//   ends in `error` (the engine turns it into a finding naming the cause); the scan goes on.

export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  gateFailed: 3,
  incomplete: 4,
  noCredentials: 5,
} as const;

export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** Base class for classified AWS failures. `kind` goes into the report's errors[]. */
export class AwsDataError extends Error {
  readonly kind: string = 'aws';
  constructor(
    message: string,
    readonly call: string,
    readonly region?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** AccessDenied and its many spellings: names the IAM action the scanner lacks. */
export class MissingPermission extends AwsDataError {
  override readonly kind = 'missing-permission';
  constructor(
    readonly action: string,
    call: string,
    region?: string,
    detail?: string,
  ) {
    super(`missing permission ${action}${detail ? ` (${detail})` : ''}`, call, region);
  }
}

/** The region is not enabled for the account (opt-in region) or the service is not offered there. */
export class RegionDisabled extends AwsDataError {
  override readonly kind = 'region-disabled';
}

/** The service is not subscribed / enabled in this account and region (Macie, Security Hub, …). */
export class ServiceNotEnabled extends AwsDataError {
  override readonly kind = 'service-not-enabled';
}

/** Still throttled after every retry the SDK's adaptive mode allowed (or its retry time ran out). */
export class Throttled extends AwsDataError {
  override readonly kind = 'throttled';
}

/** No answer in time: a request timed out on every attempt, a call spent its retry time, or the scan's --timeout passed. */
export class TimedOut extends AwsDataError {
  override readonly kind = 'timeout';
}

/** The configured endpoint cannot serve this call (an IP-address endpoint for S3 Control, which prefixes the account id to the host). */
export class EndpointUnusable extends AwsDataError {
  override readonly kind = 'endpoint';
}

/** Replay mode: the snapshot has no response for this call. */
export class NotInSnapshot extends AwsDataError {
  override readonly kind = 'not-in-snapshot';
}

/**
 * The answer does not have the shape the scanner relies on (src/aws/shapes.ts): a list that is not a list,
 * an identifier that is missing, a flag that is not a boolean. Its message names the call and the field:
 * `ec2:DescribeSecurityGroups@eu-west-1 answered a malformed response: SecurityGroups[2].IpPermissions is not a list (got a string)`.
 */
export class MalformedResponse extends AwsDataError {
  override readonly kind = 'malformed-response';
}

/** Credentials missing, expired or invalid: fatal for the whole scan (exit 5). */
export class CredentialsError extends UserError {
  constructor(message: string, hint?: string) {
    super(message, EXIT.noCredentials, hint);
    this.name = 'CredentialsError';
  }
}
