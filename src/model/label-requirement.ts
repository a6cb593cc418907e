/**
 * One label requirement against a label set, shared by the parsers (a Deployment's selector) and
 * the compiled node affinity.
 */
import type { NodeSelectorRequirementSpec } from './cluster.js';

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

