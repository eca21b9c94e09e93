// The benchmark's simulated AWS inside each of the scan's worker threads (ScanOptions.workerHooks): a simulator
// of the same synthetic organization per thread (the accounts a thread scans are its own, so are their token
// buckets), whose figures go back to the main thread when the scan is done.
import { Estate } from './estate.js';
import type { Floor } from './floor.js';
import type { RunOptions } from './run.js';
import { credentialsFor, SimulatedAws, type ApiStats } from './simulator.js';

export interface SimFigures {
  stats: SimulatedAws['stats'];
  unique: number;
  busyMs: number;
  /** F(a) of each account this simulator served (scripts/bench/floor.ts). */
  accountFloors: Floor['accounts'];
  duplicates: [string, number][];
  perApi: [string, ApiStats][];
  misrouted: number;
  unmodeled: [string, number][];
}

export function figuresOf(sim: SimulatedAws, estate: Estate, opts: Pick<RunOptions, 'concurrency' | 'accountConcurrency'>): SimFigures {
  const floor = sim.floor.floor({
    rates: sim.bucketRates,
    concurrency: opts.concurrency,
    accountConcurrency: opts.accountConcurrency,
    bucketNames: sim.bucketNames,
    queueNames: sim.queueNames,
  });
  return {
    stats: { ...sim.stats },
    unique: sim.uniqueCount,
    busyMs: sim.busyMs,
    accountFloors: floor.accounts.filter((a) => a !== undefined),
    duplicates: [...sim.duplicateApis],
    perApi: [...sim.perApi],
    misrouted: estate.misrouted,
    unmodeled: [...estate.template.defaults],
  };
}

export function workerHooks(opts: RunOptions) {
  const estate = new Estate(opts);
  const sim = new SimulatedAws({ model: estate, serverErrorRate: opts.serverErrorRate });
  return {
    clientMiddleware: sim.clientMiddleware,
    assumeRole: ({ roleArn }: { roleArn: string }) => async () => credentialsFor(roleArn.split(':')[4]),
    finish: () => figuresOf(sim, estate, opts),
  };
}
