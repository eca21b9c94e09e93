// How a service and its operations are declared. Each file in ./services/ declares one AWS service:
// the SDK client, the operations the scanner may call (read-only, enforced by a test), how each one
// paginates, and which error codes mean "optional configuration absent" rather than a failure.

export type AnyInput = Record<string, unknown>;

export interface OperationSpec {
  /** The SDK v3 command class, e.g. ListUsersCommand. */
  command: new (input: any) => any;
  /** The SDK's paginateX helper; pages are merged by concatenating `items`. */
  paginator?: (config: { client: any }, input: any) => AsyncIterable<any>;
  /** Output keys holding the list that is concatenated across pages. */
  items?: string[];
  /** The IAM action, when it is not `${iamPrefix}:${OperationName}`. */
  action?: string;
  /** Error codes meaning optional configuration is absent: the call resolves to `undefined`. */
  absent?: string[];
  /** Error codes (or `code:message substring`) meaning the service is not enabled/subscribed. */
  notEnabled?: string[];
  /** An account-wide operation of a regional service (S3 ListBuckets): sent to the home region, keyed without one. */
  global?: boolean;
}

export interface ServiceSpec {
  /** Our short name, used in call keys and fixtures: `iam:ListUsers`, `ec2:DescribeVpcs@eu-west-1`. */
  name: string;
  /** Prefix of the service's IAM actions, e.g. `elasticloadbalancing` for elbv2. */
  iamPrefix: string;
  /** Global services (IAM, Organizations, S3 ListBuckets…) are called once per account, in the home region. */
  global?: boolean;
  /** Region that global calls must be sent to, when it is not the home region (e.g. CloudFront, Support). */
  globalRegion?: string;
  client: (config: any) => any;
  operations: Record<string, OperationSpec>;
}

export function defineService<S extends ServiceSpec>(spec: S): S {
  return spec;
}

/** The IAM action an operation needs. */
export function actionOf(service: ServiceSpec, operation: string): string {
  return service.operations[operation]?.action ?? `${service.iamPrefix}:${operation}`;
}

export interface CallOptions {
  /** Repeat the call (with backoff) until the output satisfies this; the final output is memoized. */
  repeatUntil?: (output: any) => boolean;
}

/** The one function accessors are written over. Region is ignored for global services. */
export type CallFn = <T = any>(
  service: string,
  operation: string,
  input?: AnyInput,
  region?: string,
  options?: CallOptions,
) => Promise<T>;

/** An SDK v3 command class, typed by its input and output (read off the instance, as the SDK types it). */
type CommandClass<Input, Output> = new (input: Input) => {
  input: Input;
  resolveMiddleware(...args: any[]): (args: any) => Promise<{ output: Output }>;
};

/**
 * A paginator for an operation whose SDK ships no `paginateX`, with the same shape as one:
 * `(config: { client }, input) => AsyncIterable<output>`. It sends the command, yields each page, and
 * follows the page's `outputToken` into the next request's `inputToken` until a page has none. Each
 * request gets its own copy of the input; the caller's object is never written to.
 *
 *   paginator: tokenPaginator(GetApisCommand, { inputToken: 'NextToken', outputToken: 'NextToken' })
 */
export function tokenPaginator<Input extends object, Output extends object>(
  command: CommandClass<Input, Output>,
  tokens: { inputToken: keyof Input & string; outputToken: keyof Output & string },
): (config: { client: { send(command: any): Promise<any> } }, input: Input) => AsyncIterable<Output> {
  return async function* paginate(config, input) {
    let token: unknown;
    do {
      const page: Output = await config.client.send(new command({ ...input, [tokens.inputToken]: token }));
      yield page;
      token = page[tokens.outputToken];
    } while (token);
  };
}
