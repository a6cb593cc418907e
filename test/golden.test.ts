/**
 * Golden counterexamples of the built-in cases at scale 3 (`kivi -c cN -o`), and the verdict of
 * every case at scales 3, 5 and 10 in both variants (docs/model.md §15; §12, decision 2).
 * Scale 200 is in golden.slow.test.ts (`npm run test:slow`).
 * Regenerate the golden files after an intended change with KIVI_UPDATE_GOLDEN=1 and review the
 * diff: each must still tell its case's story.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCase, tiesTooLarge } from '../src/cases/index.js';
import type { ClusterSpec } from '../src/model/cluster.js';
import { checkCluster } from '../src/check.js';
import { counterexampleLines, textReport } from '../src/report/text.js';
import { CASE_INTENT } from './helpers.js';

/** kube-scheduler's FitError for c3's pod app-6 (see the c3 test below). */
const C3_REASON = "No feasible node for pod app-6: 0/3 nodes are available: 3 node(s) didn't match pod topology spread constraints.";

/** The reference tool's counterexample lengths at scale 3 (docs/model.md §15). */
const REFERENCE_LINES: Record<string, number> = { c1: 39, c2: 14, c3: 5, c4: 52, c5: 22, c6: 11, c7: 40, c8: 42 };

function stableReport(text: string): string {
  return text
    .split('\n')
    .filter((l) => !/Elapsed time|Explored:/.test(l))
    .join('\n');
}

describe('golden counterexamples at scale 3', () => {
  for (const id of Object.keys(CASE_INTENT)) {
    it(`${id} tells its story within the reference's length`, async () => {
      const r = await checkCluster(loadCase(id, { scale: 3 }));
      expect(r.status).toBe('violated');
      const f = r.failures.find((x) => x.intent === CASE_INTENT[id]);
      expect(f, `${id} reports ${CASE_INTENT[id]}`).toBeDefined();
      const lines = counterexampleLines(f!, 1);
      // The reference's node controller deleted a failed node's pods without a line; the taint
      // manager that deletes them now (docs/model.md §8.6) says so, one line per pod.
      const taintManagerDeletions = lines.filter((l) => /\[taintManger\] .*(ran out|: deleted)$/.test(l)).length;
      // The reference marked a scale-down's victims without a line; where the order among pods
      // that rank alike is open (docs/model.md §8.1.1) kivi says which one it took, one line each.
      const chosenVictims = lines.filter((l) => /\[Deployment\] Deleting pod .* that rank alike/.test(l)).length;
      expect(lines.length - taintManagerDeletions - chosenVictims).toBeLessThanOrEqual(REFERENCE_LINES[id]);
      // c3's last step, worked by hand: hostname spread (maxSkew 1, 2-1-2 pods) rejects nodes 1
      // and 3, zone spread (zone A 3 pods, zone B 2) rejects node 2, so PodTopologySpread is
      // the first Filter to reject each of the 3 nodes.
      if (id === 'c3') expect(lines.at(-1)).toBe(`[4][Scheduler - no_feasible_node] ${C3_REASON}`);
      else expect(lines.at(-1)).toMatch(id === 'c4' ? /\[kernel_panic\]/ : /\[check\w+\]/);
      const report = stableReport(textReport(r, { verbosity: 1, elapsedSeconds: 0 }));
      const file = fileURLToPath(new URL(`./golden/${id}.txt`, import.meta.url));
      if (process.env.KIVI_UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, report);
      expect(report).toBe(readFileSync(file, 'utf8'));
    });
  }
});

/** The case, with ties to the lowest index where every tie is too many states (docs/model.md §8.2.4). */
function caseRun(id: string, scale: number, nonViolation: boolean): ClusterSpec {
  const spec = loadCase(id, { scale, nonViolation });
  if (tiesTooLarge(id, scale, nonViolation)) spec.scheduler = { ...spec.scheduler, ties: 'lowest' };
  return spec;
}

describe('verdicts of every case at scales 3, 5 and 10', () => {
  for (const id of Object.keys(CASE_INTENT)) {
    for (const scale of [3, 5, 10]) {
      const lowest = [false, true].filter((cn) => tiesTooLarge(id, scale, cn)).map((cn) => (cn ? '-cn' : 'violating'));
      it(`${id} -s ${scale}: violates ${CASE_INTENT[id]}; -cn holds${lowest.length > 0 ? ` (ties: lowest, ${lowest.join(' and ')})` : ''}`, async () => {
        const bad = await checkCluster(caseRun(id, scale, false));
        expect(bad.status).toBe('violated');
        expect(bad.failures.map((f) => f.intent)).toContain(CASE_INTENT[id]);
        expect(bad.failures.every((f) => f.intent !== null)).toBe(true);
        // The search itself: c1 and c2 -cn are otherwise proved without one (docs/model.md §8.2.8).
        const good = await checkCluster(caseRun(id, scale, true), { capacityProof: false });
        expect(good.status).toBe('holds');
        expect(good.failures).toEqual([]);
      }, 300_000);
    }
  }
});

describe('every search order agrees on the verdict', () => {
  for (const id of Object.keys(CASE_INTENT)) {
    it(`${id}: BFS, DFS and seeded DFS find ${CASE_INTENT[id]}; -cn holds in all three`, async () => {
      for (const opts of [{ strategy: 'bfs' as const }, { strategy: 'dfs' as const }, { strategy: 'dfs' as const, seed: 42 }]) {
        const bad = await checkCluster(loadCase(id, { scale: 3 }), opts);
        expect(bad.failures.map((f) => f.intent), JSON.stringify(opts)).toContain(CASE_INTENT[id]);
        const good = await checkCluster(loadCase(id, { scale: 3, nonViolation: true }), { ...opts, capacityProof: false });
        expect(good.status, JSON.stringify(opts)).toBe('holds');
      }
    });
  }
});
