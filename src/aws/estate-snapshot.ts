// Snapshots of several accounts (an estate), replayed like one account's: each account gets its own
// SnapshotFile, served by its own Fetcher.
//
// Three layouts are read:
// - one account (version 1): a file, or a directory of *.json files merged (snapshot.ts);
// - an **estate directory**: a directory whose entries are subdirectories, each one account's version-1
//   directory (fixtures/demo-org/management/, …/log-archive/ …); the account id is its sts:GetCallerIdentity;
// - a **version 2 file**, what `--record` writes for several accounts:
//   { "format": "cmt-audit-snapshot", "version": 2, "recordedAt": "…", "caller": "111111111111",
//     "accounts": { "111111111111": { "homeRegion": "us-east-1", "responses": { … } }, … } }
// The caller is the account whose credentials list the organization: v2's `caller`, or, in an estate
// directory, the one account whose snapshot holds organizations:ListAccounts.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { UserError } from '../errors.js';
import type { ServiceSpec } from './service.js';
import { absorb, loadSnapshot, markChecked, SNAPSHOT_FORMAT, shown, type SnapshotFile } from './snapshot.js';

export interface EstateSnapshot {
  /** One entry per account, sorted by account id. */
  accounts: { id: string; label: string; snapshot: SnapshotFile }[];
  /** The account whose credentials list the organization (its snapshot holds organizations:ListAccounts). */
  caller?: string;
  /**
   * A recording (version 2) that names its caller: it was scanned with the organization's listing (--org, or a
   * replay of an estate), so it is replayed with it too, even when it holds one account (a share of one).
   */
  listed?: boolean;
  /** The earliest recordedAt of its accounts. */
  recordedAt?: string;
  homeRegion?: string;
}

export interface SnapshotFileV2 {
  format: typeof SNAPSHOT_FORMAT;
  version: 2;
  recordedAt?: string;
  description?: string;
  caller?: string;
  accounts: Record<string, { homeRegion?: string; recordedAt?: string; responses: Record<string, unknown> }>;
}

const ACCOUNT_ID = /^\d{12}$/;
const MAX_BYTES = 2 * 2 ** 30;

export function loadEstateSnapshot(path: string, services: readonly ServiceSpec[]): EstateSnapshot {
  let stat;
  try {
    stat = statSync(path);
  } catch (err) {
    throw new UserError(`cannot read snapshot ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  if (stat.isDirectory()) {
    const entries = readdirSync(path, { withFileTypes: true });
    const dirs = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
    if (dirs.length === 0) return single(path, loadSnapshot(path, services));
    const stray = entries.filter((e) => e.isFile() && e.name.endsWith('.json'));
    if (stray.length) {
      throw new UserError(
        `snapshot directory ${path} mixes account subdirectories (${dirs.join(', ')}) with snapshot files (${stray.map((e) => e.name).join(', ')})`,
        2,
        'an estate snapshot is one subdirectory per account; move the files into the account they belong to',
      );
    }
    return estate(dirs.map((d) => ({ label: d, snapshot: loadSnapshot(join(path, d), services), where: join(path, d) })));
  }
  if (stat.isFile() && stat.size < MAX_BYTES) {
    const head = readFileSync(path, { encoding: 'utf8', flag: 'r' }).slice(0, 4096);
    if (/"version"\s*:\s*2\b/.test(head) || /"accounts"\s*:/.test(head)) {
      const parsed = parseV2(path);
      if (parsed) return fromV2(path, parsed, services);
    }
  }
  return single(path, loadSnapshot(path, services));
}

function single(path: string, snapshot: SnapshotFile): EstateSnapshot {
  const id = accountOf(snapshot, path);
  const caller = 'organizations:ListAccounts' in snapshot.responses ? id : undefined;
  return { accounts: [{ id, label: basename(path), snapshot }], caller, recordedAt: snapshot.recordedAt, homeRegion: snapshot.homeRegion };
}

/** The account a one-account snapshot belongs to: its sts:GetCallerIdentity answer. */
function accountOf(snapshot: SnapshotFile, where: string): string {
  const who = snapshot.responses['sts:GetCallerIdentity'] as { Account?: unknown } | undefined;
  if (!who || typeof who.Account !== 'string') {
    throw new UserError(`snapshot ${where} has no sts:GetCallerIdentity response (who the account is)`);
  }
  return who.Account;
}

function estate(parts: { label: string; snapshot: SnapshotFile; where: string }[]): EstateSnapshot {
  const seen = new Map<string, string>();
  const accounts = parts.map(({ label, snapshot, where }) => {
    const id = accountOf(snapshot, where);
    const other = seen.get(id);
    if (other) throw new UserError(`snapshot ${where}: account ${id} is also ${other}; each account may appear once`);
    seen.set(id, where);
    return { id, label, snapshot };
  });
  const listers = accounts.filter((a) => 'organizations:ListAccounts' in a.snapshot.responses);
  if (listers.length > 1) {
    throw new UserError(`estate snapshot: ${listers.map((a) => a.label).join(' and ')} both hold organizations:ListAccounts; only the caller's may`);
  }
  accounts.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const dates = accounts.map((a) => a.snapshot.recordedAt).filter((d): d is string => !!d).sort();
  const caller = listers[0]?.id;
  return { accounts, caller, recordedAt: dates[0], homeRegion: accounts.find((a) => a.id === caller)?.snapshot.homeRegion ?? accounts[0]?.snapshot.homeRegion };
}

function parseV2(path: string): SnapshotFileV2 | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UserError(`cannot read snapshot ${path}: ${(err as Error).message}`);
  }
  const p = parsed as Partial<SnapshotFileV2> | null;
  if (p?.format !== SNAPSHOT_FORMAT || p.version !== 2) return undefined;
  if (!p.accounts || typeof p.accounts !== 'object' || Array.isArray(p.accounts)) {
    throw new UserError(`${path}: a version 2 snapshot needs "accounts": { "<account id>": { "responses": { … } } }`);
  }
  return p as SnapshotFileV2;
}

function fromV2(path: string, file: SnapshotFileV2, services: readonly ServiceSpec[]): EstateSnapshot {
  const parts = Object.entries(file.accounts).map(([id, entry]) => {
    if (!ACCOUNT_ID.test(id)) throw new UserError(`${path}: "${shown(id)}" is not an account id (12 digits)`);
    if (!entry || typeof entry !== 'object' || !entry.responses || typeof entry.responses !== 'object' || Array.isArray(entry.responses)) {
      throw new UserError(`${path}: account ${id} needs "responses": { … }`);
    }
    const snapshot: SnapshotFile = { format: SNAPSHOT_FORMAT, version: 1, responses: {} };
    absorb(`${path} (account ${id})`, { recordedAt: entry.recordedAt ?? file.recordedAt, homeRegion: entry.homeRegion, responses: entry.responses }, snapshot, services);
    markChecked(snapshot, services);
    const who = accountOf(snapshot, `${path} (account ${id})`);
    if (who !== id) throw new UserError(`${path}: account ${id}'s sts:GetCallerIdentity says account ${who}`);
    return { label: id, snapshot, where: `${path} (account ${id})` };
  });
  if (parts.length === 0) throw new UserError(`${path}: the snapshot holds no account`);
  const est = estate(parts);
  if (file.caller !== undefined) {
    if (!est.accounts.some((a) => a.id === file.caller)) throw new UserError(`${path}: "caller" ${shown(String(file.caller))} is not one of its accounts`);
    est.caller = file.caller;
    est.listed = true;
  }
  return est;
}
