// The synthetic organization: a management account (with the organization trail), a log-archive account
// (holding the trail's bucket) and workload accounts of varied size. Everything is a function of the
// account id and an index, generated when asked for, so the estate itself holds no resources in memory:
// what the scanner keeps is the scanner's own.
//
// Modeled at scale (per account): IAM users with access keys (credential report, authorization details),
// roles, groups, managed policies; S3 buckets spread over the regions with policies, versioning, ACLs,
// Block Public Access, encryption, ownership, logging; per region: security groups, network interfaces,
// EBS volumes, EC2 instances (and their user data); CloudTrail trails (the organization trail, some
// account trails) with status, selectors and event history; Organizations. Every other call is answered
// from the demo account's recording (template.ts).
import { hash53, unit } from './rng.js';
import { REGIONS_17, type WireError } from './rates.js';
import type { SimAnswer, SimModel, SimRequest } from './simulator.js';
import { DemoTemplate } from './template.js';
import { SERVICES } from '../../src/aws/services/index.js';

export const HOME = 'us-east-1';
const OPT_IN_REGIONS = ['af-south-1', 'ap-east-1', 'me-south-1', 'eu-south-1', 'il-central-1'];
const DAY = 86_400_000;

export interface EstateOptions {
  accounts: number;
  regions: number;
  /** Resources per account, 1 = the default mix (about 2,000 per account on 17 regions). */
  scale: number;
  /**
   * The instant the estate's dates are relative to (ms; default: when it is made). The run gives every thread's
   * estate, and the scan, the same one, so a date near a check's threshold falls on the same side in every run.
   */
  now?: number;
}

export interface AccountSpec {
  id: string;
  index: number;
  name: string;
  users: number;
  roles: number;
  groups: number;
  policies: number;
  buckets: number;
  /** Per region (index as in Estate.regions). */
  sgs: number[];
  enis: number[];
  volumes: number[];
  instances: number[];
  /** Write events in each region's event history (last 90 days). */
  events: number[];
  ownTrail: boolean;
  accountBpa: boolean;
}

export type ResourceCounts = Record<'users' | 'accessKeys' | 'roles' | 'buckets' | 'securityGroups' | 'networkInterfaces' | 'volumes' | 'instances' | 'trails', number>;

const GLOBAL_APIS = new Set(
  SERVICES.flatMap((s) => Object.entries(s.operations).filter(([, op]) => s.global || op.global).map(([name]) => `${s.name}:${name}`)),
);

const hex = (text: string, length = 17) => hash53(text).toString(16).padStart(14, '0').concat(hash53(text, 7).toString(16)).slice(0, length);
const pad = (n: number) => String(n).padStart(4, '0');
const ago = (now: number, days: number) => new Date(now - days * DAY);
const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, '+00:00');
const error = (code: string, status: number, message = code): { error: WireError } => ({ error: { code, status, message } });

export class Estate implements SimModel {
  readonly ids: string[];
  readonly management: string;
  readonly logArchive: string;
  readonly regions: string[];
  readonly orgId = 'o-bench0rg12';
  readonly template: DemoTemplate;
  /** Requests the model sent to a region other than the bucket's (S3 would redirect them). */
  misrouted = 0;
  private readonly specs = new Map<string, AccountSpec>();
  private readonly now: number;

  constructor(
    readonly opts: EstateOptions,
    templateDir = 'fixtures/demo',
  ) {
    if (opts.accounts < 1 || opts.regions < 1 || opts.regions > REGIONS_17.length || !(opts.scale > 0)) {
      throw new Error(`estate: accounts >= 1, 1 <= regions <= ${REGIONS_17.length}, scale > 0`);
    }
    this.now = opts.now ?? Date.now();
    this.ids = Array.from({ length: opts.accounts }, (_, i) => String(311_000_000_000 + i * 7_919 + 1));
    this.management = this.ids[0];
    this.logArchive = this.ids[Math.min(1, this.ids.length - 1)];
    this.regions = REGIONS_17.slice(0, opts.regions);
    this.template = new DemoTemplate(templateDir, { '999988887777': this.logArchive });
  }

  /** An account's sizes: the default mix times `scale`, times a per-account factor between 0.5 and 1.5. */
  account(id: string): AccountSpec | undefined {
    let spec = this.specs.get(id);
    if (spec) return spec;
    const index = this.ids.indexOf(id);
    if (index < 0) return undefined;
    const s = this.opts.scale * (0.5 + unit(`size:${id}`));
    const n = (base: number, factor = 1) => Math.max(0, Math.round(base * s * factor));
    const perRegion = (base: number, what: string) =>
      this.regions.map((r, i) => n(base, i === 0 ? 1.5 : 0.5 + 0.5 * unit(`${what}:${id}:${r}`)));
    spec = {
      id,
      index,
      name: index === 0 ? 'management' : id === this.logArchive ? 'log-archive' : `workload-${pad(index)}`,
      users: n(180),
      roles: n(180),
      groups: 8,
      policies: n(30),
      buckets: n(70),
      sgs: perRegion(37, 'sg').map((c) => Math.max(1, c)),
      enis: perRegion(26, 'eni'),
      volumes: perRegion(37, 'vol'),
      instances: perRegion(10, 'i'),
      events: this.regions.map((r, i) => (i === 0 ? n(600) : Math.round(n(120) * unit(`ev:${id}:${r}`)))),
      ownTrail: unit(`trail:${id}`) < 0.3,
      accountBpa: unit(`bpa:${id}`) < 0.7,
    };
    this.specs.set(id, spec);
    return spec;
  }

  /** Resources of the whole estate, by kind. */
  resources(): ResourceCounts {
    const total: ResourceCounts = { users: 0, accessKeys: 0, roles: 0, buckets: 0, securityGroups: 0, networkInterfaces: 0, volumes: 0, instances: 0, trails: 1 };
    const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
    for (const id of this.ids) {
      const a = this.account(id)!;
      total.users += a.users;
      for (let u = 0; u < a.users; u++) total.accessKeys += this.user(a, u).keys.length;
      total.roles += a.roles;
      total.buckets += a.buckets + (a.ownTrail ? 1 : 0) + (id === this.logArchive ? 1 : 0);
      total.securityGroups += sum(a.sgs);
      total.networkInterfaces += sum(a.enis);
      total.volumes += sum(a.volumes);
      total.instances += sum(a.instances);
      total.trails += a.ownTrail ? 1 : 0;
    }
    return total;
  }

  needs(req: SimRequest): readonly string[] {
    return req.service === 'iam' && req.operation === 'GetCredentialReport' ? ['credential-report'] : [];
  }

  answer(req: SimRequest): SimAnswer {
    const a = this.account(req.account);
    if (!a) return error('InvalidClientTokenId', 403, 'The security token included in the request is invalid.');
    const modeled = this.modeled(a, req);
    if (modeled) return modeled;
    return this.template.answer(req, GLOBAL_APIS.has(`${req.service}:${req.operation}`)) ?? this.template.fallback(req);
  }

  private modeled(a: AccountSpec, req: SimRequest): SimAnswer | undefined {
    const { input } = req;
    const r = this.regions.indexOf(req.region);
    switch (`${req.service}:${req.operation}`) {
      case 'sts:GetCallerIdentity':
        return {
          output: { UserId: `AROABNCH${a.id}:cmt-audit`, Account: a.id, Arn: `arn:aws:sts::${a.id}:assumed-role/CmtAuditReadOnly/cmt-audit` },
          reveals: [a.id],
        };
      case 'ec2:DescribeRegions': {
        const Regions = [
          ...REGIONS_17.map((name) => ({ RegionName: name, Endpoint: `ec2.${name}.amazonaws.com`, OptInStatus: this.regions.includes(name) ? 'opt-in-not-required' : 'not-opted-in' })),
          ...OPT_IN_REGIONS.map((name) => ({ RegionName: name, Endpoint: `ec2.${name}.amazonaws.com`, OptInStatus: 'not-opted-in' })),
        ];
        return { output: { Regions }, reveals: this.regions };
      }
      case 'iam:GetAccountSummary':
        return { output: { SummaryMap: { Users: a.users, Groups: a.groups, Roles: a.roles + 1, Policies: a.policies, AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, MFADevices: a.users, MFADevicesInUse: a.users } } };
      case 'iam:GenerateCredentialReport':
        return { output: { State: 'COMPLETE', Description: 'No report exists. Starting a new report generation task' }, reveals: ['credential-report'] };
      case 'iam:GetCredentialReport':
        return { output: { Content: new TextEncoder().encode(this.credentialReport(a)), ReportFormat: 'text/csv', GeneratedTime: new Date(this.now) } };
      case 'iam:GetAccountAuthorizationDetails':
        return this.authorizationDetails(a, input);
      case 's3:ListBuckets':
        return this.listBuckets(a, input);
      case 's3control:GetPublicAccessBlock':
        if (input.AccountId !== a.id) return error('AccessDenied', 403, 'Access Denied');
        return a.accountBpa
          ? { output: { PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } } }
          : error('NoSuchPublicAccessBlockConfiguration', 404, 'The public access block configuration was not found');
      case 'cloudtrail:DescribeTrails':
        return r < 0 ? undefined : this.describeTrails(a, req.region);
      case 'cloudtrail:GetTrailStatus':
        return this.trailRead(a, String(input.Name), req.region, () => ({
          IsLogging: true,
          LatestDeliveryTime: ago(this.now, 0.01),
          StartLoggingTime: ago(this.now, 700),
          LatestDigestDeliveryTime: ago(this.now, 0.04),
        }));
      case 'cloudtrail:GetEventSelectors':
        return this.trailRead(a, String(input.TrailName), req.region, (arn) => ({
          TrailARN: arn,
          EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }],
        }));
      case 'cloudtrail:LookupEvents':
        return r < 0 ? undefined : this.lookupEvents(a, req.region, a.events[r], input);
      case 'ec2:DescribeSecurityGroups':
        return r < 0 ? undefined : this.paged(input, a.sgs[r], (k) => this.securityGroup(a, req.region, k), 'SecurityGroups', 'NextToken', 'NextToken');
      case 'ec2:DescribeNetworkInterfaces':
        return r < 0 ? undefined : this.paged(input, a.enis[r], (k) => this.networkInterface(a, req.region, r, k), 'NetworkInterfaces', 'NextToken', 'NextToken');
      case 'ec2:DescribeVolumes':
        return r < 0 ? undefined : this.paged(input, a.volumes[r], (k) => this.volume(a, req.region, r, k), 'Volumes', 'NextToken', 'NextToken');
      case 'ec2:DescribeInstances': {
        if (r < 0) return undefined;
        const page = this.paged(input, a.instances[r], (k) => ({ ReservationId: `r-${hex(`r:${a.id}:${req.region}:${k}`)}`, OwnerId: a.id, Instances: [this.instance(a, req.region, k)] }), 'Reservations', 'NextToken', 'NextToken');
        const ids = (page.output.Reservations as any[]).map((res) => res.Instances[0].InstanceId as string);
        return { output: page.output, reveals: [...(page.reveals ?? []), ...ids] };
      }
      case 'ec2:DescribeInstanceAttribute': {
        const k = r < 0 ? -1 : this.instanceIndex(a, req.region, String(input.InstanceId));
        if (k < 0) return error('InvalidInstanceID.NotFound', 400, `The instance ID '${String(input.InstanceId)}' does not exist`);
        const secret = unit(`ud:${a.id}:${req.region}:${k}`) < 0.01 ? `export AWS_SECRET_ACCESS_KEY=${hex(`s:${k}`, 40)}\n` : '';
        const script = `#!/bin/bash\nyum update -y\n${secret}systemctl start app\n`;
        return { output: { InstanceId: input.InstanceId, UserData: { Value: Buffer.from(script).toString('base64') } } };
      }
      case 'backup:ListBackupVaults': {
        if (r < 0) return undefined;
        // Every region has the Default vault; the log-archive account also keeps the vault the others' backup plans copy to (dr-vault).
        const names = ['Default', ...(a.id === this.logArchive ? ['dr-vault'] : [])];
        return { output: { BackupVaultList: names.map((name) => ({ BackupVaultName: name, BackupVaultArn: `arn:aws:backup:${req.region}:${a.id}:backup-vault:${name}`, CreationDate: ago(this.now, 500), NumberOfRecoveryPoints: 10 })) } };
      }
      case 'organizations:DescribeOrganization':
        return {
          output: {
            Organization: {
              Id: this.orgId,
              Arn: `arn:aws:organizations::${this.management}:organization/${this.orgId}`,
              MasterAccountId: this.management,
              MasterAccountArn: `arn:aws:organizations::${this.management}:account/${this.orgId}/${this.management}`,
              MasterAccountEmail: 'aws-management@example.com',
              FeatureSet: 'ALL',
            },
          },
        };
      case 'organizations:ListAccounts':
        if (a.id !== this.management) return error('AccessDeniedException', 400, 'You don\'t have permissions to access this resource.');
        return this.listAccounts(input, this.ids);
      case 'organizations:ListRoots':
        return { output: { Roots: [{ Id: 'r-bnch', Arn: `arn:aws:organizations::${this.management}:root/${this.orgId}/r-bnch`, Name: 'Root' }] }, reveals: ['r-bnch'] };
      case 'organizations:ListOrganizationalUnitsForParent':
        return input.ParentId === 'r-bnch'
          ? { output: { OrganizationalUnits: ['ou-bnch-workloads', 'ou-bnch-security'].map((Id) => ({ Id, Arn: `arn:aws:organizations::${this.management}:ou/${this.orgId}/${Id}`, Name: Id.slice(8) })) }, reveals: ['ou-bnch-workloads', 'ou-bnch-security'] }
          : { output: { OrganizationalUnits: [] } };
      case 'organizations:ListAccountsForParent': {
        const ids = input.ParentId === 'r-bnch' ? [this.management] : input.ParentId === 'ou-bnch-security' ? [this.logArchive] : input.ParentId === 'ou-bnch-workloads' ? this.ids.slice(2) : [];
        return this.listAccounts(input, ids);
      }
    }
    if (req.service === 's3') return this.bucketCall(a, req);
    return undefined;
  }

  // ---- Pagination ----------------------------------------------------------------------------------

  /** One page of a listing of `count` items: the input's page size (else all), a token for the next page. */
  private paged(
    input: Record<string, any>,
    count: number,
    item: (k: number) => unknown,
    field: string,
    inToken: string,
    outToken: string,
    defaultSize = Infinity,
    truncatedField?: string,
  ): { output: Record<string, unknown>; reveals?: string[] } {
    const start = typeof input[inToken] === 'string' ? Number(/^tok-(\d+)-/.exec(input[inToken])?.[1] ?? 0) : 0;
    const size = typeof input.MaxResults === 'number' ? input.MaxResults : typeof input.MaxItems === 'number' ? input.MaxItems : defaultSize;
    const end = Math.min(count, start + size);
    const items = Array.from({ length: Math.max(0, end - start) }, (_, i) => item(start + i));
    const output: Record<string, unknown> = { [field]: items };
    const more = end < count;
    if (truncatedField) output[truncatedField] = more;
    if (!more) return { output };
    const token = `tok-${end}-${hex(`${field}:${end}:${count}`, 12)}`;
    output[outToken] = token;
    return { output, reveals: [token] };
  }

  private listAccounts(input: Record<string, any>, ids: string[]) {
    const page = this.paged(
      input,
      ids.length,
      (k) => {
        const id = ids[k];
        const spec = this.account(id)!;
        return { Id: id, Arn: `arn:aws:organizations::${this.management}:account/${this.orgId}/${id}`, Name: spec.name, Email: `aws+${spec.name}@example.com`, Status: 'ACTIVE', State: 'ACTIVE', JoinedMethod: 'CREATED', JoinedTimestamp: ago(this.now, 400 + k) };
      },
      'Accounts',
      'NextToken',
      'NextToken',
      20,
    );
    return { output: page.output, reveals: [...(page.reveals ?? []), ...(page.output.Accounts as { Id: string }[]).map((x) => x.Id)] };
  }

  // ---- IAM ------------------------------------------------------------------------------------------

  user(a: AccountSpec, u: number) {
    const h = (what: string) => unit(`${what}:${a.id}:${u}`);
    const name = `user-${pad(u)}`;
    const password = h('pw') < 0.7;
    const nKeys = h('keys') < 0.3 ? 0 : h('keys') < 0.85 ? 1 : 2;
    const keys = Array.from({ length: nKeys }, (_, k) => ({ active: h(`ka${k}`) < 0.9, rotated: Math.floor(h(`kr${k}`) * 420), used: Math.floor(h(`ku${k}`) * 30) }));
    return { name, arn: `arn:aws:iam::${a.id}:user/${name}`, created: 500 + Math.floor(h('c') * 1000), password, mfa: password && h('mfa') < 0.92, keys, group: `group-${u % a.groups}` };
  }

  private credentialReport(a: AccountSpec): string {
    const header =
      'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
    const rows = [`<root_account>,arn:aws:iam::${a.id}:root,${iso(ago(this.now, 2000))},not_supported,${iso(ago(this.now, 200))},not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`];
    for (let u = 0; u < a.users; u++) {
      const x = this.user(a, u);
      const key = (k: number) => {
        const key = x.keys[k];
        return key ? `${key.active},${iso(ago(this.now, key.rotated))},${iso(ago(this.now, key.used))},${HOME},s3` : 'false,N/A,N/A,N/A,N/A';
      };
      rows.push(
        [
          x.name,
          x.arn,
          iso(ago(this.now, x.created)),
          x.password,
          x.password ? iso(ago(this.now, 3)) : 'N/A',
          x.password ? iso(ago(this.now, 60)) : 'N/A',
          'N/A',
          x.mfa,
          key(0),
          key(1),
          'false,N/A,false,N/A',
        ].join(','),
      );
    }
    return `${header}\n${rows.join('\n')}\n`;
  }

  private authorizationDetails(a: AccountSpec, input: Record<string, any>): SimAnswer {
    const doc = (d: object) => encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [d] }));
    const trust = doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });
    const total = a.users + a.groups + a.roles + 1 + a.policies;
    const entity = (k: number): [string, unknown] => {
      if (k < a.users) {
        const u = this.user(a, k);
        return ['UserDetailList', { Path: '/', UserName: u.name, UserId: `AIDA${hex(`uid:${u.arn}`, 16).toUpperCase()}`, Arn: u.arn, CreateDate: ago(this.now, u.created), UserPolicyList: [], GroupList: [u.group], AttachedManagedPolicies: [], Tags: [] }];
      }
      k -= a.users;
      if (k < a.groups) {
        const name = `group-${k}`;
        const attached = k === 0 ? [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }] : [{ PolicyName: `policy-${pad(k % Math.max(1, a.policies))}`, PolicyArn: `arn:aws:iam::${a.id}:policy/policy-${pad(k % Math.max(1, a.policies))}` }];
        return ['GroupDetailList', { Path: '/', GroupName: name, GroupId: `AGPA${hex(`gid:${a.id}:${k}`, 16).toUpperCase()}`, Arn: `arn:aws:iam::${a.id}:group/${name}`, CreateDate: ago(this.now, 900), GroupPolicyList: [], AttachedManagedPolicies: attached }];
      }
      k -= a.groups;
      if (k <= a.roles) {
        const name = k === a.roles ? 'CmtAuditReadOnly' : `role-${pad(k)}`;
        const attached = k === a.roles ? [{ PolicyName: 'SecurityAudit', PolicyArn: 'arn:aws:iam::aws:policy/SecurityAudit' }] : [{ PolicyName: `policy-${pad(k % Math.max(1, a.policies))}`, PolicyArn: `arn:aws:iam::${a.id}:policy/policy-${pad(k % Math.max(1, a.policies))}` }];
        return ['RoleDetailList', { Path: '/', RoleName: name, RoleId: `AROA${hex(`rid:${a.id}:${k}`, 16).toUpperCase()}`, Arn: `arn:aws:iam::${a.id}:role/${name}`, CreateDate: ago(this.now, 700), AssumeRolePolicyDocument: trust, InstanceProfileList: [], RolePolicyList: [], AttachedManagedPolicies: attached, Tags: [], RoleLastUsed: { LastUsedDate: ago(this.now, 2), Region: HOME } }];
      }
      k -= a.roles + 1;
      const name = `policy-${pad(k)}`;
      const wide = unit(`pol:${a.id}:${k}`) < 0.1;
      const statement = wide ? { Effect: 'Allow', Action: '*', Resource: '*' } : { Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: [`arn:aws:s3:::bench-${a.id}-${pad(k)}`, `arn:aws:s3:::bench-${a.id}-${pad(k)}/*`] };
      return ['Policies', { PolicyName: name, PolicyId: `ANPA${hex(`pid:${a.id}:${k}`, 16).toUpperCase()}`, Arn: `arn:aws:iam::${a.id}:policy/${name}`, Path: '/', DefaultVersionId: 'v1', AttachmentCount: 2, PermissionsBoundaryUsageCount: 0, IsAttachable: true, CreateDate: ago(this.now, 800), UpdateDate: ago(this.now, 100), PolicyVersionList: [{ Document: doc(statement), VersionId: 'v1', IsDefaultVersion: true, CreateDate: ago(this.now, 100) }] }];
    };
    const start = typeof input.Marker === 'string' ? Number(/^tok-(\d+)-/.exec(input.Marker)?.[1] ?? 0) : 0;
    const end = Math.min(total, start + (typeof input.MaxItems === 'number' ? input.MaxItems : 100));
    const output: Record<string, any> = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [], IsTruncated: end < total };
    for (let k = start; k < end; k++) {
      const [field, value] = entity(k);
      output[field].push(value);
    }
    if (end >= total) return { output };
    output.Marker = `tok-${end}-${hex(`aad:${a.id}:${end}`, 12)}`;
    return { output, reveals: [output.Marker] };
  }

  // ---- S3 -------------------------------------------------------------------------------------------

  /** The account's buckets: its own, its trail bucket, and (log archive) the organization trail's. */
  private bucketNames(a: AccountSpec): string[] {
    const names = Array.from({ length: a.buckets }, (_, i) => `bench-${a.id}-${pad(i)}`);
    if (a.ownTrail) names.push(`bench-${a.id}-trail`);
    if (a.id === this.logArchive) names.push(`bench-${a.id}-org-trail`);
    return names;
  }

  private bucketRegion(a: AccountSpec, name: string): string {
    if (name.endsWith('trail')) return HOME;
    const h = unit(`br:${name}`);
    return h < 0.4 ? HOME : this.regions[Math.floor(unit(`brr:${name}`) * this.regions.length)];
  }

  private listBuckets(a: AccountSpec, input: Record<string, any>): SimAnswer {
    const names = this.bucketNames(a);
    // MaxBuckets is ListBuckets' page size; without it (the legacy call) every bucket comes in one answer.
    const size = typeof input.MaxBuckets === 'number' ? input.MaxBuckets : names.length;
    const page = this.paged(
      { ContinuationToken: input.ContinuationToken, MaxResults: size },
      names.length,
      (k) => ({ Name: names[k], CreationDate: ago(this.now, 300 + k), ...(input.MaxBuckets === undefined ? {} : { BucketRegion: this.bucketRegion(a, names[k]) }) }),
      'Buckets',
      'ContinuationToken',
      'ContinuationToken',
    );
    const listed = (page.output.Buckets as { Name: string }[]).map((b) => b.Name);
    return { output: { ...page.output, Owner: { ID: hex(`owner:${a.id}`, 64), DisplayName: a.name } }, reveals: [...listed, ...(page.reveals ?? [])] };
  }

  private bucketCall(a: AccountSpec, req: SimRequest): SimAnswer {
    const name = String(req.input.Bucket ?? '');
    const m = /^bench-(\d{12})-(\d{4}|trail|org-trail)$/.exec(name);
    const owner = m && this.account(m[1]);
    if (!m || !owner || !this.bucketNames(owner).includes(name)) return error('NoSuchBucket', 404, 'The specified bucket does not exist');
    if (owner.id !== a.id) return error('AccessDenied', 403, 'Access Denied');
    const region = this.bucketRegion(a, name);
    if (req.operation === 'GetBucketLocation') return { output: { LocationConstraint: region === HOME ? null : region } };
    if (req.region !== region) {
      this.misrouted++;
      return error('PermanentRedirect', 301, 'The bucket you are attempting to access must be addressed using the specified endpoint.');
    }
    const h = (what: string) => unit(`${what}:${name}`);
    const trail = m[2].endsWith('trail');
    const policy = this.bucketPolicy(a, name, trail);
    switch (req.operation) {
      case 'GetBucketPolicy':
        return policy ? { output: { Policy: JSON.stringify(policy.doc) } } : error('NoSuchBucketPolicy', 404, 'The bucket policy does not exist');
      case 'GetBucketPolicyStatus':
        return policy ? { output: { PolicyStatus: { IsPublic: policy.public } } } : error('NoSuchBucketPolicy', 404, 'The bucket policy does not exist');
      case 'GetBucketAcl': {
        const owner = { ID: hex(`owner:${a.id}`, 64), DisplayName: a.name };
        return { output: { Owner: owner, Grants: [{ Grantee: { Type: 'CanonicalUser', ...owner }, Permission: 'FULL_CONTROL' }] } };
      }
      case 'GetPublicAccessBlock':
        return h('pab') < 0.85 || trail
          ? { output: { PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } } }
          : error('NoSuchPublicAccessBlockConfiguration', 404, 'The public access block configuration was not found');
      case 'GetBucketEncryption':
        return {
          output: {
            ServerSideEncryptionConfiguration: {
              Rules: [h('kms') < 0.3 ? { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: `arn:aws:kms:${region}:${a.id}:key/${hex(`k:${name}`, 8)}` }, BucketKeyEnabled: true } : { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }],
            },
          },
        };
      case 'GetBucketOwnershipControls':
        return h('own') < 0.85 || trail ? { output: { OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } } } : error('OwnershipControlsNotFoundError', 404, 'The bucket ownership controls were not found');
      case 'GetBucketVersioning':
        return { output: trail || h('ver') < 0.6 ? { Status: 'Enabled', MFADelete: 'Disabled' } : {} };
      case 'GetBucketLogging':
        return { output: h('log') < 0.3 ? { LoggingEnabled: { TargetBucket: `bench-${a.id}-0000`, TargetPrefix: `${name}/` } } : {} };
    }
    return this.template.fallback(req);
  }

  private bucketPolicy(a: AccountSpec, name: string, trail: boolean): { doc: object; public: boolean } | undefined {
    const arn = `arn:aws:s3:::${name}`;
    if (trail) {
      const source = name.endsWith('org-trail') ? `arn:aws:cloudtrail:${HOME}:${this.management}:trail/org-trail` : `arn:aws:cloudtrail:${HOME}:${a.id}:trail/account-trail`;
      return {
        public: false,
        doc: {
          Version: '2012-10-17',
          Statement: [
            { Sid: 'AWSCloudTrailAclCheck', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: arn, Condition: { StringEquals: { 'aws:SourceArn': source } } },
            { Sid: 'AWSCloudTrailWrite', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: `${arn}/AWSLogs/*`, Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': source } } },
          ],
        },
      };
    }
    const h = unit(`pol:${name}`);
    if (h < 0.4) return undefined;
    if (h < 0.42) {
      return { public: true, doc: { Version: '2012-10-17', Statement: [{ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${arn}/*` }] } };
    }
    return {
      public: false,
      doc: { Version: '2012-10-17', Statement: [{ Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [arn, `${arn}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] },
    };
  }

  // ---- CloudTrail ----------------------------------------------------------------------------------

  private orgTrailArn(): string {
    return `arn:aws:cloudtrail:${HOME}:${this.management}:trail/org-trail`;
  }

  private describeTrails(a: AccountSpec, region: string): SimAnswer {
    const trails: Record<string, unknown>[] = [
      {
        Name: a.id === this.management ? 'org-trail' : this.orgTrailArn(),
        S3BucketName: `bench-${this.logArchive}-org-trail`,
        IncludeGlobalServiceEvents: true,
        IsMultiRegionTrail: true,
        HomeRegion: HOME,
        TrailARN: this.orgTrailArn(),
        LogFileValidationEnabled: true,
        CloudWatchLogsLogGroupArn: `arn:aws:logs:${HOME}:${this.management}:log-group:aws-cloudtrail-logs-org:*`,
        CloudWatchLogsRoleArn: `arn:aws:iam::${this.management}:role/CloudTrailToCloudWatchLogs`,
        HasCustomEventSelectors: false,
        HasInsightSelectors: false,
        IsOrganizationTrail: true,
      },
    ];
    if (a.ownTrail && region === HOME) {
      trails.push({
        Name: 'account-trail',
        S3BucketName: `bench-${a.id}-trail`,
        IncludeGlobalServiceEvents: true,
        IsMultiRegionTrail: false,
        HomeRegion: HOME,
        TrailARN: `arn:aws:cloudtrail:${HOME}:${a.id}:trail/account-trail`,
        LogFileValidationEnabled: false,
        HasCustomEventSelectors: false,
        HasInsightSelectors: false,
        IsOrganizationTrail: false,
      });
    }
    return { output: { trailList: trails }, reveals: trails.map((t) => String(t.TrailARN)) };
  }

  private trailRead(a: AccountSpec, arn: string, region: string, answer: (arn: string) => Record<string, unknown>): SimAnswer {
    const known = arn === this.orgTrailArn() || (a.ownTrail && arn === `arn:aws:cloudtrail:${HOME}:${a.id}:trail/account-trail`);
    if (!known) return error('TrailNotFoundException', 400, `Unknown trail: ${arn} for the user: ${a.id}`);
    if (region !== HOME) return error('InvalidHomeRegionException', 400, 'This operation must be called from the trail\'s home region');
    return { output: answer(arn) };
  }

  private lookupEvents(a: AccountSpec, region: string, count: number, input: Record<string, any>): SimAnswer {
    const page = this.paged(
      { ...input, MaxResults: Math.min(50, typeof input.MaxResults === 'number' ? input.MaxResults : 50) },
      count,
      (k) => {
        const h = unit(`ev:${a.id}:${region}:${k}`);
        const console = h < 0.03;
        const time = ago(this.now, (k / Math.max(1, count)) * 6.5);
        const user = `user-${pad(Math.floor(h * 1000) % Math.max(1, a.users))}`;
        const eventName = ['RunInstances', 'PutBucketPolicy', 'AuthorizeSecurityGroupIngress', 'CreateTags', 'UpdateFunctionCode'][k % 5];
        const record = {
          eventVersion: '1.10',
          userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::${a.id}:user/${user}`, accountId: a.id },
          eventTime: time.toISOString(),
          eventSource: ['ec2.amazonaws.com', 's3.amazonaws.com', 'ec2.amazonaws.com', 'ec2.amazonaws.com', 'lambda.amazonaws.com'][k % 5],
          eventName,
          awsRegion: region,
          userAgent: console ? 'AWS Internal' : 'aws-cli/2.15.0',
          readOnly: false,
          eventType: 'AwsApiCall',
          managementEvent: true,
          recipientAccountId: a.id,
          ...(console ? { sessionCredentialFromConsole: 'true' } : {}),
        };
        return { EventId: hex(`eid:${a.id}:${region}:${k}`, 32), EventName: eventName, ReadOnly: 'false', EventTime: time, EventSource: record.eventSource, Username: user, Resources: [], CloudTrailEvent: JSON.stringify(record) };
      },
      'Events',
      'NextToken',
      'NextToken',
    );
    return page;
  }

  // ---- EC2 ------------------------------------------------------------------------------------------

  private securityGroup(a: AccountSpec, region: string, k: number) {
    const id = `sg-${hex(`sg:${a.id}:${region}:${k}`)}`;
    const vpc = `vpc-${hex(`vpc:${a.id}:${region}:${k % 3}`)}`;
    const h = unit(`sgr:${a.id}:${region}:${k}`);
    const world = [{ CidrIp: '0.0.0.0/0' }];
    const rule = (port: number, ranges: object[]) => ({ IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: ranges, Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] });
    const IpPermissions =
      k === 0
        ? [{ IpProtocol: '-1', IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [{ GroupId: id, UserId: a.id }] }]
        : h < 0.03
          ? [rule(22, world)]
          : h < 0.25
            ? [rule(443, world)]
            : [rule(5432, [{ CidrIp: '10.0.0.0/8' }])];
    return {
      GroupId: id,
      GroupName: k === 0 ? 'default' : `app-${pad(k)}`,
      Description: k === 0 ? 'default VPC security group' : `application tier ${k}`,
      OwnerId: a.id,
      VpcId: vpc,
      SecurityGroupArn: `arn:aws:ec2:${region}:${a.id}:security-group/${id}`,
      IpPermissions,
      IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: world, Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }],
      Tags: k === 0 ? [] : [{ Key: 'Name', Value: `app-${pad(k)}` }, ...(h > 0.5 ? [{ Key: 'aws:cloudformation:stack-name', Value: `stack-${k % 7}` }] : [])],
    };
  }

  private instanceId(a: AccountSpec, region: string, k: number): string {
    return `i-${hex(`i:${a.id}:${region}:${k}`)}`;
  }

  private instanceIndex(a: AccountSpec, region: string, id: string): number {
    const r = this.regions.indexOf(region);
    for (let k = 0; k < a.instances[r]; k++) if (this.instanceId(a, region, k) === id) return k;
    return -1;
  }

  private instance(a: AccountSpec, region: string, k: number) {
    return {
      InstanceId: this.instanceId(a, region, k),
      InstanceType: 't3.medium',
      ImageId: `ami-${hex(`ami:${region}`)}`,
      State: { Code: 16, Name: 'running' },
      Placement: { AvailabilityZone: `${region}${'abc'[k % 3]}` },
      LaunchTime: ago(this.now, 30 + k),
      Tags: [{ Key: 'Name', Value: `app-${pad(k)}` }, ...(k % 2 ? [{ Key: 'aws:autoscaling:groupName', Value: `asg-${k % 4}` }] : [])],
    };
  }

  private networkInterface(a: AccountSpec, region: string, r: number, k: number) {
    const instance = k < a.instances[r] ? this.instanceId(a, region, k) : undefined;
    return {
      NetworkInterfaceId: `eni-${hex(`eni:${a.id}:${region}:${k}`)}`,
      Description: instance ? 'Primary network interface' : `ELB app/lb-${k}`,
      InterfaceType: 'interface',
      Status: 'in-use',
      ...(instance ? { Attachment: { InstanceId: instance, Status: 'attached' } } : {}),
      Groups: [{ GroupId: `sg-${hex(`sg:${a.id}:${region}:${1 + (k % Math.max(1, a.sgs[r] - 1))}`)}`, GroupName: 'app' }],
    };
  }

  private volume(a: AccountSpec, region: string, r: number, k: number) {
    const attached = k < a.instances[r] * 2;
    return {
      VolumeId: `vol-${hex(`vol:${a.id}:${region}:${k}`)}`,
      Size: 50,
      VolumeType: 'gp3',
      Encrypted: unit(`enc:${a.id}:${region}:${k}`) < 0.9,
      State: attached ? 'in-use' : 'available',
      AvailabilityZone: `${region}a`,
      Attachments: attached ? [{ InstanceId: this.instanceId(a, region, k % Math.max(1, a.instances[r])), State: 'attached', Device: '/dev/xvda' }] : [],
    };
  }
}
