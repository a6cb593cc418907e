/** Pod topology spread constraints (`spec.topologySpreadConstraints`). */
import type { TopologySpreadConstraintSpec, WhenUnsatisfiable } from '../../model/cluster.js';
import { readPodSelector } from './label-selector.js';
import type { Reader } from './reader.js';
import { warnUnknownFields } from './known-fields.js';

/**
 * The constraint's pod selector, with all four set-based operators (`LabelSelectorAsSelector`):
 * `matchLabels` and `In` requirements of one value as equalities, the other requirements as they are.
 */
function spreadSelector(r: Reader, v: unknown, field: string, out: TopologySpreadConstraintSpec): void {
  const sel = readPodSelector(r, v, field);
  const labels: Record<string, string> = { ...(sel.matchLabels ?? {}) };
  const rest = (sel.matchExpressions ?? []).filter((x, i) => {
    if (x.operator !== 'In' || x.values?.length !== 1) return true;
    const value = x.values[0];
    if (labels[x.key] !== undefined && labels[x.key] !== value) r.fail(`${field}.matchExpressions[${i}]`, `conflicts with ${x.key}=${labels[x.key]}: the selector matches no pod`);
    labels[x.key] = value;
    return false;
  });
  out.labelSelector = labels;
  if (rest.length > 0) out.labelSelectorExpressions = rest;
}

export function readConstraints(r: Reader, v: unknown, path: string): TopologySpreadConstraintSpec[] | undefined {
  const list = r.list(v, path);
  // An empty list is "no constraints": Kubernetes applies the system defaults then.
  if (!list || list.length === 0) return undefined;
  return list.map((c, i) => {
    const f = `${path}[${i}]`;
    const x = r.needRec(c, f);
    const whenUnsatisfiable = r.oneOf<WhenUnsatisfiable>(x.whenUnsatisfiable, `${f}.whenUnsatisfiable`, ['DoNotSchedule', 'ScheduleAnyway']);
    if (whenUnsatisfiable === undefined) r.fail(`${f}.whenUnsatisfiable`, 'is required (DoNotSchedule or ScheduleAnyway)');
    const out: TopologySpreadConstraintSpec = {
      maxSkew: r.needInt(x.maxSkew, `${f}.maxSkew`, 1),
      topologyKey: r.needStr(x.topologyKey, `${f}.topologyKey`),
      whenUnsatisfiable,
    };
    // Kubernetes has no `hostname` alias: a node carries `kubernetes.io/hostname` (well_known_labels.go),
    // so such a constraint would find no domain. kivi reads it as that key, and says so.
    if (out.topologyKey === 'hostname') {
      r.warn(`${f}.topologyKey`, 'topology key "hostname" is read as its alias kubernetes.io/hostname; Kubernetes nodes have no "hostname" label, so there the constraint would match no node');
    }
    if (x.labelSelector !== undefined && x.labelSelector !== null) {
      spreadSelector(r, x.labelSelector, `${f}.labelSelector`, out);
    } else {
      r.warn(`${f}.labelSelector`, "absent: Kubernetes then counts no pods for this constraint; kivi uses the template's own labels");
    }
    const minDomains = r.int(x.minDomains, `${f}.minDomains`, 1);
    if (minDomains !== undefined) {
      if (whenUnsatisfiable !== 'DoNotSchedule') r.fail(`${f}.minDomains`, 'can only be used with whenUnsatisfiable DoNotSchedule (Kubernetes rejects it otherwise)');
      out.minDomains = minDomains;
    }
    const nap = r.oneOf(x.nodeAffinityPolicy, `${f}.nodeAffinityPolicy`, ['Honor', 'Ignore'] as const);
    if (nap !== undefined) out.nodeAffinityPolicy = nap;
    const ntp = r.oneOf(x.nodeTaintsPolicy, `${f}.nodeTaintsPolicy`, ['Honor', 'Ignore'] as const);
    if (ntp !== undefined) out.nodeTaintsPolicy = ntp;
    const keys = r.list(x.matchLabelKeys, `${f}.matchLabelKeys`);
    if (keys && keys.length > 0) {
      if (out.labelSelector === undefined) r.fail(`${f}.matchLabelKeys`, 'cannot be set when labelSelector is not (Kubernetes rejects it)');
      out.matchLabelKeys = keys.map((k, j) => r.needStr(k, `${f}.matchLabelKeys[${j}]`));
    }
    warnUnknownFields(r, x, f, ['maxSkew', 'topologyKey', 'whenUnsatisfiable', 'labelSelector', 'minDomains', 'nodeAffinityPolicy', 'nodeTaintsPolicy', 'matchLabelKeys']);
    return out;
  });
}
