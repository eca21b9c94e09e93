// Response shapes: what the scanner relies on in each AWS answer, checked where the answer enters (a live
// response, a replayed one, a snapshot file at load). A check must never read `met` out of data it could
// not read: a security group without GroupId, or whose IpPermissions is a string, is a malformed answer,
// and the call fails with MalformedResponse (→ `error` on the items that used it) instead.
//
// Each operation in ./services/ declares its shape with shapeOf<SdkOutputType>()({ … }), zod 4 schemas
// of only the fields the checks read:
//   - list fields are lists; the nested lists a check iterates are lists;
//   - identifiers the scanner names resources by (GroupId, UserName, Arn, …) are `id`: present strings;
//   - booleans, numbers and dates the verdicts use are typed (a "false" string is truthy);
//   - every other field may be absent, and unknown extra fields are allowed (objects are not strict).
//
// shapeOf<T>() checks each declared field against the SDK's own output type T, at compile time:
//   - a field name T does not have (a typo) does not compile;
//   - a field whose SDK type the schema would reject (z.date() for an ISO string) does not compile;
//   - a field the schema requires but the SDK model marks optional does not compile unless it is wrapped in
//     present(): a promise, checked against the AWS API reference, that AWS always sends it. The SDK types
//     a model-required member as `Field: T | undefined` and an optional one as `Field?: T | undefined`.
// The parsed output is discarded: the original value (with its extra fields) is what the checks read.
import { z } from 'zod';
import { MalformedResponse } from '../errors.js';

// A scan checks each schema a few hundred times at most: zod's JIT (a `new Function` per object schema)
// costs more to compile than it saves here (the demo replay's validation: ~3x the CPU with it).
z.config({ jitless: true });

/** A shape: a zod object schema over an operation's (merged) output. */
export type Shape = z.ZodType;

/** Marks a required field the SDK model calls optional (see the header); the check is compile-time only. */
export const present = <S extends z.ZodType>(schema: S) => schema.brand<'present'>();

/** An identifier the scanner names a resource by: present, a string. */
export const id = present(z.string());
export const str = z.string().optional();
export const num = z.number().optional();
export const bool = z.boolean().optional();
export const date = z.date().optional();
/** A string that AWS always sends (a CIDR, a status) though it names nothing. */
export const text = present(z.string());
/** Bytes (a blob: the SDK gives Uint8Array, a snapshot revives {$utf8}) or text. */
export const bytes = z.custom<Uint8Array | string>((v) => v instanceof Uint8Array || typeof v === 'string', { message: 'is not bytes or text' });
/** A timestamp the SDK leaves as an ISO string (DRS): a string live, a Date once a snapshot revived it. */
export const when = z.custom<string | Date>((v) => typeof v === 'string' || v instanceof Date, { message: 'is not a date or a date string' }).optional();
/** A list of strings, optional. */
export const strings = z.array(z.string()).optional();
/** An optional list of `item`. */
export const list = <S extends z.ZodType>(item: S) => z.array(item).optional();
/** An object of these fields (extra fields allowed). */
export const obj = <S extends z.ZodRawShape>(fields: S) => z.object(fields);
/** An optional object of these fields. */
export const maybe = <S extends z.ZodRawShape>(fields: S) => z.object(fields).optional();
/** EC2-style tags: [{ Key, Value }]. */
export const tags = list(obj({ Key: str, Value: str }));

// ---- The compile-time check of a shape against the SDK output type -------------------------------------

type Kind<T> = unknown extends T
  ? 'any'
  : T extends string
    ? 'string'
    : T extends number
      ? 'number'
      : T extends boolean
        ? 'boolean'
        : T extends Date
          ? 'date'
          : T extends Uint8Array
            ? 'bytes'
            : T extends readonly unknown[]
              ? 'list'
              : T extends object
                ? 'object'
                : never;

type Optional<T, K extends keyof T> = Partial<Pick<T, K>> extends Pick<T, K> ? true : false;
type Present = z.core.$brand<'present'>;

/** Problems of one field: O is what the schema accepts, T what the SDK types it as (both without undefined). */
type FieldProblems<O, T, Path extends string> = 'any' extends Kind<T> | Kind<O>
  ? never
  : [Exclude<Kind<T>, Kind<O>>] extends [never]
    ? O extends readonly (infer OE)[]
      ? T extends readonly (infer TE)[]
        ? FieldProblems<NonNullable<OE>, NonNullable<TE>, `${Path}[]`>
        : never
      : O extends Date | Uint8Array | string | number | boolean
        ? never
        : O extends object
          ? T extends object
            ? Flat<Problems<O, T, `${Path}.`>>
            : never
          : never
    : `${Path}: the SDK types it as ${Kind<T>}, the shape accepts ${Kind<O>}`;

/** Every problem of an object schema's output O against the SDK type T, as a union of messages (never: none). */
type Problems<O, T, Prefix extends string> = string extends keyof O
  ? never // obj({}) or a record: no field names to check
  : Fields<O, T, Prefix>;

type Fields<O, T, Prefix extends string> = {
  [K in keyof O & string]-?: K extends keyof T
    ?
        | (Optional<O, K> extends false
            ? Optional<T, K> extends true
              ? O[K] extends Present
                ? never
                : `${Prefix}${K}: required by the shape, optional in the SDK model (wrap it in present() once the API reference confirms AWS always sends it)`
              : never
            : never)
        | FieldProblems<NonNullable<O[K]>, NonNullable<T[K]>, `${Prefix}${K}`>
    : `${Prefix}${K}: not a field of the SDK output type`;
}[keyof O & string];

/** Forces the compiler to spell out the messages (a nested Problems<…> is otherwise shown unevaluated). */
type Flat<U> = U extends string ? `${U}` : never;

type Verified<S extends z.ZodRawShape, T> =
  Flat<Problems<z.output<z.ZodObject<S>>, T, ''>> extends infer P extends string
    ? [P] extends [never]
      ? unknown
      : { 'the shape does not match the SDK output type': P }
    : never;

/**
 * The shape of an operation whose (merged) output has the SDK type T:
 *   shape: shapeOf<DescribeSecurityGroupsCommandOutput>()({ SecurityGroups: list(obj({ GroupId: id })) })
 * (curried so that T is given and the fields are inferred).
 */
export function shapeOf<T>() {
  return <const S extends z.ZodRawShape>(fields: S & Verified<S, T>): z.ZodObject<S> => z.object(fields);
}

// ---- Validation at run time ---------------------------------------------------------------------------

/**
 * The fetcher's check of one answer (live or replayed) before any accessor reads it: the value itself, or
 * MalformedResponse naming the call key and the field. `undefined` (optional configuration absent) passes.
 */
export function conform<T>(shape: Shape | undefined, value: T, key: string, call: string, region?: string): T {
  if (shape === undefined || value === undefined) return value;
  const problem = shapeProblem(shape, value);
  if (problem) throw new MalformedResponse(`${key} answered a malformed response: ${problem}`, call, region);
  return value;
}

/**
 * Why `value` does not fit `shape` (the first problem, with a count of the others), or undefined. Paths
 * start at `root` when given (`"$error".name`), else at the response's top-level field.
 */
export function shapeProblem(shape: Shape, value: unknown, root?: string): string | undefined {
  const result = shape.safeParse(value, { reportInput: true });
  if (result.success) return undefined;
  const [first, ...rest] = result.error.issues;
  return `${describeIssue(first, root)}${rest.length ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : ''}`;
}

const KIND_NAMES: Record<string, string> = {
  array: 'a list',
  int: 'a whole number',
  object: 'an object',
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean',
  date: 'a date',
};

function describeIssue(issue: z.core.$ZodIssue, root?: string): string {
  const path = formatPath(issue.path);
  const where = root ? (path ? `${root}${path.startsWith('[') ? '' : '.'}${path}` : root) : path || 'the response';
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return `${where} is missing`;
      return `${where} is not ${KIND_NAMES[issue.expected] ?? issue.expected} (got ${kindOf(issue.input)})`;
    case 'custom':
      return issue.input === undefined ? `${where} is missing` : `${where} ${issue.message} (got ${kindOf(issue.input)})`;
    case 'unrecognized_keys':
      return `${where} has unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => formatPath([k])).join(', ')}`;
    case 'too_small':
      return issue.origin === 'string' ? `${where} is empty` : `${where} is out of range`;
    case 'too_big':
      return `${where} is out of range`;
    default:
      return `${where}: ${issue.message}`;
  }
}

/** SecurityGroups[2].IpPermissions; a key that is not a plain name is quoted (and kept short). */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => {
      if (typeof key === 'number') return `[${key}]`;
      const name = String(key);
      if (/^[A-Za-z_$][\w$-]*$/.test(name) && name.length <= 64) return i === 0 ? name : `.${name}`;
      return `[${JSON.stringify(name.length > 64 ? `${name.slice(0, 61)}...` : name)}]`;
    })
    .join('');
}

/** What a value is, in words; never the value itself (it may be huge or hostile). */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid date' : 'a date';
  if (value instanceof Uint8Array) return 'bytes';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}
