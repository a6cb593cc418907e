/**
 * Shards of the scaling search (docs/scale-out.md): shard K of COUNT checks the setups whose
 * index in enumeration order is K modulo COUNT, in order, and stops at its own first violating
 * setup (later ones of its share cannot be the answer). `mergeShares` puts the shares back in
 * global order and answers as one run would: the smallest violating setup wins, and the
 * setups counted (checked, states, inconclusive ones) are those up to it.
 */
import type { Limit } from '../checker/result.js';
import type { ScalingResult, SetupOutcome } from './search.js';

/** What one shard found, as `kivi merge` needs it (the `shard` object of its JSON report). */
export interface ScalingShare {
  index: number;
  count: number;
  /** What was checked and how (the input, the search's options, kivi's version): equal in every share. */
  input: string;
  /** A digest of every setup's description, in order: equal in every share. */
  setupsDigest: string;
  totalSetups: number;
  /** The ranges the setups cover (ScalingResult.covered). */
  covered?: string;
  /** `-a`: every violating setup is reported. */
  all: boolean;
  /** Global indices of this share's setups (all of them, checked or not). */
  setups: number[];
  outcomes: ScalingResult['outcomes'];
  failing: SetupOutcome[];
  inconclusive: SetupOutcome[];
  seconds: number;
  /** The time limit or an abort stopped the shard between setups: its later setups are unknown. */
  limit?: Limit;
}

/**
 * The shard of `--shard INDEX/COUNT` and `--shard-count COUNT`: INDEX may be left out (`/4`, or
 * only --shard-count) when `jobIndex` (JOB_COMPLETION_INDEX of an Indexed Job) is set. The
 * shard, or a message saying what is wrong.
 */
export function parseShard(text: string | undefined, count: number | undefined, jobIndex: string | undefined): { index: number; count: number } | string {
  const m = /^\s*(\d*)\s*(?:\/\s*(\d+)\s*)?$/.exec(text ?? '');
  if (!m) return `--shard expects INDEX/COUNT (e.g. 0/4), got "${text}"`;
  const n = m[2] !== undefined ? Number(m[2]) : count;
  if (n === undefined) return `--shard ${text}: give the number of shards as INDEX/COUNT or with --shard-count`;
  if (count !== undefined && n !== count) return `--shard ${text} and --shard-count ${count} disagree on the number of shards`;
  if (!Number.isSafeInteger(n) || n < 1) return `--shard: the number of shards must be at least 1, got ${n}`;
  let index: number;
  if (m[1] !== '') index = Number(m[1]);
  else if (jobIndex !== undefined && /^\d+$/.test(jobIndex.trim())) index = Number(jobIndex.trim());
  else if (jobIndex !== undefined) return `JOB_COMPLETION_INDEX is "${jobIndex}", not a shard index`;
  else return 'give the shard index as --shard INDEX/COUNT, or run in an Indexed Job (JOB_COMPLETION_INDEX)';
  if (index >= n) return `shard index ${index} is not below the number of shards ${n} (0 … ${n - 1})`;
  return { index, count: n };
}

/** The global indices shard `index` of `count` owns among `total` setups. */
export function shardSetups(total: number, index: number, count: number): number[] {
  const out: number[] = [];
  for (let i = index; i < total; i += count) out.push(i);
  return out;
}

/** A shard's search result as its share. */
export function shareOf(r: ScalingResult, shard: { index: number; count: number }, input: string, setupsDigest: string, all: boolean): ScalingShare {
  return {
    index: shard.index,
    count: shard.count,
    input,
    setupsDigest,
    totalSetups: r.totalSetups,
    ...(r.covered !== undefined ? { covered: r.covered } : {}),
    all,
    setups: shardSetups(r.totalSetups, shard.index, shard.count),
    outcomes: r.outcomes,
    failing: r.failing,
    inconclusive: r.inconclusive,
    seconds: r.seconds,
    ...(r.limit ? { limit: r.limit } : {}),
  };
}

/** Why these shares cannot be merged, or undefined. `names` name the shares in messages. */
function mismatch(shares: ScalingShare[], names: string[]): string | undefined {
  if (shares.length === 0) return 'no shard results given';
  const first = shares[0];
  for (let k = 1; k < shares.length; k++) {
    const s = shares[k];
    if (s.count !== first.count) return `${names[k]} is shard ${s.index}/${s.count} but ${names[0]} is shard ${first.index}/${first.count}: they come from different splits`;
    if (s.input !== first.input || s.setupsDigest !== first.setupsDigest || s.totalSetups !== first.totalSetups || s.all !== first.all) {
      return `${names[k]} and ${names[0]} checked different inputs or options (every shard must run the same kivi command but for --shard)`;
    }
  }
  const byIndex = new Map<number, number>();
  shares.forEach((s, k) => {
    if (byIndex.has(s.index)) return;
    byIndex.set(s.index, k);
  });
  for (let k = 0; k < shares.length; k++) {
    const other = byIndex.get(shares[k].index)!;
    if (other !== k) return `${names[other]} and ${names[k]} are both shard ${shares[k].index}/${first.count}`;
  }
  const missing: number[] = [];
  for (let i = 0; i < first.count; i++) if (!byIndex.has(i)) missing.push(i);
  if (missing.length > 0) return `shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${first.count} missing: merge needs every shard's result`;
  for (const s of shares) {
    const problem = incomplete(s);
    if (problem) return `${names[byIndex.get(s.index)!]}: ${problem}`;
  }
  return undefined;
}

/** A share must have checked its setups in order, up to its first violation (or all of them). */
function incomplete(s: ScalingShare): string | undefined {
  const expected = shardSetups(s.totalSetups, s.index, s.count);
  for (let j = 0; j < s.outcomes.length; j++) {
    if (s.outcomes[j].index !== expected[j]) return `setup ${s.outcomes[j].index + 1} is not the shard's setup ${j + 1} in order`;
  }
  const last = s.outcomes[s.outcomes.length - 1];
  if (s.outcomes.length < expected.length && s.limit === undefined && !(last && last.status === 'violated' && !s.all)) {
    return `checked ${s.outcomes.length} of its ${expected.length} setups without finding a violation (was it stopped?)`;
  }
  return undefined;
}

/** The shares as one scaling search's result, or a message saying why they cannot be merged. */
export function mergeShares(shares: ScalingShare[], names: string[]): ScalingResult | string {
  const problem = mismatch(shares, names);
  if (problem) return problem;
  const byIndex = (a: { index: number }, b: { index: number }) => a.index - b.index;
  const all = shares[0].all;
  // A shard stopped by a limit leaves its setups from the first unchecked one on unknown: one
  // run would have stopped there too, so nothing from there on counts.
  const limited = shares.filter((s) => s.limit !== undefined);
  const unknownFrom = Math.min(...limited.map((s) => s.setups[s.outcomes.length] ?? Number.POSITIVE_INFINITY));
  const failingAll = shares.flatMap((s) => s.failing).filter((o) => o.index < unknownFrom).sort(byIndex);
  // Without -a the single run stops at the first violating setup in global order.
  const upTo = Math.min(unknownFrom - 1, !all && failingAll.length > 0 ? failingAll[0].index : Number.POSITIVE_INFINITY);
  const outcomes = shares.flatMap((s) => s.outcomes).filter((o) => o.index <= upTo).sort(byIndex);
  const failing = all ? failingAll : failingAll.slice(0, 1);
  const inconclusive = shares.flatMap((s) => s.inconclusive).filter((o) => o.index <= upTo).sort(byIndex);
  const limit = failing.length === 0 || all ? limited[0]?.limit : undefined;
  const status = failing.length > 0 ? 'violated' : inconclusive.length > 0 || limit !== undefined ? 'inconclusive' : 'holds';
  return {
    status,
    totalSetups: shares[0].totalSetups,
    ...(shares[0].covered !== undefined ? { covered: shares[0].covered } : {}),
    checked: outcomes.length,
    failing,
    inconclusive,
    outcomes,
    ...(limit ? { limit } : {}),
    states: outcomes.reduce((a, o) => a + o.states, 0),
    // The shards ran side by side: the slowest one is the wall time.
    seconds: Math.max(...shares.map((s) => s.seconds)),
  };
}
