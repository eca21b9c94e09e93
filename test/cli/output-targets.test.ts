// Output that never destroys anything: what writeFileAtomic / assertWritable / assertNoClobber do with
// every kind of target. Devices are made in a temporary directory (mknod, as root) so that a bug can
// never replace the machine's /dev/null; the real /dev/null is only written once those tests pass.
import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.js';
import { assertNoClobber, assertWritable, existingRegularFile, standardStreamOf, writeFileAtomic } from '../../src/output.js';
import { userError } from '../support/user-error.js';

const dir = () => mkdtempSync(join(tmpdir(), 'cmt-audit-target-'));
const isRoot = process.getuid?.() === 0;

/** A character device equivalent to /dev/null (1,3), in a temporary directory; undefined when mknod is not allowed. */
function tmpNullDevice(d: string): string | undefined {
  const path = join(d, 'null');
  try {
    execFileSync('mknod', [path, 'c', '1', '3'], { stdio: 'ignore' });
    return path;
  } catch {
    return undefined;
  }
}

function mkfifo(path: string): string {
  execFileSync('mkfifo', [path]);
  return path;
}

/** Reads a FIFO to its end in another process (the synchronous writer blocks until a reader opens it). */
function drain(fifo: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const cat = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'inherit'] });
    cat.stdout.on('data', (d) => (text += d));
    cat.on('error', reject);
    cat.on('close', () => resolve(text));
  });
}

describe('writeFileAtomic: regular files', () => {
  it('writes the file, replaces an old one, and leaves no temp file behind', () => {
    const d = dir();
    const path = join(d, 'report.json');
    writeFileSync(path, 'old');
    writeFileAtomic(path, '{"new":true}\n');
    expect(readFileSync(path, 'utf8')).toBe('{"new":true}\n');
    expect(readdirSync(d)).toEqual(['report.json']);
  });

  it('replaces the file atomically: a new inode, renamed into place', () => {
    const path = join(dir(), 'report.json');
    writeFileSync(path, 'old');
    const before = statSync(path).ino;
    writeFileAtomic(path, 'new');
    expect(statSync(path).ino).not.toBe(before);
  });

  it('keeps the mode of the file it replaces', () => {
    const path = join(dir(), 'report.txt');
    writeFileSync(path, 'old');
    chmodSync(path, 0o640);
    writeFileAtomic(path, 'new');
    expect(statSync(path).mode & 0o7777).toBe(0o640);
    chmodSync(path, 0o604);
    writeFileAtomic(path, 'newer');
    expect(statSync(path).mode & 0o7777).toBe(0o604);
  });

  it.runIf(isRoot)('keeps the owner of the file it replaces (where the user may chown: root)', () => {
    const path = join(dir(), 'report.txt');
    writeFileSync(path, 'old');
    execFileSync('chown', ['65534:65534', path]);
    writeFileAtomic(path, 'new');
    expect(statSync(path)).toMatchObject({ uid: 65534, gid: 65534 });
  });

  it('creates missing directories (--output out/scan when out/ does not exist)', () => {
    const d = dir();
    const path = join(d, 'out', 'nested', 'scan.txt');
    writeFileAtomic(path, 'table');
    expect(readFileSync(path, 'utf8')).toBe('table');
  });

  it('refuses a read-only file with one line (exit 2), even as root, and leaves it untouched', () => {
    const path = join(dir(), 'locked.json');
    writeFileSync(path, 'keep me');
    chmodSync(path, 0o444);
    const err = userError(() => writeFileAtomic(path, 'x'));
    expect(err.exitCode).toBe(EXIT.usage);
    expect(err.message).toBe(`cannot write ${path}: the file is read-only`);
    expect(readFileSync(path, 'utf8')).toBe('keep me');
    expect(userError(() => assertWritable(path)).message).toBe(`cannot write ${path}: the file is read-only`);
  });

  it('fails when the target is a directory, and cleans up its temp file', () => {
    const d = dir();
    const err = userError(() => writeFileAtomic(d, 'x'));
    expect(err.message).toBe(`cannot write ${d}: it is a directory`);
    expect(readdirSync(join(d, '..')).filter((f) => f.startsWith(`.${d.split('/').at(-1)}`))).toEqual([]);
  });

  it('fails with one line when a path component is a file', () => {
    const d = dir();
    writeFileSync(join(d, 'file'), '');
    const path = join(d, 'file', 'sub', 'x.json');
    expect(userError(() => writeFileAtomic(path, 'x')).message).toBe(`cannot write ${path}: ${join(d, 'file')} is not a directory`);
  });
});

describe('writeFileAtomic: symlinks', () => {
  it('writes through a symlink: the link stays a link, its target gets the content (atomically)', () => {
    const d = dir();
    const target = join(d, 'real.json');
    const link = join(d, 'link.json');
    writeFileSync(target, 'old');
    chmodSync(target, 0o600);
    symlinkSync('real.json', link);
    writeFileAtomic(link, 'new');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('real.json');
    expect(readFileSync(target, 'utf8')).toBe('new');
    expect(statSync(target).mode & 0o7777).toBe(0o600);
    expect(readdirSync(d).sort()).toEqual(['link.json', 'real.json']);
  });

  it('follows a chain of links across directories', () => {
    const d = dir();
    mkdirSync(join(d, 'a'));
    mkdirSync(join(d, 'b'));
    writeFileSync(join(d, 'b', 'real'), 'old');
    symlinkSync('../b/real', join(d, 'a', 'hop'));
    symlinkSync('a/hop', join(d, 'entry'));
    writeFileAtomic(join(d, 'entry'), 'new');
    expect(readFileSync(join(d, 'b', 'real'), 'utf8')).toBe('new');
    expect(lstatSync(join(d, 'entry')).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(d, 'a', 'hop')).isSymbolicLink()).toBe(true);
    expect(readdirSync(join(d, 'a'))).toEqual(['hop']);
  });

  it('a dangling link: creates its target in the directory it names, keeps the link', () => {
    const d = dir();
    mkdirSync(join(d, 'later'));
    symlinkSync('later/report.json', join(d, 'link'));
    writeFileAtomic(join(d, 'link'), 'new');
    expect(lstatSync(join(d, 'link')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(d, 'later', 'report.json'), 'utf8')).toBe('new');
  });

  it('a dangling link into a directory that does not exist: refused, nothing built (the link names a place; making it was not asked)', () => {
    const d = dir();
    symlinkSync('nowhere/deeper/report.json', join(d, 'link'));
    expect(userError(() => writeFileAtomic(join(d, 'link'), 'new')).message).toBe(
      `cannot write ${join(d, 'link')}: it is a symbolic link to ${join(d, 'nowhere', 'deeper', 'report.json')}, whose directory does not exist`,
    );
    expect(readdirSync(d)).toEqual(['link']);
  });

  it('a link loop is one clear line', () => {
    const d = dir();
    symlinkSync('b', join(d, 'a'));
    symlinkSync('a', join(d, 'b'));
    expect(userError(() => writeFileAtomic(join(d, 'a'), 'x')).message).toBe(`cannot write ${join(d, 'a')}: too many levels of symbolic links`);
  });

  it('a read-only link target is refused', () => {
    const d = dir();
    writeFileSync(join(d, 'real'), 'keep');
    chmodSync(join(d, 'real'), 0o444);
    symlinkSync('real', join(d, 'link'));
    expect(userError(() => assertWritable(join(d, 'link'))).message).toBe(`cannot write ${join(d, 'link')}: the file is read-only`);
  });
});

describe('writeFileAtomic: devices and FIFOs are written into, never replaced', () => {
  it.runIf(isRoot)('a character device (a null device made in a temp directory) stays a device', () => {
    const d = dir();
    const device = tmpNullDevice(d);
    if (!device) return; // mknod not permitted in this container
    const before = statSync(device);
    assertWritable(device);
    writeFileAtomic(device, 'report');
    const after = lstatSync(device);
    expect(after.isCharacterDevice()).toBe(true);
    expect(after.ino).toBe(before.ino);
    expect(after.rdev).toBe(before.rdev);
    expect(readdirSync(d)).toEqual(['null']);
  });

  it.runIf(isRoot)('a symlink to a device: the link and the device both stay', () => {
    const d = dir();
    const device = tmpNullDevice(d);
    if (!device) return;
    symlinkSync(device, join(d, 'out'));
    writeFileAtomic(join(d, 'out'), 'report');
    expect(lstatSync(join(d, 'out')).isSymbolicLink()).toBe(true);
    expect(lstatSync(device).isCharacterDevice()).toBe(true);
  });

  it('a FIFO gets the content and stays a FIFO', async () => {
    const d = dir();
    const fifo = mkfifo(join(d, 'pipe'));
    const read = drain(fifo);
    assertWritable(fifo);
    writeFileAtomic(fifo, 'through the pipe\n');
    expect(await read).toBe('through the pipe\n');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(d)).toEqual(['pipe']);
  });

  it('/dev/null stays the null device', () => {
    const before = statSync('/dev/null');
    assertWritable('/dev/null');
    writeFileAtomic('/dev/null', 'discarded');
    const after = lstatSync('/dev/null');
    expect(after.isCharacterDevice()).toBe(true);
    expect(after.rdev).toBe(before.rdev);
  });

  it("one of this process's descriptors (/dev/fd/N) is written to, at its position, not reopened or replaced", () => {
    const path = join(dir(), 'log.txt');
    writeFileSync(path, 'earlier\n');
    const fd = openSync(path, 'a');
    try {
      const ino = statSync(path).ino;
      writeFileAtomic(`/dev/fd/${fd}`, 'report\n');
      writeFileAtomic(`/proc/self/fd/${fd}`, 'more\n');
      expect(readFileSync(path, 'utf8')).toBe('earlier\nreport\nmore\n');
      expect(statSync(path).ino).toBe(ino);
    } finally {
      closeSync(fd);
    }
  });

  it('knows /dev/stdout and /dev/stderr for what they are (the CLI writes those through its streams)', () => {
    expect(standardStreamOf('/dev/stdout')).toBe(1);
    expect(standardStreamOf('/dev/fd/1')).toBe(1);
    expect(standardStreamOf(`/proc/${process.pid}/fd/1`)).toBe(1);
    expect(standardStreamOf('/dev/stderr')).toBe(2);
    expect(standardStreamOf('/dev/null')).toBeUndefined();
    expect(standardStreamOf(join(dir(), 'x.txt'))).toBeUndefined();
  });

  it('is an existing regular file only when it is one (what `init` refuses to overwrite without --force)', () => {
    const d = dir();
    writeFileSync(join(d, 'f'), '');
    symlinkSync('f', join(d, 'l'));
    mkfifo(join(d, 'p'));
    expect(existingRegularFile(join(d, 'f'))).toBe(true);
    expect(existingRegularFile(join(d, 'l'))).toBe(true);
    expect(existingRegularFile(join(d, 'p'))).toBe(false);
    expect(existingRegularFile(join(d, 'new'))).toBe(false);
    expect(existingRegularFile('/dev/null')).toBe(false);
  });
});

describe('assertWritable', () => {
  it('accepts a new file in an existing directory, and in directories still to be created', () => {
    const d = dir();
    expect(() => assertWritable(join(d, 'new.json'))).not.toThrow();
    expect(() => assertWritable(join(d, 'out', 'deeper', 'scan.txt'))).not.toThrow();
    expect(readdirSync(d)).toEqual([]); // checking creates nothing
  });

  it('rejects a directory, and a path under a file', () => {
    const d = dir();
    writeFileSync(join(d, 'file'), '');
    expect(userError(() => assertWritable(d)).message).toBe(`cannot write ${d}: it is a directory`);
    expect(userError(() => assertWritable(join(d, 'file', 'x.json'))).message).toBe(`cannot write ${join(d, 'file', 'x.json')}: ${join(d, 'file')} is not a directory`);
    expect(userError(() => assertWritable(join(d, 'file', 'a', 'x.json'))).message).toMatch(/: .*\/file is not a directory$/);
  });
});

describe('assertNoClobber: an output is never a file the run reads, nor another output', () => {
  const setup = () => {
    const d = dir();
    writeFileSync(join(d, 'snap.json'), '{}');
    writeFileSync(join(d, 'config.yaml'), '');
    mkdirSync(join(d, 'snapdir'));
    writeFileSync(join(d, 'snapdir', 'a.json'), '{}');
    symlinkSync('snap.json', join(d, 'alias.json'));
    return d;
  };

  it('accepts distinct files', () => {
    const d = setup();
    expect(() =>
      assertNoClobber(
        [{ role: '--output', path: join(d, 'out.json') }, { role: '--record', path: join(d, 'rec.json') }],
        [{ role: 'the snapshot', path: join(d, 'snap.json') }, { role: 'the config file', path: join(d, 'config.yaml') }],
      ),
    ).not.toThrow();
  });

  it('rejects the input snapshot as output, by path, through a symlink and through ..', () => {
    const d = setup();
    const reads = [{ role: 'the snapshot', path: join(d, 'snap.json') }];
    expect(userError(() => assertNoClobber([{ role: '--output', path: join(d, 'snap.json') }], reads)).message).toBe(
      `--output ${join(d, 'snap.json')} is the snapshot this run reads (${join(d, 'snap.json')})`,
    );
    expect(userError(() => assertNoClobber([{ role: '--record', path: join(d, 'alias.json') }], reads)).message).toMatch(/^--record .*alias\.json is the snapshot this run reads/);
    expect(userError(() => assertNoClobber([{ role: '--output', path: join(d, 'snapdir', '..', 'snap.json') }], reads)).exitCode).toBe(EXIT.usage);
    // Through a directory that does not exist: the writer resolves `nope/../snap.json` to snap.json (found by review).
    expect(userError(() => assertNoClobber([{ role: '--output', path: `${d}/nope/../snap.json` }], reads)).message).toBe(
      `--output ${d}/nope/../snap.json is the snapshot this run reads (${join(d, 'snap.json')})`,
    );
    // Two outputs, one of them spelled through a missing directory, are one file.
    expect(userError(() => assertNoClobber([{ role: '--output', path: join(d, 'a.json') }, { role: '--record', path: `${d}/nope/../a.json` }], [])).exitCode).toBe(EXIT.usage);
  });

  it('rejects a file inside a snapshot directory, existing or new (the next replay would read it)', () => {
    const d = setup();
    const reads = [{ role: 'the snapshot', path: join(d, 'snapdir') }];
    expect(userError(() => assertNoClobber([{ role: '--output', path: join(d, 'snapdir', 'a.json') }], reads)).message).toBe(
      `--output ${join(d, 'snapdir', 'a.json')} is inside the snapshot directory this run reads (${join(d, 'snapdir')}), which replays every *.json file in it and in its account subdirectories`,
    );
    expect(() => assertNoClobber([{ role: '--record', path: join(d, 'snapdir', 'new.json') }], reads)).toThrow(/inside the snapshot directory/);
    expect(() => assertNoClobber([{ role: '--output', path: join(d, 'snapdir', 'scan.txt') }], reads)).not.toThrow();
    // A subdirectory would turn it into an estate directory (and its *.json files into strays).
    expect(userError(() => assertNoClobber([{ role: '--output', path: join(d, 'snapdir', 'out', 'scan.txt') }], reads)).message).toBe(
      `--output ${join(d, 'snapdir', 'out', 'scan.txt')} would add a subdirectory to the snapshot directory this run reads (${join(d, 'snapdir')}), and a replay reads each of its subdirectories as one account's snapshot`,
    );
  });

  it("rejects what the next replay of an estate directory reads: a *.json file of an account's subdirectory, a new subdirectory", () => {
    const d = dir();
    const org = join(d, 'org');
    for (const account of ['management', 'workload-a']) {
      mkdirSync(join(org, account), { recursive: true });
      writeFileSync(join(org, account, 'iam.json'), '{}');
    }
    writeFileSync(join(org, 'README.md'), '');
    writeFileSync(join(d, 'elsewhere.json'), '{}');
    symlinkSync(join(d, 'elsewhere.json'), join(org, 'workload-a', 'linked.json'));
    symlinkSync('org', join(d, 'org-link'));
    const reads = [{ role: 'the snapshot', path: org }];
    const refused = (path: string, role = '--output') => userError(() => assertNoClobber([{ role, path }], reads)).message;
    const inside = `is inside the snapshot directory this run reads (${org}), which replays every *.json file in it and in its account subdirectories`;
    expect(refused(join(org, 'workload-a', 'x.json'))).toBe(`--output ${join(org, 'workload-a', 'x.json')} ${inside}`);
    expect(refused(join(org, 'management', 'iam.json'), '--record')).toBe(`--record ${join(org, 'management', 'iam.json')} ${inside}`);
    expect(refused(join(org, 'out.json'))).toBe(`--output ${join(org, 'out.json')} ${inside}`);
    // Through a symlink: to the directory, and from a file an account's snapshot links to.
    expect(refused(join(d, 'org-link', 'management', 'new.json'))).toBe(`--output ${join(d, 'org-link', 'management', 'new.json')} ${inside}`);
    expect(refused(join(d, 'elsewhere.json'))).toBe(`--output ${join(d, 'elsewhere.json')} ${inside}`);
    expect(refused(join(org, 'reports', 'scan.txt'))).toBe(
      `--output ${join(org, 'reports', 'scan.txt')} would add a subdirectory to the snapshot directory this run reads (${org}), and a replay reads each of its subdirectories as one account's snapshot`,
    );
    expect(refused(join(org, 'security', 'new.json'), '--record')).toMatch(/^--record .*\/security\/new\.json would add a subdirectory to the snapshot directory/);
    // What a replay never reads: other files, and anything deeper than an account's directory.
    for (const path of [join(org, 'scan.txt'), join(org, 'management', 'scan.txt'), join(org, 'management', 'deeper', 'x.json'), join(d, 'org.json')]) {
      expect(() => assertNoClobber([{ role: '--output', path }], reads), path).not.toThrow();
    }
  });

  it('rejects the config file, and two outputs that are one file (also through a link)', () => {
    const d = setup();
    expect(userError(() => assertNoClobber([{ role: '--output', path: join(d, 'config.yaml') }], [{ role: 'the config file', path: join(d, 'config.yaml') }])).message).toBe(
      `--output ${join(d, 'config.yaml')} is the config file this run reads (${join(d, 'config.yaml')})`,
    );
    expect(userError(() => assertNoClobber([{ role: '--output', path: join(d, 'x.json') }, { role: '--record', path: join(d, '.', 'x.json') }], [])).message).toBe(
      `--output ${join(d, 'x.json')} and --record ${join(d, 'x.json')} are the same file`,
    );
    expect(() => assertNoClobber([{ role: '--output', path: join(d, 'snap.json') }, { role: '--record', path: join(d, 'alias.json') }], [])).toThrow(/are the same file$/);
  });

  it('lets the null device take several outputs (nothing to destroy there)', () => {
    expect(() => assertNoClobber([{ role: '--output', path: '/dev/null' }, { role: '--record', path: '/dev/null' }], [])).not.toThrow();
  });
});
