// How a service and its operations are declared. Each file in ./services/ declares one AWS service:
// the SDK client, the operations the scanner may call (read-only, enforced by a test), how each one
// paginates, and which error codes mean "optional configuration absent" rather than a failure.
//
// The SDK package is named by a lazy loader (`load: () => sdkPackage<typeof import(P)>(P)`) and its client,
// commands and paginators by their export names, typed as keys of that module (a typo does not compile).
// The fetcher loads the package on the first live call to the service, so importing the declarations
// (and a --snapshot replay, which makes no live call) loads no SDK client package at all. Service files
// import only types from the SDK (`import type`), which the compiler erases.

import { createRequire } from 'node:module';
import { z } from 'zod';
import type { Shape } from './shapes.js';

export type AnyInput = Record<string, unknown>;

/** An SDK paginateX helper, or one of the same shape: pages are merged by concatenating `items`. */
export type Paginate = (config: { client: any }, input: any) => AsyncIterable<any>;

/** Export names of an SDK client module M, by kind. */
export type ClientName<M> = keyof M & `${string}Client`;
export type CommandName<M> = keyof M & `${string}Command`;
export type PaginatorName<M> = keyof M & `paginate${string}`;

export interface OperationSpec<M = any> {
  /** The SDK v3 command class's export name, e.g. 'ListUsersCommand'. */
  command: CommandName<M>;
  /**
   * The SDK's paginateX helper by export name (e.g. 'paginateListUsers'), or, when the SDK has none or it
   * needs adapting, a function of the loaded module that builds one (e.g. `(sdk) => tokenPaginator(…)`).
   */
  paginator?: PaginatorName<M> | ((sdk: M) => Paginate);
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
  /** This operation's published request rate, when it is not the service's `rate`. */
  rate?: RequestRate;
  /**
   * The fields of the (merged) output the scanner relies on (./shapes.ts): a live, replayed or recorded
   * response that does not fit fails the call with MalformedResponse. Every operation in SERVICES declares
   * one (test/aws/response-shapes.test.ts); optional here only so that test-only services may leave it out.
   */
  shape?: Shape;
}

export interface ServiceSpec<M = any> {
  /** Our short name, used in call keys and fixtures: `iam:ListUsers`, `ec2:DescribeVpcs@eu-west-1`. */
  name: string;
  /** Prefix of the service's IAM actions, e.g. `elasticloadbalancing` for elbv2. */
  iamPrefix: string;
  /** Global services (IAM, Organizations, S3 ListBuckets…) are called once per account, in the home region. */
  global?: boolean;
  /** Region that global calls must be sent to, when it is not the home region (e.g. CloudFront, Support). */
  globalRegion?: string;
  /**
   * The SDK puts the request's account id in front of the endpoint's host name (S3 Control:
   * `123456789012.s3-control.…`), so an endpoint given as an IP address cannot serve it.
   */
  accountIdHostPrefix?: boolean;
  /**
   * AWS's published request rate for each of the service's operations (each operation its own bucket per
   * account and Region): the fetcher paces its requests to it. Only where AWS documents one.
   */
  rate?: RequestRate;
  /** Loads the SDK client package, on the first live call only: `() => sdkPackage<typeof import(P)>(P)`. */
  load: () => Promise<M>;
  /** The client class's export name, e.g. 'IAMClient'. */
  client: ClientName<M>;
  operations: Record<string, OperationSpec<M>>;
  /**
   * AWS always sends each listed field of `items`, an empty list as an empty element (the query/XML services:
   * EC2, S3, IAM, ELB, RDS, Auto Scaling, CloudWatch, CloudFormation, SNS), which the SDK reads as `[]`. An
   * answer without it is then malformed (a blank or foreign 200 answer from a wrong endpoint or proxy), never
   * "none": defineService makes those fields required in the operation's shape.
   */
  listsAlwaysSent?: boolean;
}

/**
 * A request rate as AWS publishes it: a token bucket per account, Region and API holding `burst` tokens,
 * refilled at `perSecond`; each request takes one token, and a request that finds none is throttled.
 */
export interface RequestRate {
  burst: number;
  perSecond: number;
}

const requireSdk = createRequire(import.meta.url);

/**
 * An SDK client package (CommonJS), loaded with require(): import() would have Node's ESM loader read each
 * package's entry file twice more (to detect its module format, then to find its named exports), about a
 * second of CPU for the 42 packages, in every thread that loads them. Same module, same classes either way.
 */
export function sdkPackage<M>(name: string): Promise<M> {
  return new Promise<M>((resolve) => resolve(requireSdk(name) as M));
}

/** M is inferred from `load` alone, so command, paginator and client names are checked against that module. */
export function defineService<M>(spec: ServiceSpec<M>): ServiceSpec<M> {
  if (!spec.listsAlwaysSent) return spec;
  const operations = Object.fromEntries(
    Object.entries(spec.operations).map(([name, op]) => {
      if (!op.items?.length || !(op.shape instanceof z.ZodObject)) return [name, op];
      const shape = op.shape as z.ZodObject;
      const listed = op.items.filter((field) => field in shape.shape);
      const mask = Object.fromEntries(listed.map((f) => [f, true])) as Parameters<typeof shape.required>[0];
      return [name, { ...op, shape: shape.required(mask) }];
    }),
  );
  return { ...spec, operations };
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
