/**
 * NodeAffinity with every operator, against numbers worked out by hand from Kubernetes'
 * semantics (labels.Requirement.Matches; nodeaffinity.nodeSelectorTerm.match;
 * PreferredSchedulingTerms.Score; helper.DefaultNormalizeScore).
 */
import { describe, expect, it } from 'vitest';
import { NodeAffinity } from '../src/controllers/scheduler/node-affinity.js';
import type { NodeAffinityTermSpec, NodeSpec, PodTemplateSpec } from '../src/model/cluster.js';
import { requirementMatches, termMatches } from '../src/system/compile/labels.js';
import { cluster, compile, cycleFor } from './helpers.js';

describe('node selector requirements, one operator at a time', () => {
  const labels = { zone: 'a', cores: '16', gen: 'x7' };
  it('In: the key with one of the values', () => {
    expect(requirementMatches({ key: 'zone', operator: 'In', values: ['a', 'b'] }, labels)).toBe(true);
    expect(requirementMatches({ key: 'zone', operator: 'In', values: ['b', 'c'] }, labels)).toBe(false);
    expect(requirementMatches({ key: 'rack', operator: 'In', values: ['a'] }, labels)).toBe(false); // no key
  });
  it('NotIn: the key absent, or none of the values', () => {
    expect(requirementMatches({ key: 'zone', operator: 'NotIn', values: ['b'] }, labels)).toBe(true);
    expect(requirementMatches({ key: 'zone', operator: 'NotIn', values: ['a', 'b'] }, labels)).toBe(false);
    expect(requirementMatches({ key: 'rack', operator: 'NotIn', values: ['a'] }, labels)).toBe(true); // absent key matches
  });
  it('Exists and DoesNotExist look at the key only', () => {
    expect(requirementMatches({ key: 'zone', operator: 'Exists' }, labels)).toBe(true);
    expect(requirementMatches({ key: 'rack', operator: 'Exists' }, labels)).toBe(false);
    expect(requirementMatches({ key: 'zone', operator: 'DoesNotExist' }, labels)).toBe(false);
    expect(requirementMatches({ key: 'rack', operator: 'DoesNotExist' }, labels)).toBe(true);
  });
  it('Gt and Lt compare integers; a missing or non-integer label never matches', () => {
    expect(requirementMatches({ key: 'cores', operator: 'Gt', values: ['8'] }, labels)).toBe(true); // 16 > 8
    expect(requirementMatches({ key: 'cores', operator: 'Gt', values: ['16'] }, labels)).toBe(false); // strict
    expect(requirementMatches({ key: 'cores', operator: 'Lt', values: ['32'] }, labels)).toBe(true); // 16 < 32
    expect(requirementMatches({ key: 'cores', operator: 'Lt', values: ['-1'] }, labels)).toBe(false);
    // Integers, not strings: "16" > "9" is false as text but true as numbers.
    expect(requirementMatches({ key: 'cores', operator: 'Gt', values: ['9'] }, labels)).toBe(true);
    expect(requirementMatches({ key: 'gen', operator: 'Gt', values: ['1'] }, labels)).toBe(false); // "x7" does not parse
    expect(requirementMatches({ key: 'rack', operator: 'Lt', values: ['1'] }, labels)).toBe(false); // absent
    // Past int64 strconv.ParseInt fails, so the node does not match.
    expect(requirementMatches({ key: 'big', operator: 'Gt', values: ['1'] }, { big: '9223372036854775808' })).toBe(false);
  });
  it('a term ANDs its expressions and its matchFields on metadata.name', () => {
    const term: NodeAffinityTermSpec = {
      matchLabels: {},
      matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }, { key: 'gpu', operator: 'DoesNotExist' }],
      matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['n1'] }],
    };
    expect(termMatches(labels, term, 'n2')).toBe(true);
    expect(termMatches(labels, term, 'n1')).toBe(false); // the field excludes n1
    expect(termMatches({ ...labels, gpu: 'yes' }, term, 'n2')).toBe(false);
    // matchFields look at the name, not at the hostname label.
    const byName: NodeAffinityTermSpec = { matchLabels: {}, matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] };
    expect(termMatches({ 'kubernetes.io/hostname': 'n1' }, byName, 'other')).toBe(false);
  });
});

/**
 * Four nodes:            n1          n2          n3          n4
 *   zone                 a           b           c           (none)
 *   cores                8           32          64          4
 *   disk                 ssd         ssd         hdd         ssd
 */
const NODES: NodeSpec[] = [
  { name: 'n1', cpu: 64, memory: 64, labels: { zone: 'a', cores: '8', disk: 'ssd' } },
  { name: 'n2', cpu: 64, memory: 64, labels: { zone: 'b', cores: '32', disk: 'ssd' } },
  { name: 'n3', cpu: 64, memory: 64, labels: { zone: 'c', cores: '64', disk: 'hdd' } },
  { name: 'n4', cpu: 64, memory: 64, labels: { cores: '4', disk: 'ssd' } },
];

function templateOn(extra: Partial<PodTemplateSpec>) {
  const template: PodTemplateSpec = { name: 'app', labels: { name: 'app' }, cpuRequest: 1, memoryRequest: 1, ...extra };
  return compile(cluster({ nodes: NODES, template, placement: [] }));
}

describe('NodeAffinity filter and score on compiled templates', () => {
  it('terms are ORed, the nodeSelector ANDed with them', () => {
    // Term 1: zone NotIn [a] AND zone Exists → n2, n3 (n4 lacks zone; n1 is a).
    // Term 2: cores Lt 8 → n4 (4 < 8; n1's 8 is not < 8).
    // Together n2, n3, n4; the nodeSelector disk=ssd drops n3: n2 and n4 remain.
    const cfg = templateOn({
      nodeSelector: { disk: 'ssd' },
      nodeAffinity: {
        required: [
          { matchLabels: {}, matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }, { key: 'zone', operator: 'Exists' }] },
          { matchLabels: {}, matchExpressions: [{ key: 'cores', operator: 'Lt', values: ['8'] }] },
        ],
      },
    });
    expect(Array.from(cfg.templates[1].requiredNodes!).slice(1)).toEqual([0, 1, 0, 1]);
    const cs = cycleFor(cfg);
    const plugin = new NodeAffinity();
    expect([1, 2, 3, 4].map((n) => plugin.filter(cs, n))).toEqual([false, true, false, true]);
  });

  it('a nodeSelector alone: every pair must be present and equal', () => {
    const cfg = templateOn({ nodeSelector: { disk: 'ssd', zone: 'a' } });
    expect(Array.from(cfg.templates[1].requiredNodes!).slice(1)).toEqual([1, 0, 0, 0]);
  });

  it('preferred weights are summed per node, then normalized by the maximum', () => {
    // w 30: cores Gt 16 → n2, n3.   w 20: disk In [ssd] → n1, n2, n4.   w 50: zone DoesNotExist → n4.
    // Raw sums: n1 20, n2 50, n3 30, n4 70. DefaultNormalizeScore (max 70, 100 · s / 70, truncated):
    // n1 2000/70 = 28, n2 5000/70 = 71, n3 3000/70 = 42, n4 100.
    const cfg = templateOn({
      nodeAffinity: {
        preferred: [
          { weight: 30, term: { matchLabels: {}, matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['16'] }] } },
          { weight: 20, term: { matchLabels: {}, matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd', 'nvme'] }] } },
          { weight: 50, term: { matchLabels: {}, matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] } },
        ],
      },
    });
    expect(Array.from(cfg.templates[1].preferredWeight!).slice(1)).toEqual([20, 50, 30, 70]);
    const cs = cycleFor(cfg);
    const plugin = new NodeAffinity();
    plugin.scoreNodes(cs);
    plugin.normalizeScore(cs);
    expect(Array.from(cs.scores).slice(1, 5)).toEqual([28, 71, 42, 100]);
  });
});
