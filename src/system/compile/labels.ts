/** Label, topology-key and taint matching, each as the Kubernetes function it follows. */
import type { NodeAffinityTermSpec, PodLabelSelectorSpec, PodTemplateSpec } from '../../model/cluster.js';
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

/** The label Kubernetes' deployment controller gives every pod of one pod template. */
export const POD_TEMPLATE_HASH = 'pod-template-hash';

/**
 * `matchLabelKeys` (match = true) or `mismatchLabelKeys` of a term of `owner`'s pods against the
 * pods of template t: each key the owner's pods carry adds `key In (their value)` (or `NotIn`).
 * kivi's templates have no `pod-template-hash` label; as the deployment controller sets it to
 * the hash of the pod template, it means "of the owner's template" there.
 */
export function labelKeysMatch(keys: string[] | undefined, owner: PodTemplateSpec, t: PodTemplateSpec, match: boolean): boolean {
  const own = owner.labels ?? {};
  const theirs = t.labels ?? {};
  for (const key of keys ?? []) {
    if (key === POD_TEMPLATE_HASH && own[key] === undefined) {
      if ((t === owner) !== match) return false;
    } else if (own[key] !== undefined && (theirs[key] === own[key]) !== match) {
      return false;
    }
  }
  return true;
}

/**
 * A set-based label selector against a label set, as `metav1.LabelSelectorAsSelector(sel)
 * .Matches(labels)`: every matchLabels pair and every expression must hold; `{}` matches all.
 */
export function podSelectorMatches(sel: PodLabelSelectorSpec, labels: Record<string, string>): boolean {
  return labelsMatch(sel.matchLabels ?? {}, labels) && (sel.matchExpressions ?? []).every((x) => requirementMatches(x, labels));
}

