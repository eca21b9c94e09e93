import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.js';
import { assertWritable, writeFileAtomic } from '../../src/output.js';
import { userError } from '../support/user-error.js';

const dir = () => mkdtempSync(join(tmpdir(), 'cmt-audit-out-'));

describe('writeFileAtomic', () => {
  it('writes the file, replaces an old one, and leaves no temp file behind', () => {
    const d = dir();
    const path = join(d, 'report.json');
    writeFileSync(path, 'old');
    writeFileAtomic(path, '{"new":true}\n');
    expect(readFileSync(path, 'utf8')).toBe('{"new":true}\n');
    expect(readdirSync(d)).toEqual(['report.json']);
  });

  it('fails with one clear line (exit 2) when the directory does not exist', () => {
    const path = join(dir(), 'no-such-dir', 'report.json');
    const err = userError(() => writeFileAtomic(path, 'x'));
    expect(err.exitCode).toBe(EXIT.usage);
    expect(err.message).toBe(`cannot write ${path}: directory ${join(path, '..')} does not exist`);
  });

  it('fails when the target is a directory, and cleans up its temp file', () => {
    const d = dir();
    const err = userError(() => writeFileAtomic(d, 'x'));
    expect(err.message).toMatch(/^cannot write .*: it is a directory$/);
    expect(readdirSync(join(d, '..')).filter((f) => f.startsWith(`.${d.split('/').at(-1)}`))).toEqual([]);
  });
});

describe('assertWritable', () => {
  it('accepts a new file in an existing directory', () => {
    expect(() => assertWritable(join(dir(), 'new.json'))).not.toThrow();
  });

  it('rejects a missing directory, a directory, and a path under a file', () => {
    const d = dir();
    writeFileSync(join(d, 'file'), '');
    expect(userError(() => assertWritable(join(d, 'missing', 'x.json'))).message).toMatch(/does not exist$/);
    expect(userError(() => assertWritable(d)).message).toMatch(/it is a directory$/);
    expect(userError(() => assertWritable(join(d, 'file', 'x.json'))).message).toMatch(/is not a directory$/);
  });
});
