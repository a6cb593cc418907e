/** Topology spread constraints of a pod template, compiled against the nodes and the templates. */
import type { ClusterSpec, PodTemplateSpec, TopologySpreadConstraintSpec } from '../../model/cluster.js';
import type { CompiledConstraint } from '../../model/config.js';
import { InputError } from '../../model/errors.js';
import { requireInt } from './input.js';
import { canonicalTopologyKey, labelKeysMatch, podSelectorMatches } from './labels.js';


/** Checks one constraint's fields; returns its minDomains (1 when not given). */
function checkConstraint(c: TopologySpreadConstraintSpec, object: string, field: string): number {
  requireInt(c.maxSkew, object, `${field}.maxSkew`, 1);
  (c.labelSelectorExpressions ?? []).forEach((x, i) => {
    const f = `${field}.labelSelectorExpressions[${i}]`;
    // ValidateLabelSelectorRequirement (apimachinery): In/NotIn need values, Exists/DoesNotExist none.
    const exists = x.operator === 'Exists' || x.operator === 'DoesNotExist';
    if (!exists && x.operator !== 'In' && x.operator !== 'NotIn') throw new InputError(`must be In, NotIn, Exists or DoesNotExist, got ${String(x.operator)}`, object, `${f}.operator`);
    if (exists !== ((x.values ?? []).length === 0)) throw new InputError(exists ? `must be empty for operator ${x.operator}` : `operator ${x.operator} needs at least one value`, object, `${f}.values`);
  });
  if (typeof c.topologyKey !== 'string' || c.topologyKey === '') throw new InputError('is required', object, `${field}.topologyKey`);
  if (c.whenUnsatisfiable !== 'DoNotSchedule' && c.whenUnsatisfiable !== 'ScheduleAnyway') {
    throw new InputError(`must be DoNotSchedule or ScheduleAnyway, got ${JSON.stringify(c.whenUnsatisfiable)}`, object, `${field}.whenUnsatisfiable`);
  }
  // A missing minDomains counts as 1, as in the podtopologyspread plugin's filterTopologySpreadConstraints.
  const minDomains = c.minDomains ?? 1;
  requireInt(minDomains, object, `${field}.minDomains`, 1);
  return minDomains;
}

/** The domain id of every node for one topology key (0: the node lacks the key), and the domain names. */
export function topologyDomains(key: string, nodeLabels: Record<string, string>[]): { domainOf: Int32Array; names: string[] } {
  // Value ids in first-seen node order (docs/model.md §3.2).
  const values = new Map<string, number>();
  const domainOf = new Int32Array(nodeLabels.length + 1);
  nodeLabels.forEach((labels, i) => {
    const v = labels[key];
    // Lacks the key: excluded from this constraint (docs/model.md §12, decision 4), as the podtopologyspread plugin
    // skips such nodes (nodeLabelsMatchSpreadConstraints).
    if (v === undefined) return;
    if (!values.has(v)) values.set(v, values.size + 1);
    domainOf[i + 1] = values.get(v)!;
  });
  return { domainOf, names: ['', ...values.keys()] };
}

/**
 * Whether pods of template `t` count for constraint `c` of template `owner`, as
 * `countPodsMatchSelector` (podtopologyspread common.go) counts: pods in the owner's own
 * namespace whose labels match the selector. `matchLabelKeys` add the owner's own value of each
 * key it has to the selector (`mergeLabelSetWithSelector`); kivi's pods carry no
 * `pod-template-hash` label, but pods share that hash exactly when they share a pod template
 * (a replica set is a template, docs/model.md §13), so that key means `t` is `owner`.
 */
function countsFor(c: TopologySpreadConstraintSpec, selector: Record<string, string>, owner: PodTemplateSpec, t: PodTemplateSpec): boolean {
  if ((t.namespace ?? 'default') !== (owner.namespace ?? 'default')) return false;
  // metav1.LabelSelectorAsSelector(c.LabelSelector).Matches: every pair and every requirement.
  if (!podSelectorMatches({ matchLabels: selector, matchExpressions: c.labelSelectorExpressions }, t.labels ?? {})) return false;
  return labelKeysMatch(c.matchLabelKeys, owner, t, true);
}

/** Constraint `index` of template `owner`: its nodes' domains and the templates its selector counts. */
export function compileConstraint(
  c: TopologySpreadConstraintSpec,
  index: number,
  owner: PodTemplateSpec,
  spec: ClusterSpec,
  nodeLabels: Record<string, string>[],
  object: string,
): CompiledConstraint {
  const minDomains = checkConstraint(c, object, `topologySpreadConstraints[${index}]`);
  const key = canonicalTopologyKey(c.topologyKey);
  const selector = c.labelSelector ?? owner.labels;
  const domains = topologyDomains(key, nodeLabels);
  const matchesTemplate = new Uint8Array(spec.podTemplates.length + 1);
  spec.podTemplates.forEach((t, i) => {
    matchesTemplate[i + 1] = countsFor(c, selector, owner, t) ? 1 : 0;
  });
  return {
    index,
    topologyKey: key,
    hard: c.whenUnsatisfiable === 'DoNotSchedule',
    maxSkew: c.maxSkew,
    minDomains,
    // Node inclusion policies default to Honor (affinity) and Ignore (taints), as in filterTopologySpreadConstraints.
    honorAffinity: (c.nodeAffinityPolicy ?? 'Honor') === 'Honor',
    honorTaints: (c.nodeTaintsPolicy ?? 'Ignore') === 'Honor',
    domainOf: domains.domainOf,
    domainCount: domains.names.length - 1,
    domainNames: domains.names,
    matchesTemplate,
    selfMatch: countsFor(c, selector, owner, owner) ? 1 : 0,
  };
}
