/** Label, topology-key and taint matching, each as the Kubernetes function it follows. */
import type { NodeAffinityTermSpec } from '../../model/cluster.js';

import { LABEL_HOSTNAME as HOSTNAME_KEY } from '../../model/well-known-labels.js';

export { HOSTNAME_KEY };

/** `hostname` is accepted as an alias of the well-known key (docs/model.md §12, docs/model.md §12, decision 4). */
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
