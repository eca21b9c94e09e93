// keepHeapNearLive (src/heap.ts): the CLI caps how far the heap grows past its live size, unless the user gave a
// heap flag; and the cap does what it says in this very process: a heap with a live set and a stream of garbage
// peaks lower with it than without it (measured in child processes, one per setting).
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { favourMemory, HEAP_GROWING_PERCENT, keepHeapNearLive, SEMI_SPACE_MIB } from '../../src/heap.js';

const CLI = fileURLToPath(new URL('../../bin/cmt-audit.js', import.meta.url));

describe('keepHeapNearLive', () => {
  const FLAGS = [`--heap-growing-percent=${HEAP_GROWING_PERCENT}`, `--max-semi-space-size=${SEMI_SPACE_MIB}`];

  it('sets --heap-growing-percent and --max-semi-space-size when the user gave no heap flag', () => {
    const set: string[] = [];
    expect(keepHeapNearLive([], '', (f) => set.push(f))).toBe(true);
    expect(set).toEqual(FLAGS);
    expect(keepHeapNearLive(['--enable-source-maps'], '--no-warnings --trace-uncaught', (f) => set.push(f))).toBe(true);
    expect(set).toEqual([...FLAGS, ...FLAGS]);
  });

  it('reads node\'s own flags and NODE_OPTIONS by default', () => {
    const before = process.env.NODE_OPTIONS;
    const set: string[] = [];
    try {
      process.env.NODE_OPTIONS = '--max-old-space-size=4096';
      expect(keepHeapNearLive(undefined, undefined, (f) => set.push(f))).toBe(false);
      delete process.env.NODE_OPTIONS;
      expect(keepHeapNearLive(process.execArgv.filter((a) => !/space-size|growing/.test(a)), undefined, (f) => set.push(f))).toBe(true);
      expect(keepHeapNearLive(['--max-old-space-size=100'], undefined, (f) => set.push(f))).toBe(false);
    } finally {
      if (before === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = before;
    }
    expect(set).toEqual(FLAGS);
  });

  it.each([
    [['--max-old-space-size=512'], ''],
    [['--max_old_space_size=512'], ''],
    [[], '--max-old-space-size=4096'],
    [[], '--no-warnings  --heap-growing-percent=80'],
    [['--max-semi-space-size=64'], ''],
    [[], '--max-heap-size=300'],
    [[], '"--max-old-space-size=300"'],
    [[], '--no-warnings "--max-semi-space-size=8"'],
    [['--optimize-for-size'], ''],
    [['--no-optimize_for_size'], ''],
  ])('leaves the heap alone when the user set it (%j, NODE_OPTIONS %j)', (execArgv, nodeOptions) => {
    const set: string[] = [];
    expect(keepHeapNearLive(execArgv, nodeOptions, (f) => set.push(f))).toBe(false);
    expect(set).toEqual([]);
  });

  it('set at run time, it makes a heap with the same live set and garbage peak lower', () => {
    // ~30 MiB live, then ~500 MiB of garbage in 100 KiB pieces that live a little while (as requests do).
    // Measured here: ~550 MiB peak without the cap, ~310 MiB with it.
    const program = (cap: boolean) => `
      ${cap ? `require('node:v8').setFlagsFromString('--heap-growing-percent=${HEAP_GROWING_PERCENT}');` : ''}
      const live = Array.from({ length: 300 }, () => new Array(12800).fill(0).map((_, i) => ({ i })));
      let peak = 0; const recent = [];
      for (let n = 0; n < 5000; n++) {
        recent.push(new Array(1280).fill(0).map((_, i) => ({ i, s: 'x' + i })));
        if (recent.length > 200) recent.shift();
        if (n % 50 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
      console.log(Math.round(peak / 1048576), live.length);`;
    const peakOf = (cap: boolean) => Number(execFileSync(process.execPath, ['-e', program(cap)], { encoding: 'utf8' }).split(' ')[0]);
    const without = peakOf(false);
    const withCap = peakOf(true);
    expect(withCap).toBeLessThan(without * 0.75);
  }, 60_000);

  it('set at run time, the young generation cap applies to a worker thread started after it', () => {
    // A worker that makes garbage as a scan does: its young generation grows to V8's most (2 × 16 MiB) without
    // the cap, to 2 × SEMI_SPACE_MIB with it.
    const program = (cap: boolean) => `
      ${cap ? `require('node:v8').setFlagsFromString('--max-semi-space-size=${SEMI_SPACE_MIB}');` : ''}
      const { Worker } = require('node:worker_threads');
      new Worker(\`
        const v8 = require('node:v8'); let recent = [];
        for (let i = 0; i < 3e6; i++) { recent.push({ i, s: 'x' + i }); if (recent.length > 2e5) recent = []; }
        console.log(v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 1048576);
      \`, { eval: true });`;
    const newSpace = (cap: boolean) => Number(execFileSync(process.execPath, ['-e', program(cap)], { encoding: 'utf8' }).trim());
    const capped = newSpace(true);
    expect(capped).toBe(2 * SEMI_SPACE_MIB);
    expect(newSpace(false)).toBeGreaterThan(capped); // 32 on a machine with a few GiB of memory
  }, 60_000);

  it('--low-memory has V8 optimize for size; the scan and its report are the same', () => {
    const set: string[] = [];
    favourMemory((f) => set.push(f));
    expect(set).toEqual(['--optimize-for-size']);
    const scan = (...extra: string[]) => spawnSync(process.execPath, [CLI, 'scan', '--demo', '--format', 'json', ...extra], { encoding: 'utf8' });
    const plain = scan();
    const low = scan('--low-memory');
    expect(low.status).toBe(plain.status);
    expect(low.status).toBe(3);
    const statuses = (out: string) => (JSON.parse(out) as { results: { id: string; status: string; findings: unknown[] }[] }).results.map((r) => `${r.id} ${r.status} ${r.findings.length}`);
    expect(statuses(low.stdout)).toEqual(statuses(plain.stdout));
    expect(statuses(low.stdout)).toContain('1.4 not-met 4');
  }, 60_000);
});
