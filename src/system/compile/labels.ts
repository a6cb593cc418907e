/** Label, topology-key and taint matching, each as the Kubernetes function it follows. */
import type { NodeAffinityTermSpec, NodeSelectorRequirementSpec } from '../../model/cluster.js';

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

/** A label value as `strconv.ParseInt(v, 10, 64)` reads it; undefined when it is not an integer. */
function parseLabelInt(v: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(v)) return undefined;
  const x = BigInt(v);
  return x === BigInt.asIntN(64, x) ? x : undefined; // out of int64 range: ParseInt fails

}

/**
 * One node selector requirement against a value set, in the words of
 * `labels.Requirement.Matches` (k8s.io/apimachinery, selector.go), which
 * `nodeaffinity.nodeSelectorRequirementsAsSelector` (k8s.io/component-helpers) builds:
 * In needs the key with one of the values; NotIn holds when the key is absent or has none of
 * them; Exists/DoesNotExist test the key; Gt/Lt need the key, with a value that parses as an
 * integer, greater (less) than the requirement's one value. An unparsable value never matches.
 */
export function requirementMatches(req: NodeSelectorRequirementSpec, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In': return has && values.includes(labels[req.key]);
    case 'NotIn': return !has || !values.includes(labels[req.key]);
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || values.length !== 1) return false;
      const mine = parseLabelInt(labels[req.key]);
      const theirs = parseLabelInt(values[0]);
      if (mine === undefined || theirs === undefined) return false;
      return req.operator === 'Gt' ? mine > theirs : mine < theirs;
    }
    default: return false;
  }
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
