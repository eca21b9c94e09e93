// IAM policy documents as checks need them. iam:GetAccountAuthorizationDetails (and GetPolicyVersion,
// GetRolePolicy, …) return documents as URL-encoded JSON strings (RFC 3986); the SDK does not decode
// them. A document may also arrive already decoded (plain JSON) or as an object. `Statement` is one
// object or an array; Action / NotAction / Resource / NotResource are a string or an array of strings, and
// so is each type of a Principal ("*" or { AWS | Service | Federated | …: id or [ids] }); all are read into
// lists, so a statement means the same however it is written. Anything else is malformed: parsePolicyDocument says why instead of throwing, so a check can turn one
// unreadable policy into an `error` finding and go on with the rest.

export interface PolicyStatement {
  /** 1-based position in the document, for messages ("statement 2"). */
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  actions?: string[];
  notActions?: string[];
  resources?: string[];
  notResources?: string[];
  /** A trust policy's principals: "*" (anyone), or each type (AWS, Service, Federated, …) with its list of ids. */
  principal?: '*' | Record<string, string[]>;
  hasCondition: boolean;
  /** Condition keys the statement tests (any operator), lower-cased: ['aws:sourceip']. */
  conditionKeys: string[];
}

export type ParsedPolicy = { ok: true; statements: PolicyStatement[] } | { ok: false; reason: string };

export function parsePolicyDocument(raw: unknown): ParsedPolicy {
  let doc: unknown = raw;
  if (typeof raw === 'string') {
    try {
      const text = raw.trimStart().startsWith('{') ? raw : decodeURIComponent(raw);
      doc = JSON.parse(text);
    } catch (err) {
      return { ok: false, reason: `not URL-encoded JSON (${(err as Error).name})` };
    }
  }
  if (!isObject(doc)) return { ok: false, reason: 'the document is not a JSON object' };
  const list = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement === undefined ? undefined : [doc.Statement];
  if (!list || list.length === 0) return { ok: false, reason: 'the document has no Statement' };
  const statements: PolicyStatement[] = [];
  for (const [i, s] of list.entries()) {
    const index = i + 1;
    if (!isObject(s)) return { ok: false, reason: `statement ${index} is not an object` };
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') return { ok: false, reason: `statement ${index} has no valid Effect` };
    const fields = { actions: s.Action, notActions: s.NotAction, resources: s.Resource, notResources: s.NotResource };
    const parsed: Record<string, string[] | undefined> = {};
    for (const [name, value] of Object.entries(fields)) {
      const strings = stringList(value);
      if (strings === null) return { ok: false, reason: `statement ${index} has a malformed ${name}` };
      parsed[name] = strings;
    }
    if (!parsed.actions && !parsed.notActions) return { ok: false, reason: `statement ${index} has neither Action nor NotAction` };
    const principal = principalOf(s.Principal);
    if (principal === null) return { ok: false, reason: `statement ${index} has a malformed Principal` };
    statements.push({
      index,
      sid: typeof s.Sid === 'string' && s.Sid ? s.Sid : undefined,
      effect: s.Effect,
      actions: parsed.actions,
      notActions: parsed.notActions,
      resources: parsed.resources,
      notResources: parsed.notResources,
      principal,
      hasCondition: isObject(s.Condition) && Object.keys(s.Condition).length > 0,
      conditionKeys: conditionKeys(s.Condition),
    });
  }
  return { ok: true, statements };
}

export type GrantKind = 'full-admin' | 'not-action' | 'service-wildcard' | 'pass-role';

export interface BroadGrant {
  statement: number;
  sid?: string;
  kind: GrantKind;
  /** Why, in words, naming actions and resources (never values from elsewhere). */
  reason: string;
  hasCondition: boolean;
}

/**
 * Allow statements that grant far more than a task needs: every action on every resource; NotAction
 * on every resource; every action of a service (`s3:*`) on every resource; iam:PassRole on any role.
 * "Every resource" is `*`, an ARN whose resource part is `*` (arn:aws:s3:::*), or any NotResource.
 * One grant per statement, the most severe.
 */
export function broadGrants(statements: readonly PolicyStatement[]): BroadGrant[] {
  const grants: BroadGrant[] = [];
  for (const s of statements) {
    if (s.effect !== 'Allow') continue;
    const allResources = s.notResources !== undefined || (s.resources ?? []).some(isAllResources);
    const actions = s.actions ?? [];
    const grant = (kind: GrantKind, reason: string) => grants.push({ statement: s.index, sid: s.sid, kind, reason, hasCondition: s.hasCondition });
    const onWhat = s.notResources ? 'every resource but those in NotResource' : 'every resource';
    if (allResources && actions.some((a) => a === '*' || a === '*:*')) grant('full-admin', `allows every action (*) on ${onWhat}`);
    else if (allResources && s.notActions) grant('not-action', `allows every action except those in NotAction on ${onWhat}`);
    else if (allResources && actions.some(isServiceWildcard)) {
      grant('service-wildcard', `allows every action of ${actions.filter(isServiceWildcard).join(', ')} on ${onWhat}`);
    } else if (actions.some((a) => globMatch(a, 'iam:PassRole')) && (s.notResources || (s.resources ?? []).some(isAnyRole))) {
      grant('pass-role', `allows iam:PassRole on any role (${s.notResources ? 'NotResource' : (s.resources ?? []).filter(isAnyRole).join(', ')})`);
    }
  }
  return grants;
}

/** "statement 2 (Sid AllowAll) allows every action (*) on every resource" */
export function describeGrant(g: BroadGrant): string {
  return `statement ${g.statement}${g.sid ? ` (Sid ${g.sid})` : ''} ${g.reason}${g.hasCondition ? ' (with a Condition)' : ''}`;
}

/** Principals a trust policy lets assume the role: AWS service principals, and whether anyone else may. */
export function trustedPrincipals(statements: readonly PolicyStatement[]): { services: string[]; others: boolean } {
  const services = new Set<string>();
  let others = false;
  for (const s of statements) {
    if (s.effect !== 'Allow') continue;
    if (s.principal === undefined || s.principal === '*') {
      others = true; // "Principal": "*" (or none at all)
      continue;
    }
    for (const [type, ids] of Object.entries(s.principal)) {
      if (type === 'Service') ids.forEach((v) => services.add(v));
      else others = true;
    }
  }
  return { services: [...services].sort(), others };
}

/** Accounts other than `ownAccount` whose principals an Allow statement of a trust policy names. */
export function otherAccountPrincipals(statements: readonly PolicyStatement[], ownAccount: string): string[] {
  const accounts = new Set<string>();
  for (const s of statements) {
    if (s.effect !== 'Allow' || s.principal === undefined || s.principal === '*') continue;
    for (const value of s.principal.AWS ?? []) {
      const id = /^\d{12}$/.test(value) ? value : /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(value)?.[1];
      if (id && id !== ownAccount) accounts.add(id);
    }
  }
  return [...accounts].sort();
}

export function isAllResources(resource: string): boolean {
  return resource === '*' || /^arn:[^:]+:[^:]*:[^:]*:[^:]*:\*$/.test(resource);
}

function isAnyRole(resource: string): boolean {
  return isAllResources(resource) || /^arn:[^:]+:iam::[^:]*:role\/(.*\/)?\*$/.test(resource);
}

function isServiceWildcard(action: string): boolean {
  return /^[a-z0-9-]+:\*$/i.test(action);
}

/** IAM action matching: case-insensitive, `*` any run of characters, `?` one character. */
export function globMatch(pattern: string, action: string): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 'i').test(action);
}

/** "*", or each principal type with its ids as a list; undefined when absent; null when malformed. */
function principalOf(value: unknown): PolicyStatement['principal'] | null {
  if (value === undefined || value === '*') return value;
  if (!isObject(value)) return null;
  const out: Record<string, string[]> = {};
  for (const [type, ids] of Object.entries(value)) {
    const list = stringList(ids);
    if (!list) return null;
    out[type] = list;
  }
  return out;
}

/** Keys under each operator of a Condition block ({ IpAddress: { 'aws:SourceIp': … } } → ['aws:sourceip']). */
function conditionKeys(condition: unknown): string[] {
  if (!isObject(condition)) return [];
  const keys = Object.values(condition).flatMap((byKey) => (isObject(byKey) ? Object.keys(byKey) : []));
  return [...new Set(keys.map((k) => k.toLowerCase()))].sort();
}

function stringList(value: unknown): string[] | undefined | null {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  return null;
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
