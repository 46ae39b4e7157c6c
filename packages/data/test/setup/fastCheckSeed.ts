// Property tests draw their inputs from one seed, so that every run of the suite (and of CI) tests
// the same inputs and a failure can be replayed. `FC_SEED=<n>` picks another seed;
// `FC_SEED=random` lets fast-check draw a new one each run, to explore.
import fc from 'fast-check';

const DEFAULT_SEED = 20261122;
const chosen = process.env.FC_SEED;
if (chosen !== 'random') {
  const seed = chosen === undefined ? DEFAULT_SEED : Number(chosen);
  if (!Number.isSafeInteger(seed))
    throw new Error(`FC_SEED must be an integer or "random", got "${chosen}"`);
  fc.configureGlobal({ seed });
}
