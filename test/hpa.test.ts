/** The HPA proposal and normalization against docs/model.md docs/model.md §9.2's observed values. */
import { describe, expect, it } from 'vitest';
import { metricProposal, normalizeDesired } from '../src/controllers/hpa.js';
import type { CompiledMetric } from '../src/model/config.js';

const cpuUtilization = (target: number): CompiledMetric => ({ resource: 0, type: 1, target });

describe('metricProposal', () => {
  it('c3: 5 pods at 100 % against a 91 % target stay inside the 10 % tolerance', () => {
    expect(metricProposal(cpuUtilization(91), 5, 5, 40, 40)).toBe(5);
  });

  it('c3: after +2 on one pod (105 %) proposes ceil(42·100·5 / (40·91)) = 6', () => {
    expect(metricProposal(cpuUtilization(91), 5, 5, 42, 40)).toBe(6);
  });

  it('c3 at scale 51: one bump of up to 6 on 101 pods keeps the integer percentage at 100', () => {
    for (let c = 1; c <= 6; c++) expect(metricProposal(cpuUtilization(91), 101, 101, 808 + c, 808)).toBe(101);
  });

  it('c1: usage dropping to 3 per pod against 50 % scales 6 → 5 → 4 → 3 and then holds', () => {
    expect(metricProposal(cpuUtilization(50), 6, 6, 18, 48)).toBe(5);
    expect(metricProposal(cpuUtilization(50), 5, 5, 15, 40)).toBe(4);
    expect(metricProposal(cpuUtilization(50), 4, 4, 12, 32)).toBe(3);
    expect(metricProposal(cpuUtilization(50), 3, 3, 9, 24)).toBe(3);
  });

  it('AverageValue divides the usage by the target per pod', () => {
    // 5 pods using 50 in total against 4 per pod: average 10, far outside the tolerance.
    expect(metricProposal({ resource: 0, type: 0, target: 4 }, 5, 5, 50, 0)).toBe(13);
    // average 4 against 4: inside.
    expect(metricProposal({ resource: 0, type: 0, target: 4 }, 5, 5, 20, 0)).toBe(5);
  });
});

describe('normalizeDesired', () => {
  it('clamps to minReplicas and to min(maxReplicas, max(4, 2·current))', () => {
    expect(normalizeDesired(24, 21, 21, 22)).toBe(22);
    expect(normalizeDesired(10, 1, 1, 20)).toBe(4);
    expect(normalizeDesired(10, 3, 1, 20)).toBe(6);
    expect(normalizeDesired(0, 5, 2, 8)).toBe(2);
    expect(normalizeDesired(5, 5, 2, 8)).toBe(5);
  });
});
