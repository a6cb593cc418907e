/**
 * InterPodAffinity's plugin arguments and the terms' matchLabelKeys / mismatchLabelKeys, worked by
 * hand from kube-scheduler (interpodaffinity scoring.go `PreScore`, `processExistingPod`;
 * InterPodAffinityArgs defaults and validation) and KEP-3633 (the API server ANDs `key In (the
 * pod's value)` for matchLabelKeys and `key NotIn (the pod's value)` for mismatchLabelKeys into
 * the term's selector).
 */
import { describe, expect, it } from 'vitest';
import { InterPodAffinity } from '../src/controllers/scheduler/inter-pod-affinity.js';
import { SKIP } from '../src/controllers/scheduler/framework.js';
import type { ClusterSpec, InterPodAffinityArgsSpec, PodAffinityTermSpec, PodTemplateSpec } from '../src/model/cluster.js';
import { schedulerProfileFromObject } from '../src/parsers/kinds/kube-scheduler-configuration.js';
import { Warnings } from '../src/parsers/warnings.js';
import { compile, cycleFor } from './helpers.js';

const node = (name: string) => ({ name, cpu: 64, memory: 64 });
const HOST = 'kubernetes.io/hostname';

/** Template 1 is the incoming pod's; `placed` pods run on the named nodes. */
function clusterOf(templates: PodTemplateSpec[], placed: Array<[string, string]>, args?: InterPodAffinityArgsSpec): ClusterSpec {
  return {
    name: 'ipa',
    nodes: [node('n1'), node('n2'), node('n3')],
    podTemplates: templates,
    deployments: templates.map((t) => ({ name: t.name, replicas: placed.filter(([d]) => d === t.name).length, template: t.name })),
    pods: placed.map(([deployment, n]) => ({ deployment, node: n, phase: 'Running' as const })),
    spareSlots: 1,
    events: [],
    intents: [],
    ...(args ? { scheduler: { interPodAffinity: args } } : {}),
  };
}

/** The plugin's raw PreScore per node, or 'skip'. */
function rawScores(spec: ClusterSpec): number[] | 'skip' {
  const cfg = compile(spec);
  const cs = cycleFor(cfg);
  const ipa = new InterPodAffinity(cfg);
  if (ipa.preScore(cs) === SKIP) return 'skip';
  return [1, 2, 3].map((n) => ipa.score(cs, n));
}

const t = (name: string, labels: Record<string, string>, extra: Partial<PodTemplateSpec> = {}): PodTemplateSpec => ({
  name, labels, cpuRequest: 8, memoryRequest: 8, topologySpreadConstraints: [], ...extra,
});
const selects = (app: string): PodAffinityTermSpec => ({ topologyKey: HOST, labelSelector: { matchLabels: { app } } });

describe('InterPodAffinityArgs', () => {
  // A db pod on n1 whose required affinity term (hostname) selects web pods; the incoming pod is web.
  const web = t('web', { app: 'web' });
  const db = t('db', { app: 'db' }, { podAffinity: { required: [selects('web')] } });

  it('hardPodAffinityWeight (default 1) weighs an existing pod\'s required affinity term', () => {
    // processExistingPod: the db pod's term selects the web pod, so every node of its domain
    // (n1) gets hardPodAffinityWeight per such pod.
    expect(rawScores(clusterOf([web, db], [['db', 'n1']]))).toEqual([1, 0, 0]);
    expect(rawScores(clusterOf([web, db], [['db', 'n1']], { hardPodAffinityWeight: 5 }))).toEqual([5, 0, 0]);
    // 0 turns that part off: nothing else scores, so PreScore skips.
    expect(rawScores(clusterOf([web, db], [['db', 'n1']], { hardPodAffinityWeight: 0 }))).toBe('skip');
  });

  it('ignorePreferredTermsOfExistingPods skips the score for a pod with no preferred term of its own', () => {
    const soft = t('db', { app: 'db' }, { podAffinity: { preferred: [{ weight: 10, term: selects('web') }] } });
    // Default false: the db pod's preferred term adds its weight 10 on n1.
    expect(rawScores(clusterOf([web, soft], [['db', 'n1']]))).toEqual([10, 0, 0]);
    // True and web has no preferred term: PreScore returns Skip.
    expect(rawScores(clusterOf([web, soft], [['db', 'n1']], { ignorePreferredTermsOfExistingPods: true }))).toBe('skip');
    // True, but web has a preferred anti-affinity term (weight 3, selecting cache pods, of
    // which none run): existing pods' terms still count, 10 on n1.
    const picky = t('web', { app: 'web' }, { podAntiAffinity: { preferred: [{ weight: 3, term: selects('cache') }] } });
    expect(rawScores(clusterOf([picky, soft, t('cache', { app: 'cache' })], [['db', 'n1']], { ignorePreferredTermsOfExistingPods: true }))).toEqual([10, 0, 0]);
  });

  it('reads them from a KubeSchedulerConfiguration, validated as upstream', () => {
    const where = { file: 'sched.yaml', line: 1 };
    const config = (args: Record<string, unknown>) => ({
      apiVersion: 'kubescheduler.config.k8s.io/v1', kind: 'KubeSchedulerConfiguration',
      profiles: [{ schedulerName: 'default-scheduler', pluginConfig: [{ name: 'InterPodAffinity', args }] }],
    });
    const w = new Warnings();
    expect(schedulerProfileFromObject(config({ hardPodAffinityWeight: 7, ignorePreferredTermsOfExistingPods: true }), where, w).interPodAffinity)
      .toEqual({ hardPodAffinityWeight: 7, ignorePreferredTermsOfExistingPods: true });
    expect(w.lines).toEqual([]);
    // ValidateInterPodAffinityArgs: 0..100.
    expect(() => schedulerProfileFromObject(config({ hardPodAffinityWeight: 101 }), where, new Warnings())).toThrow('must be from 0 to 100, got 101');
  });
});

describe('matchLabelKeys and mismatchLabelKeys of a pod affinity term', () => {
  // web-v1 and web-v2 pods both carry app=web; web-v2's required anti-affinity (hostname)
  // selects app=web. One v1 pod runs on n1, one v2 pod on n2; the incoming pod is a v2 pod.
  const v1 = t('web-v1', { app: 'web', version: 'v1' });
  const v2 = (keys: Partial<PodAffinityTermSpec>): PodTemplateSpec =>
    t('web-v2', { app: 'web', version: 'v2' }, { podAntiAffinity: { required: [{ ...selects('web'), ...keys }] } });
  const filters = (keys: Partial<PodAffinityTermSpec>): boolean[] => {
    const cfg = compile(clusterOf([v2(keys), v1], [['web-v1', 'n1'], ['web-v2', 'n2']]));
    const cs = cycleFor(cfg);
    const ipa = new InterPodAffinity(cfg);
    ipa.preFilter(cs);
    return [1, 2, 3].map((n) => ipa.filter(cs, n));
  };

  it('without keys the term selects both versions: n1 and n2 fail', () => {
    expect(filters({})).toEqual([false, false, true]);
  });

  it('matchLabelKeys [version] adds version In (v2): only the v2 pod repels', () => {
    expect(filters({ matchLabelKeys: ['version'] })).toEqual([true, false, true]);
  });

  it('mismatchLabelKeys [version] adds version NotIn (v2): only the v1 pod repels', () => {
    expect(filters({ mismatchLabelKeys: ['version'] })).toEqual([false, true, true]);
  });

  it('pod-template-hash means the pods of the same template', () => {
    expect(filters({ matchLabelKeys: ['pod-template-hash'] })).toEqual([true, false, true]);
    expect(filters({ mismatchLabelKeys: ['pod-template-hash'] })).toEqual([false, true, true]);
  });

  it('a key the pod lacks is ignored', () => {
    expect(filters({ matchLabelKeys: ['tier'] })).toEqual([false, false, true]);
  });

  it('is rejected as the API server rejects it', () => {
    expect(() => filters({ matchLabelKeys: ['version'], mismatchLabelKeys: ['version'] })).toThrow('"version" exists in both matchLabelKeys and mismatchLabelKeys');
    expect(() => filters({ labelSelector: undefined, matchLabelKeys: ['version'] })).toThrow('must not be set when labelSelector is not');
  });
});
