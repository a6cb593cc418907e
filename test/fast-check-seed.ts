/**
 * One seed for every fast-check property in the suites, so that a run is repeatable: the same
 * random clusters on every machine and in CI. `KIVI_FC_SEED=N` draws others (fast-check prints
 * the seed of a failing run; `npm run fuzz` draws its own).
 */
import fc from 'fast-check';

const seed = process.env.KIVI_FC_SEED === undefined ? 7 : Number(process.env.KIVI_FC_SEED);
if (!Number.isInteger(seed)) throw new Error(`KIVI_FC_SEED must be an integer, got ${process.env.KIVI_FC_SEED}`);
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
