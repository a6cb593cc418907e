/** `kind: Pod`. */
import type { PodSpec, PodTemplateSpec } from '../../model/cluster.js';
import { isRecord, type SourceObject } from '../documents.js';
import type { Warnings } from '../warnings.js';
import { DELETION_COST_ANNOTATION, EVICT_ANNOTATION, podTemplateFromPodSpec, readSafeToEvict } from './pod-spec.js';
import { asObject, guarded, Reader, readMeta } from './reader.js';
import { OBJECT_FIELDS, OBJECT_META_FIELDS, warnUnknownFields } from './known-fields.js';
import { replicaSetDeployment } from './replica-set.js';

/** Deployments by name, with their namespace: what a pod's owner is looked up in. */
export type DeploymentsByName = Map<string, { namespace: string }>;

/** The deployment owning a pod through its ReplicaSet. */
function owningDeployment(
  r: Reader,
  meta: Record<string, unknown>,
  namespace: string,
  deployments: DeploymentsByName,
): { deployment?: string; ownerKind?: string } {
  const owners = (r.list(meta.ownerReferences, 'metadata.ownerReferences') ?? []).filter(isRecord);
  const owner = owners.find((o) => o.controller === true) ?? owners[0];
  if (!owner) return {};
  const kind = typeof owner.kind === 'string' ? owner.kind : '?';
  const name = typeof owner.name === 'string' ? owner.name : '';
  if (kind !== 'ReplicaSet') return { ownerKind: kind };
  const labels = isRecord(meta.labels) ? meta.labels : {};
  const base = replicaSetDeployment(name, labels['pod-template-hash']);
  const d = deployments.get(base);
  if (d && d.namespace === namespace) return { deployment: base };
  return { ownerKind: kind };
}

/**
 * A `kind: Pod`. A pod owned by a ReplicaSet of one of `deployments` belongs to that deployment;
 * any other pod is a bare pod with a template of its own. Succeeded and Failed pods: undefined.
 */
export function podFromObject(
  so: SourceObject,
  defaultNs: string,
  warnings: Warnings,
  deployments: DeploymentsByName,
  templateNames: Set<string>,
): { spec: PodSpec; template?: PodTemplateSpec; namespace: string } | undefined {
  return guarded(so.line, () => {
    const r: Reader = new Reader(so.file, 'Pod/?', warnings);
    const o = asObject(r, so.value, 'Pod');
    const meta = readMeta(r, o, 'Pod');
    const namespace = meta.namespace ?? defaultNs;
    const metadata = r.rec(o.metadata, 'metadata')!;
    warnUnknownFields(r, o, '', OBJECT_FIELDS);
    warnUnknownFields(r, metadata, 'metadata', OBJECT_META_FIELDS);
    const labels = r.labels(metadata.labels, 'metadata.labels');
    const specObj = r.needRec(o.spec, 'spec');
    const status = r.rec(o.status, 'status') ?? {};
    const phase = r.str(status.phase, 'status.phase');
    if (phase === 'Succeeded' || phase === 'Failed') {
      r.note('status.phase', `a ${phase} pod uses no resources, ignored`);
      return undefined;
    }
    if (metadata.deletionTimestamp !== undefined && metadata.deletionTimestamp !== null) {
      r.warn('metadata.deletionTimestamp', 'the pod is terminating; kivi keeps it as it is');
    }
    const owner = owningDeployment(r, metadata, namespace, deployments);
    // Parsed for bare and owned pods alike: the checks and warnings apply to both.
    const templateName = templateNames.has(meta.name) ? `Pod/${meta.name}` : meta.name;
    const template = podTemplateFromPodSpec(templateName, labels, specObj, { file: so.file, object: r.object, line: so.line, namespace, path: 'spec' }, warnings);
    const safeToEvict = readSafeToEvict(r, metadata, 'metadata');
    if (safeToEvict !== undefined) template.safeToEvict = safeToEvict;
    const node = template.nodeName;
    const spec: PodSpec = { name: meta.name, phase: phase === 'Running' && node ? 'Running' : 'Pending' };
    if (node) spec.node = node;
    if (phase === 'Unknown') r.warn('status.phase', `phase Unknown is taken as ${spec.phase}`);
    const annotations = isRecord(metadata.annotations) ? metadata.annotations : {};
    if (owner.deployment && DELETION_COST_ANNOTATION in annotations) {
      // Pods of one ReplicaSet with different costs are deleted in cost order on a scale-down;
      // kivi ranks them as if every cost were 0 (docs/model.md §8.1.1), which may pick others.
      r.warn('metadata.annotations', `${DELETION_COST_ANNOTATION} is not modelled: a scale-down ranks this pod as if its cost were 0`);
    }
    if (owner.deployment) {
      spec.deployment = owner.deployment;
      return { spec, namespace };
    }
    if (owner.ownerKind) {
      // One warning per file and owner kind.
      warnings.add(`pods owned by a ${owner.ownerKind} (not a Deployment among the manifests) are kept as bare pods`, so.file, undefined, 'metadata.ownerReferences');
    }
    if (owner.ownerKind) template.ownerKind = owner.ownerKind;
    // utils.IsMirrorPod, utils.IsStaticPod: the descheduler never evicts these.
    if ('kubernetes.io/config.mirror' in annotations || (typeof annotations['kubernetes.io/config.source'] === 'string' && annotations['kubernetes.io/config.source'] !== 'api')) {
      template.mirror = true;
    }
    if (EVICT_ANNOTATION in annotations) template.evictAnnotation = true;
    spec.template = template.name;
    return { spec, template, namespace };
  });
}
