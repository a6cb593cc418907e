/**
 * Spread constraints whose label selector uses set-based operators (`In` with several values,
 * `NotIn`, `Exists`, `DoesNotExist`): PodTopologySpread counts the pods that
 * `metav1.LabelSelectorAsSelector(constraint.LabelSelector)` matches (podtopologyspread
 * common.go `countPodsMatchSelector`; `labels.Requirement.Matches`). Worked by hand.
 *
 * Nodes n1, n2, n3. Two `web` pods (app=web, track=stable) run on n1, one `canary` pod
 * (app=web, track=canary) on n2, none on n3. The incoming pod is an `api` pod (app=api, no
 * track label) with one DoNotSchedule `kubernetes.io/hostname` constraint, maxSkew 1. A node
 * passes when count(node) + self − min ≤ 1, self = 1 when the api pod matches its own selector.
 */
import { describe, expect, it } from 'vitest';
import { PodTopologySpread } from '../src/controllers/scheduler/pod-topology-spread.js';
import { Warnings } from '../src/parsers/warnings.js';
import { podTemplateFromPodSpec } from '../src/parsers/kinds/pod-spec.js';
import type { ClusterSpec, PodSelectorRequirementSpec, PodTemplateSpec } from '../src/model/cluster.js';
import { compile, cycleFor } from './helpers.js';

function filters(expressions: PodSelectorRequirementSpec[]): { filters: boolean[]; counted: number[] } {
  const node = (name: string) => ({ name, cpu: 64, memory: 64 });
  const api: PodTemplateSpec = {
    name: 'api',
    labels: { app: 'api' },
    cpuRequest: 8,
    memoryRequest: 8,
    topologySpreadConstraints: [
      { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: {}, labelSelectorExpressions: expressions },
    ],
  };
  const spec: ClusterSpec = {
    name: 'spread-selectors',
    nodes: [node('n1'), node('n2'), node('n3')],
    podTemplates: [
      api,
      { name: 'web', labels: { app: 'web', track: 'stable' }, cpuRequest: 8, memoryRequest: 8 },
      { name: 'canary', labels: { app: 'web', track: 'canary' }, cpuRequest: 8, memoryRequest: 8 },
    ],
    deployments: [
      { name: 'api', replicas: 0, template: 'api' },
      { name: 'web', replicas: 2, template: 'web' },
      { name: 'canary', replicas: 1, template: 'canary' },
    ],
    pods: [
      { deployment: 'web', node: 'n1', phase: 'Running' },
      { deployment: 'web', node: 'n1', phase: 'Running' },
      { deployment: 'canary', node: 'n2', phase: 'Running' },
    ],
    spareSlots: 1,
    events: [],
    intents: [],
  };
  const cfg = compile(spec);
  const cs = cycleFor(cfg);
  const pts = new PodTopologySpread(cfg.templates, cfg.layout.nodes, cfg.layout.pods);
  pts.preFilter(cs);
  const counted = [1, 2, 3].filter((t) => cfg.templates[1].hard[0].matchesTemplate[t] === 1);
  return { filters: [1, 2, 3].map((n) => pts.filter(cs, n)), counted };
}

describe('spread selectors with set-based operators', () => {
  it('In with several values counts every listed value', () => {
    // app In (web, api): web, canary and api pods count. n1 = 2, n2 = 1, n3 = 0, min 0, self 1:
    // n1 3 > 1 and n2 2 > 1 fail; n3 1 passes.
    expect(filters([{ key: 'app', operator: 'In', values: ['web', 'api'] }])).toEqual({ filters: [false, false, true], counted: [1, 2, 3] });
  });

  it('NotIn also holds where the key is absent', () => {
    // track NotIn (canary): web (stable) and api (no track) count, canary not. n1 = 2, n2 = 0,
    // n3 = 0, min 0, self 1: n1 3 > 1 fails; n2 and n3 1 pass.
    expect(filters([{ key: 'track', operator: 'NotIn', values: ['canary'] }])).toEqual({ filters: [false, true, true], counted: [1, 2] });
  });

  it('Exists counts pods with the key; the api pod has none, so self is 0', () => {
    // track Exists: web and canary count. n1 = 2, n2 = 1, n3 = 0, min 0, self 0: n1 2 > 1 fails;
    // n2 1 and n3 0 pass.
    expect(filters([{ key: 'track', operator: 'Exists' }])).toEqual({ filters: [false, true, true], counted: [2, 3] });
  });

  it('DoesNotExist counts only pods without the key', () => {
    // track DoesNotExist: only api pods, none placed. Every node 0 + 1 − 0 = 1 passes.
    expect(filters([{ key: 'track', operator: 'DoesNotExist' }])).toEqual({ filters: [true, true, true], counted: [1] });
  });

  it('requirements are ANDed', () => {
    // app In (web) AND track NotIn (canary): web only. n1 = 2, others 0, self 0 (app=api):
    // n1 2 > 1 fails; n2 and n3 pass.
    expect(filters([
      { key: 'app', operator: 'In', values: ['web'] },
      { key: 'track', operator: 'NotIn', values: ['canary'] },
    ])).toEqual({ filters: [false, true, true], counted: [2] });
  });
});

describe('reading set-based spread selectors', () => {
  const read = (selector: string): PodTemplateSpec =>
    podTemplateFromPodSpec('p', {}, {
      containers: [{ name: 'a' }],
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: JSON.parse(selector) }],
    }, { file: 'test.yaml', object: 'Pod/p', line: 1 }, new Warnings());

  it('keeps matchLabels and one-value In as equalities, the other requirements as they are', () => {
    const t = read('{"matchLabels": {"tier": "web"}, "matchExpressions": [{"key": "app", "operator": "In", "values": ["a"]}, {"key": "app2", "operator": "In", "values": ["a", "b"]}, {"key": "canary", "operator": "DoesNotExist"}]}');
    expect(t.topologySpreadConstraints![0].labelSelector).toEqual({ tier: 'web', app: 'a' });
    expect(t.topologySpreadConstraints![0].labelSelectorExpressions).toEqual([
      { key: 'app2', operator: 'In', values: ['a', 'b'] },
      { key: 'canary', operator: 'DoesNotExist', values: [] },
    ]);
  });

  it('rejects an operator pod selectors do not have, and values where Exists takes none', () => {
    expect(() => read('{"matchExpressions": [{"key": "a", "operator": "Gt", "values": ["1"]}]}')).toThrow(
      'spec.topologySpreadConstraints[0].labelSelector.matchExpressions[0].operator: must be In, NotIn, Exists or DoesNotExist, got "Gt"',
    );
    expect(() => read('{"matchExpressions": [{"key": "a", "operator": "Exists", "values": ["x"]}]}')).toThrow('must be empty for operator Exists');
  });
});
