/**
 * `npm run test:slow`: the built-in cases at scale 200 in both variants (moved from golden.test.ts;
 * c1 -cn alone takes seconds).
 */
import { describe, expect, it } from 'vitest';
import { loadCase } from '../src/cases/index.js';
import { checkCluster } from '../src/check.js';
import { CASE_INTENT } from './helpers.js';

describe('scale 200 works for every case (the reference overflowed its byte indices there)', () => {
  const runs: Array<[string, boolean]> = Object.keys(CASE_INTENT).flatMap((id) => [[id, false], [id, true]] as Array<[string, boolean]>);
  for (const [id, nonViolation] of runs) {
    it(`${id}${nonViolation ? ' -cn' : ''} -s 200`, async () => {
      const r = await checkCluster(loadCase(id, { scale: 200, nonViolation }));
      // c3 holds from scale 51 on: one bump on 201+ pods stays inside the HPA tolerance.
      const holds = nonViolation || id === 'c3';
      expect(r.status).toBe(holds ? 'holds' : 'violated');
      if (!holds) expect(r.failures.map((f) => f.intent)).toContain(CASE_INTENT[id]);
    }, 120_000);
  }
});
