/**
 * The reference passed SPIN compile and run options through `-pc` and `-pr` (README decision
 * 10). kivi maps the meaningful ones to its own search and warns about the rest:
 *
 *   mN          depth bound                → --max-depth N
 *   wN          hash table size            → ignored (kivi's table grows by itself)
 *   DBITSTATE   bitstate (lossy) hashing   → not available: the search stays exact
 *   DNP / l     non-progress cycles        → not available
 *   DT_RAND, DP_RAND, RSn  random order   → ignored: kivi's search order is deterministic
 *   DVECTORSZ=n, DMEMLIM=n …              → ignored: kivi has no fixed state vector
 */
export interface SpinMapping {
  maxDepth?: number;
  warnings: string[];
}

export function mapSpinOptions(compile: string | undefined, runtime: string | undefined): SpinMapping {
  const out: SpinMapping = { warnings: [] };
  // The reference passed them as one string, separated by spaces (`-pc "-DBITSTATE -DNP"`) or commas.
  const items = [...(compile ?? '').split(/[\s,]+/), ...(runtime ?? '').split(/[\s,]+/)].map((x) => x.trim().replace(/^-+/, '')).filter((x) => x !== '');
  for (const item of items) {
    let m: RegExpExecArray | null;
    if ((m = /^m(\d+)$/.exec(item))) out.maxDepth = Number(m[1]);
    else if (/^w\d+$/.test(item) || /^DVECTORSZ=\d+$/.test(item) || /^DMEMLIM=\d+$/.test(item)) continue;
    else if (item === 'DBITSTATE') out.warnings.push('-pc DBITSTATE: bitstate search is not available; the search stays exact');
    else if (item === 'DNP' || item === 'l') out.warnings.push(`${item}: non-progress cycle search is not available; use the eviction and oscillation intents`);
    else if (item === 'DT_RAND' || item === 'DP_RAND' || /^RS\d+$/.test(item)) out.warnings.push(`${item}: ignored, kivi's search order is deterministic (see --simulation --seed)`);
    else out.warnings.push(`${item}: not a SPIN option kivi maps, ignored`);
  }
  return out;
}
