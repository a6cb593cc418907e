/** Label, topology-key and taint matching, each as the Kubernetes function it follows. */
import type { NodeAffinityTermSpec, PodLabelSelectorSpec } from '../../model/cluster.js';
import { requirementMatches } from '../../model/label-requirement.js';
import { LABEL_HOSTNAME } from '../../model/well-known-labels.js';

export { requirementMatches };

/** `hostname` is accepted as an alias of the well-known key (docs/model.md §12, decision 4). */
export function canonicalTopologyKey(key: string): string {
  return key === 'hostname' ? LABEL_HOSTNAME : key;
}

/**
 * An equality selector against a label set, as `labels.SelectorFromSet(required).Matches(labels)`
 * in k8s.io/apimachinery: every pair must be present and equal, so an empty selector matches all.
 */
export function labelsMatch(required: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(required).every(([k, v]) => labels[k] === v);
}

/**
 * One node-affinity term (`NodeSelectorTerm`), ANDed as k8s.io/component-helpers' `nodeaffinity`
 * `nodeSelectorTerm.match` does: the label pairs, every `matchExpressions` requirement against
 * the node's labels and every `matchFields` one against its fields, of which Kubernetes knows
 * `metadata.name` only (`nodeSelectorRequirementsAsFieldSelector`). `nodeName` is the node's name.
 */
export function termMatches(labels: Record<string, string>, term: NodeAffinityTermSpec, nodeName?: string): boolean {
  if (!labelsMatch(term.matchLabels, labels)) return false;
  for (const req of term.matchExpressions ?? []) if (!requirementMatches(req, labels)) return false;
  const fields: Record<string, string> = nodeName === undefined ? {} : { 'metadata.name': nodeName };
  for (const req of term.matchFields ?? []) if (!requirementMatches(req, fields)) return false;
  return true;
}

/**
 * A set-based label selector against a label set, as `metav1.LabelSelectorAsSelector(sel)
 * .Matches(labels)`: every matchLabels pair and every expression must hold; `{}` matches all.
 */
export function podSelectorMatches(sel: PodLabelSelectorSpec, labels: Record<string, string>): boolean {
  return labelsMatch(sel.matchLabels ?? {}, labels) && (sel.matchExpressions ?? []).every((x) => requirementMatches(x, labels));
}

