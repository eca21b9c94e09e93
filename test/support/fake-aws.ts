// A small fake AWS on 127.0.0.1 (random port) for the live tests of the estate layer: the real SDK clients
// (credential providers, SigV4 signing, pagination, XML and JSON parsing) talk to it over HTTP, on the wire
// protocols AWS uses, and it logs every request with the access key that signed it.
//
// - STS (awsQuery: form-encoded POST, XML answers): GetCallerIdentity answers the account of the access key
//   that signed the request; AssumeRole (RoleArn, RoleSessionName, ExternalId, DurationSeconds) hands out
//   `ASIA<account id><4 chars>` keys with a session token and an Expiration, or refuses with AccessDenied
//   (a denied account's role, or an ExternalId that is not the one every role requires). An unknown key, or an
//   assumed key sent without its own session token, is refused with InvalidClientTokenId; an expired one with
//   ExpiredToken.
// - EC2 (ec2Query): DescribeRegions (us-east-1 only).
// - Organizations (awsJson1_1, X-Amz-Target AWSOrganizationsV20161128.<Op>): DescribeOrganization (any account
//   of the organization; AWSOrganizationsNotInUseException for others), ListAccounts (always two pages, with
//   NextToken), ListRoots, ListOrganizationalUnitsForParent, ListAccountsForParent (two accounts a page): from
//   the management account or a delegated administrator, else AccessDeniedException.
// - Support (awsJson1_1, AWSSupport_20130415.DescribeSeverityLevels): the levels of the account's plan, or
//   SubscriptionRequiredException on Basic.
// Anything else: an UnknownOperationException / InvalidAction, so a test never passes on an answer it did not
// mean to give. Shapes follow the AWS API references (STS, EC2, Organizations, Support).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeAccount {
  id: string;
  name: string;
  status?: 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE';
  /** The root or OU it sits in. */
  parent: string;
}

export interface FakeOu {
  id: string;
  name: string;
  parent: string;
}

export interface FakeOrganization {
  id: string;
  managementAccountId: string;
  rootId: string;
  ous: FakeOu[];
  /** In the order ListAccounts answers them (AWS gives no order). */
  accounts: FakeAccount[];
  /** Members that may list the organization (delegated administrators). */
  delegatedAdministrators?: string[];
}

export interface FakeAwsConfig {
  /** Long-term access keys: key id → the IAM user it belongs to. */
  users: Record<string, { account: string; user: string }>;
  /** Undefined: no account belongs to an organization. */
  organization?: FakeOrganization;
  /** Accounts whose role refuses every AssumeRole (its trust policy does not name the caller). */
  denyAssume?: string[];
  /** The ExternalId every role's trust policy requires (none when undefined). */
  externalId?: string;
  /** Organizations operations the caller's policy does not allow (AccessDeniedException). */
  denyOrganizations?: string[];
  /** Overrides DurationSeconds: how long an assumed session lasts. */
  sessionSeconds?: number;
  /** Support plan per account (default basic: SubscriptionRequiredException). */
  supportPlans?: Record<string, 'basic' | 'business' | 'enterprise'>;
}

export interface FakeRequest {
  /** `sts:AssumeRole`, `organizations:ListAccounts`, … */
  call: string;
  /** The access key id that signed it (Authorization: … Credential=<key id>/<date>/<region>/<service>/aws4_request). */
  keyId?: string;
  /** The account that key belongs to (undefined: unknown key). */
  account?: string;
  /** The SigV4 scope's region and service. */
  signingRegion?: string;
  signingService?: string;
  sessionToken?: string;
  /** Query parameters (STS, EC2) but Action and Version, or the JSON body (Organizations, Support). */
  params: Record<string, unknown>;
  /** The HTTP status answered. */
  status: number;
}

export interface IssuedSession {
  accessKeyId: string;
  account: string;
  roleArn: string;
  sessionName: string;
  externalId?: string;
  /** The key id that assumed the role. */
  assumedBy: string;
  expiration: Date;
}

export interface FakeAws {
  endpoint: string;
  /** Every request, in the order received. */
  requests: FakeRequest[];
  /** Every session AssumeRole handed out. */
  sessions: IssuedSession[];
  /** Replaces the configuration (and forgets the requests and sessions). */
  reset(config: FakeAwsConfig): void;
  close(): Promise<void>;
}

const XMLNS_STS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const XMLNS_EC2 = 'http://ec2.amazonaws.com/doc/2016-11-15/';

interface Reply {
  status: number;
  contentType: string;
  body: string;
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** awsQuery: <XResponse xmlns><XResult>…</XResult><ResponseMetadata><RequestId/></ResponseMetadata></XResponse>. */
const stsReply = (action: string, result: string): Reply => ({
  status: 200,
  contentType: 'text/xml',
  body:
    `<${action}Response xmlns="${XMLNS_STS}"><${action}Result>${result}</${action}Result>` +
    `<ResponseMetadata><RequestId>fake-${action}</RequestId></ResponseMetadata></${action}Response>`,
});
/** awsQuery errors: <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>. */
const stsError = (status: number, code: string, message: string): Reply => ({
  status,
  contentType: 'text/xml',
  body:
    `<ErrorResponse xmlns="${XMLNS_STS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error>` +
    `<RequestId>fake-error</RequestId></ErrorResponse>`,
});
/** awsJson1_1: the output structure as JSON; errors `{"__type": code, "Message": …}` (HTTP 400). */
const json = (body: unknown): Reply => ({ status: 200, contentType: 'application/x-amz-json-1.1', body: JSON.stringify(body) });
const jsonError = (code: string, message: string, status = 400): Reply => ({
  status,
  contentType: 'application/x-amz-json-1.1',
  body: JSON.stringify({ __type: code, Message: message }),
});

/** Credential=<key id>/<date>/<region>/<service>/aws4_request in a SigV4 Authorization header. */
function signer(req: IncomingMessage): { keyId?: string; region?: string; service?: string } {
  const m = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(req.headers.authorization ?? '');
  return m ? { keyId: m[1], region: m[2], service: m[3] } : {};
}

export async function startFakeAws(initial: FakeAwsConfig): Promise<FakeAws> {
  let config = initial;
  const requests: FakeRequest[] = [];
  const sessions: IssuedSession[] = [];
  /** Session key id → its token (only the token handed out with a key is accepted with it). */
  const tokens = new Map<string, string>();
  let counter = 0;

  /** Who signed: a user's long-term key, or a session AssumeRole handed out (with its own token, unexpired). */
  function principal(keyId: string | undefined, token: string | undefined): { account: string; arn: string; userId: string } | Reply {
    const invalid = stsError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
    if (!keyId) return stsError(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
    const user = config.users[keyId];
    if (user) return { account: user.account, arn: `arn:aws:iam::${user.account}:user/${user.user}`, userId: `AIDA${user.account}USER` };
    const session = sessions.find((s) => s.accessKeyId === keyId);
    if (!session || tokens.get(keyId) !== token) return invalid;
    if (session.expiration.getTime() <= Date.now()) return stsError(400, 'ExpiredToken', 'The security token included in the request is expired');
    const role = session.roleArn.split('/').pop()!;
    return { account: session.account, arn: `arn:aws:sts::${session.account}:assumed-role/${role}/${session.sessionName}`, userId: `AROA${session.account}:${session.sessionName}` };
  }

  function sts(action: string, params: URLSearchParams, who: { account: string; arn: string; userId: string }, keyId: string): Reply {
    if (action === 'GetCallerIdentity') {
      return stsReply(action, `<Arn>${escapeXml(who.arn)}</Arn><UserId>${escapeXml(who.userId)}</UserId><Account>${who.account}</Account>`);
    }
    if (action === 'AssumeRole') {
      const roleArn = params.get('RoleArn') ?? '';
      const sessionName = params.get('RoleSessionName') ?? '';
      const m = /^arn:aws:iam::(\d{12}):role\/([\w+=,.@-]+)$/.exec(roleArn);
      if (!m || !sessionName) return stsError(400, 'ValidationError', `1 validation error detected: Value '${roleArn}' at 'roleArn' failed to satisfy constraint`);
      const account = m[1];
      const externalId = params.get('ExternalId') ?? undefined;
      const denied = config.denyAssume?.includes(account) || (config.externalId !== undefined && externalId !== config.externalId);
      if (denied) return stsError(403, 'AccessDenied', `User: ${who.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
      const seconds = config.sessionSeconds ?? Number(params.get('DurationSeconds') ?? 3600);
      // Whole seconds, as STS writes them.
      const expiration = new Date(Math.floor(Date.now() / 1000) * 1000 + seconds * 1000);
      const accessKeyId = `ASIA${account}${(++counter).toString(36).toUpperCase().padStart(4, '0')}`;
      const token = `FakeSessionToken/${accessKeyId}`;
      tokens.set(accessKeyId, token);
      sessions.push({ accessKeyId, account, roleArn, sessionName, externalId, assumedBy: keyId, expiration });
      return stsReply(
        action,
        `<Credentials><AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>fakeSecret${counter}</SecretAccessKey>` +
          `<SessionToken>${escapeXml(token)}</SessionToken><Expiration>${expiration.toISOString()}</Expiration></Credentials>` +
          `<AssumedRoleUser><Arn>arn:aws:sts::${account}:assumed-role/${m[2]}/${escapeXml(sessionName)}</Arn>` +
          `<AssumedRoleId>AROA${account}:${escapeXml(sessionName)}</AssumedRoleId></AssumedRoleUser>`,
      );
    }
    return stsError(400, 'InvalidAction', `Could not find operation ${action} for version 2011-06-15`);
  }

  function ec2(action: string, params: URLSearchParams): Reply {
    if (action === 'DescribeRegions' && params.get('AllRegions') === 'true') {
      return {
        status: 200,
        contentType: 'text/xml',
        body:
          `<DescribeRegionsResponse xmlns="${XMLNS_EC2}"><requestId>fake-regions</requestId><regionInfo>` +
          `<item><regionName>us-east-1</regionName><regionEndpoint>ec2.us-east-1.amazonaws.com</regionEndpoint>` +
          `<optInStatus>opt-in-not-required</optInStatus></item></regionInfo></DescribeRegionsResponse>`,
      };
    }
    return {
      status: 400,
      contentType: 'text/xml',
      body: `<Response><Errors><Error><Code>InvalidAction</Code><Message>The action ${escapeXml(action)} is not valid for this web service.</Message></Error></Errors><RequestID>fake</RequestID></Response>`,
    };
  }

  /** One page of `items` from `token` (the index to start at, as an opaque string). */
  function page<T>(items: T[], token: unknown, size: number): { items: T[]; NextToken?: string } {
    const start = typeof token === 'string' ? Number(Buffer.from(token, 'base64').toString('utf8').replace('page-from:', '')) : 0;
    const next = start + size;
    return { items: items.slice(start, next), ...(next < items.length ? { NextToken: Buffer.from(`page-from:${next}`).toString('base64') } : {}) };
  }

  function organizations(op: string, input: Record<string, unknown>, who: { account: string; arn: string }): Reply {
    const org = config.organization;
    const member = org?.accounts.some((a) => a.id === who.account);
    if (!org || !member) return jsonError('AWSOrganizationsNotInUseException', "Your account is not a member of an organization.");
    const arnOf = (id: string) => `arn:aws:organizations::${org.managementAccountId}:account/${org.id}/${id}`;
    const account = (a: FakeAccount) => ({
      Id: a.id,
      Arn: arnOf(a.id),
      Email: `${a.name}@example.com`,
      Name: a.name,
      Status: a.status ?? 'ACTIVE',
      State: a.status ?? 'ACTIVE',
      JoinedMethod: a.id === org.managementAccountId ? 'CREATED' : 'INVITED',
      JoinedTimestamp: 1_700_000_000,
    });
    if (op === 'DescribeOrganization') {
      return json({
        Organization: {
          Id: org.id,
          Arn: `arn:aws:organizations::${org.managementAccountId}:organization/${org.id}`,
          FeatureSet: 'ALL',
          MasterAccountArn: arnOf(org.managementAccountId),
          MasterAccountId: org.managementAccountId,
          MasterAccountEmail: `${org.accounts.find((a) => a.id === org.managementAccountId)?.name ?? 'management'}@example.com`,
          AvailablePolicyTypes: [],
        },
      });
    }
    const lists = ['ListAccounts', 'ListRoots', 'ListOrganizationalUnitsForParent', 'ListAccountsForParent'];
    if (!lists.includes(op)) return jsonError('UnknownOperationException', `Unknown operation ${op}`);
    const admin = who.account === org.managementAccountId || org.delegatedAdministrators?.includes(who.account);
    if (!admin || config.denyOrganizations?.includes(op)) {
      return jsonError('AccessDeniedException', "You don't have permissions to access this resource.");
    }
    if (op === 'ListAccounts') {
      // Always two pages: the paginator must follow NextToken.
      const p = page(org.accounts, input.NextToken, Math.ceil(org.accounts.length / 2));
      return json({ Accounts: p.items.map(account), ...(p.NextToken ? { NextToken: p.NextToken } : {}) });
    }
    if (op === 'ListRoots') {
      return json({ Roots: [{ Id: org.rootId, Arn: `arn:aws:organizations::${org.managementAccountId}:root/${org.id}/${org.rootId}`, Name: 'Root', PolicyTypes: [] }] });
    }
    const parent = input.ParentId;
    if (parent !== org.rootId && !org.ous.some((ou) => ou.id === parent)) {
      return jsonError('ParentNotFoundException', "We can't find a root or OU with the ParentId that you specified.");
    }
    if (op === 'ListOrganizationalUnitsForParent') {
      const p = page(org.ous.filter((ou) => ou.parent === parent), input.NextToken, 2);
      const units = p.items.map((ou) => ({ Id: ou.id, Arn: `arn:aws:organizations::${org.managementAccountId}:ou/${org.id}/${ou.id}`, Name: ou.name }));
      return json({ OrganizationalUnits: units, ...(p.NextToken ? { NextToken: p.NextToken } : {}) });
    }
    const p = page(org.accounts.filter((a) => a.parent === parent), input.NextToken, 2);
    return json({ Accounts: p.items.map(account), ...(p.NextToken ? { NextToken: p.NextToken } : {}) });
  }

  function support(op: string, who: { account: string }): Reply {
    if (op !== 'DescribeSeverityLevels') return jsonError('UnknownOperationException', `Unknown operation ${op}`);
    const plan = config.supportPlans?.[who.account] ?? 'basic';
    if (plan === 'basic') return jsonError('SubscriptionRequiredException', 'AWS Premium Support Subscription is required to use this service.');
    const codes = ['low', 'normal', 'high', 'urgent', ...(plan === 'enterprise' ? ['critical'] : [])];
    return json({ severityLevels: codes.map((code) => ({ code, name: code[0].toUpperCase() + code.slice(1) })) });
  }

  function handle(req: IncomingMessage, body: string): Reply {
    const sig = signer(req);
    const token = req.headers['x-amz-security-token'] as string | undefined;
    const target = req.headers['x-amz-target'] as string | undefined;
    let call: string;
    let params: Record<string, unknown>;
    let answer: (who: { account: string; arn: string; userId: string }) => Reply;
    if (target) {
      const [prefix, op] = target.split('.');
      let input: Record<string, unknown> = {};
      try {
        input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
      } catch {
        input = {};
      }
      params = input;
      if (prefix === 'AWSOrganizationsV20161128') {
        call = `organizations:${op}`;
        answer = (who) => organizations(op, input, who);
      } else if (prefix === 'AWSSupport_20130415') {
        call = `support:${op}`;
        answer = (who) => support(op, who);
      } else {
        call = `unknown:${target}`;
        answer = () => jsonError('UnknownOperationException', `Unknown target ${target}`);
      }
    } else {
      const form = new URLSearchParams(body);
      const action = form.get('Action') ?? '';
      const version = form.get('Version');
      params = Object.fromEntries([...form.entries()].filter(([k]) => k !== 'Action' && k !== 'Version'));
      if (version === '2011-06-15') {
        call = `sts:${action}`;
        answer = (who) => sts(action, form, who, sig.keyId!);
      } else if (version === '2016-11-15') {
        call = `ec2:${action}`;
        answer = () => ec2(action, form);
      } else {
        call = `unknown:${req.method} ${req.url}`;
        answer = () => stsError(400, 'InvalidAction', `Unknown request ${req.method} ${req.url}`);
      }
    }
    const who = principal(sig.keyId, token);
    const reply = 'status' in who ? who : answer(who);
    requests.push({
      call,
      keyId: sig.keyId,
      account: 'status' in who ? undefined : who.account,
      signingRegion: sig.region,
      signingService: sig.service,
      sessionToken: token,
      params,
      status: reply.status,
    });
    return reply;
  }

  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const reply = handle(req, body);
      res.writeHead(reply.status, { 'content-type': reply.contentType, 'x-amzn-requestid': 'fake-request' }).end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    requests,
    sessions,
    reset(next) {
      config = next;
      requests.length = 0;
      sessions.length = 0;
      tokens.clear();
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
