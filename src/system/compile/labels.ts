/** Label, topology-key and taint matching, each as the Kubernetes function it follows. */
import type { NodeAffinityTermSpec, TaintSpec, TolerationSpec } from '../../model/cluster.js';

/** `v1.LabelHostname` (k8s.io/api/core/v1): every node carries it, set to its name. */
export const HOSTNAME_KEY = 'kubernetes.io/hostname';

/** `hostname` is accepted as an alias of the well-known key (README decision 4). */
export function canonicalTopologyKey(key: string): string {
  return key === 'hostname' ? HOSTNAME_KEY : key;
}

/**
 * An equality selector against a label set, as `labels.SelectorFromSet(required).Matches(labels)`
 * in k8s.io/apimachinery: every pair must be present and equal, so an empty selector matches all.
 */
export function labelsMatch(required: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(required).every(([k, v]) => labels[k] === v);
}

/**
 * One node-affinity term: kivi's terms are `matchLabels` only (`In` with one value per key), ANDed
 * as one `NodeSelectorTerm`'s requirements are in k8s.io/component-helpers' `nodeaffinity`.
 */
export function termMatches(labels: Record<string, string>, term: NodeAffinityTermSpec): boolean {
  return labelsMatch(term.matchLabels, labels);
}

/** Kubernetes' `Toleration.ToleratesTaint` (k8s.io/api/core/v1, toleration.go). */
export function tolerates(t: TolerationSpec, taint: TaintSpec): boolean {
  if (t.effect !== undefined && t.effect !== taint.effect) return false;
  if (t.key !== undefined && t.key !== '' && t.key !== taint.key) return false;
  const op = t.operator ?? 'Equal';
  if (op === 'Exists') return true;
  // An empty key with Equal matches nothing in Kubernetes; keep that.
  if (t.key === undefined || t.key === '') return false;
  return (t.value ?? '') === (taint.value ?? '');
}
