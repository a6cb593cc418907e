/**
 * Inter-pod affinity and anti-affinity of the pod templates (docs/model.md §8.2.2), compiled
 * against the nodes (each term's topology domains) and the templates (which pods each term
 * selects). Templates are static, so a term's namespace and selector match is decided here once.
 */
import type { ClusterSpec, PodAffinitySpec, PodAffinityTermSpec, PodTemplateSpec } from '../../model/cluster.js';
import type { CompiledInterPodAffinity, CompiledPodAffinityTerm } from '../../model/config.js';
import { InputError } from '../../model/errors.js';
import { requireInt } from './input.js';
import { canonicalTopologyKey, labelKeysMatch, podSelectorMatches } from './labels.js';
import { topologyDomains } from './spread.js';

/** The label every namespace carries (`kubernetes.io/metadata.name`, set by the API server). */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** A namespace's labels: the input's, plus its name label. */
function namespaceLabels(spec: ClusterSpec, ns: string): Record<string, string> {
  return { ...(spec.namespaceLabels?.[ns] ?? {}), [NAMESPACE_NAME_LABEL]: ns };
}

/**
 * Whether the term of a pod in namespace `ownNs` covers namespace `ns`, as
 * `framework.AffinityTerm.Matches` with the namespaces `newAffinityTerm` resolves
 * (pkg/scheduler/framework/types.go): the listed namespaces, or those the namespaceSelector
 * selects, or the pod's own namespace when neither is given.
 */
function termCoversNamespace(term: PodAffinityTermSpec, ownNs: string, ns: string, spec: ClusterSpec): boolean {
  const listed = term.namespaces ?? [];
  if (listed.length === 0 && term.namespaceSelector === undefined) return ns === ownNs;
  if (listed.includes(ns)) return true;
  return term.namespaceSelector !== undefined && podSelectorMatches(term.namespaceSelector, namespaceLabels(spec, ns));
}

function compileTerm(
  term: PodAffinityTermSpec,
  weight: number,
  owner: PodTemplateSpec,
  spec: ClusterSpec,
  nodeLabels: Record<string, string>[],
  object: string,
  field: string,
): CompiledPodAffinityTerm {
  if (typeof term.topologyKey !== 'string' || term.topologyKey === '') throw new InputError('is required', object, `${field}.topologyKey`);
  const key = canonicalTopologyKey(term.topologyKey);
  const domains = topologyDomains(key, nodeLabels);
  const ownNs = owner.namespace ?? 'default';
  checkLabelKeys(term, object, field);
  // A nil labelSelector selects no pod (metav1.LabelSelectorAsSelector(nil) is labels.Nothing()).
  // matchLabelKeys and mismatchLabelKeys add `key In/NotIn (the pod's own value)` to it, as the
  // API server merges them into the pod's terms (KEP-3633).
  const selects = (t: PodTemplateSpec): boolean =>
    term.labelSelector !== undefined && podSelectorMatches(term.labelSelector, t.labels ?? {})
    && labelKeysMatch(term.matchLabelKeys, owner, t, true) && labelKeysMatch(term.mismatchLabelKeys, owner, t, false);
  const matchesTemplate = new Uint8Array(spec.podTemplates.length + 1);
  spec.podTemplates.forEach((t, i) => {
    const selected = selects(t);
    matchesTemplate[i + 1] = selected && termCoversNamespace(term, ownNs, t.namespace ?? 'default', spec) ? 1 : 0;
  });
  // The descheduler's utils.GetNamespacesFromPodAffinityTerm: the listed namespaces, else the pod's own.
  const listed = term.namespaces ?? [];
  const deschedulerMatchesTemplate = new Uint8Array(spec.podTemplates.length + 1);
  spec.podTemplates.forEach((t, i) => {
    const ns = t.namespace ?? 'default';
    const selected = selects(t);
    deschedulerMatchesTemplate[i + 1] = selected && (listed.length === 0 ? ns === ownNs : listed.includes(ns)) ? 1 : 0;
  });
  return { topologyKey: key, domainOf: domains.domainOf, domainCount: domains.names.length - 1, matchesTemplate, weight, deschedulerMatchesTemplate };
}

/**
 * validateMatchLabelKeysAndMismatchLabelKeys (pkg/apis/core/validation): the keys need a
 * labelSelector, and no key may be in both lists.
 */
function checkLabelKeys(term: PodAffinityTermSpec, object: string, field: string): void {
  const match = term.matchLabelKeys ?? [];
  const mismatch = term.mismatchLabelKeys ?? [];
  if (match.length + mismatch.length === 0) return;
  if (term.labelSelector === undefined) throw new InputError('must not be set when labelSelector is not', object, `${field}.${match.length > 0 ? 'matchLabelKeys' : 'mismatchLabelKeys'}`);
  mismatch.forEach((k, i) => {
    if (match.includes(k)) throw new InputError(`${JSON.stringify(k)} exists in both matchLabelKeys and mismatchLabelKeys`, object, `${field}.mismatchLabelKeys[${i}]`);
  });
}

function compileSide(
  side: PodAffinitySpec | undefined,
  name: string,
  owner: PodTemplateSpec,
  spec: ClusterSpec,
  nodeLabels: Record<string, string>[],
  object: string,
): { required: CompiledPodAffinityTerm[]; preferred: CompiledPodAffinityTerm[] } {
  const required = (side?.required ?? []).map((t, i) => compileTerm(t, 0, owner, spec, nodeLabels, object, `${name}.required[${i}]`));
  const preferred = (side?.preferred ?? []).map((p, i) => {
    const f = `${name}.preferred[${i}]`;
    requireInt(p.weight, object, `${f}.weight`, 1);
    if (p.weight > 100) throw new InputError(`must be in 1..100, got ${p.weight}`, object, `${f}.weight`);
    return compileTerm(p.term, p.weight, owner, spec, nodeLabels, object, `${f}.term`);
  });
  return { required, preferred };
}

/** The template's inter-pod affinity, or null when it has no term. */
export function compileInterPodAffinity(
  t: PodTemplateSpec,
  index: number,
  spec: ClusterSpec,
  nodeLabels: Record<string, string>[],
  object: string,
): CompiledInterPodAffinity | null {
  const aff = compileSide(t.podAffinity, 'podAffinity', t, spec, nodeLabels, object);
  const anti = compileSide(t.podAntiAffinity, 'podAntiAffinity', t, spec, nodeLabels, object);
  if (aff.required.length + aff.preferred.length + anti.required.length + anti.preferred.length === 0) return null;
  return {
    requiredAffinity: aff.required,
    requiredAntiAffinity: anti.required,
    preferredAffinity: aff.preferred,
    preferredAntiAffinity: anti.preferred,
    selfAffine: aff.required.length > 0 && aff.required.every((term) => term.matchesTemplate[index] === 1),
  };
}
