// Property-based tests (fast-check) run with a fixed seed by default, so a test run is reproducible and a
// red CI run can be replayed exactly. FC_SEED=<n> picks another seed; FC_SEED=random explores new cases
// (fast-check then prints the seed of any failure, to pin it here or in a regression case).
import fc from 'fast-check';

const chosen = process.env.FC_SEED;
if (chosen !== 'random') fc.configureGlobal({ seed: chosen ? Number(chosen) : 20261202 });
