/** `kind: Node`. */
import type { NodeSpec } from '../../model/cluster.js';
import { isRecord } from '../documents.js';
import { parseCpuMillis, parseMemoryMiB } from '../quantity.js';
import type { Warnings } from '../warnings.js';
import { asObject, guarded, type ObjectWhere, Reader, readMeta } from './reader.js';
import { isExtendedResourceName, readExtendedQuantity } from './container.js';
import { readTaints } from './taint.js';
import { NODE_SPEC_FIELDS, OBJECT_FIELDS, OBJECT_META_FIELDS, warnUnknownFields } from './known-fields.js';

/** A `kind: Node` object, as `kubectl get nodes -o json|yaml` prints it. */
export function nodeFromObject(obj: unknown, where: ObjectWhere, warnings: Warnings): NodeSpec {
  return guarded(where.line, () => {
    const r: Reader = new Reader(where.file, 'Node/?', warnings);
    const o = asObject(r, obj, 'Node');
    const meta = readMeta(r, o, 'Node');
    const metadata = r.rec(o.metadata, 'metadata')!;
    const spec = r.rec(o.spec, 'spec') ?? {};
    const status = r.rec(o.status, 'status') ?? {};
    warnUnknownFields(r, o, '', OBJECT_FIELDS);
    warnUnknownFields(r, metadata, 'metadata', OBJECT_META_FIELDS);
    warnUnknownFields(r, spec, 'spec', NODE_SPEC_FIELDS);
    let resField = 'status.allocatable';
    let res = r.rec(status.allocatable, resField);
    if (!res || res.cpu === undefined || res.memory === undefined) {
      const cap = r.rec(status.capacity, 'status.capacity');
      if (cap && cap.cpu !== undefined && cap.memory !== undefined) {
        res = cap;
        resField = 'status.capacity';
      }
    }
    if (!res || res.cpu === undefined || res.cpu === null) r.fail(`${resField}.cpu`, 'is required (status.allocatable or status.capacity)');
    if (res.memory === undefined || res.memory === null) r.fail(`${resField}.memory`, 'is required (status.allocatable or status.capacity)');
    const node: NodeSpec = {
      name: meta.name,
      cpu: parseCpuMillis(res.cpu, { file: r.file, object: r.object, field: `${resField}.cpu` }),
      memory: parseMemoryMiB(res.memory, { file: r.file, object: r.object, field: `${resField}.memory` }),
    };
    // status.allocatable is what kube-scheduler fits requests against (NodeInfo.Allocatable);
    // pods defaults to the kubelet's maxPods (110) when neither allocatable nor capacity says.
    const alloc = r.rec(status.allocatable, 'status.allocatable') ?? {};
    const cap = r.rec(status.capacity, 'status.capacity') ?? {};
    const podsField = alloc.pods !== undefined && alloc.pods !== null ? 'status.allocatable.pods' : cap.pods !== undefined && cap.pods !== null ? 'status.capacity.pods' : undefined;
    // Extended resources the node advertises (device plugins: `nvidia.com/gpu`).
    const ext = Object.keys(alloc).length > 0 ? alloc : cap;
    const extBase = ext === alloc ? 'status.allocatable' : 'status.capacity';
    for (const [k, v] of Object.entries(ext)) {
      if (!isExtendedResourceName(k)) continue;
      const allocatable = (node.allocatable ??= {});
      (allocatable.extended ??= {})[k] = readExtendedQuantity(r, v, `${extBase}.${k}`);
    }
    if (podsField) {
      const v = podsField === 'status.allocatable.pods' ? alloc.pods : cap.pods;
      const pods = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v.trim()) : NaN;
      if (!Number.isInteger(pods) || pods < 0) r.fail(podsField, `must be a whole number of pods, got ${JSON.stringify(v)}`);
      node.allocatable = { ...(node.allocatable ?? {}), pods };
    }
    const labels = r.labels(metadata.labels, 'metadata.labels');
    if (Object.keys(labels).length > 0) node.labels = labels;
    const taints = readTaints(r, spec.taints, 'spec.taints');
    // A cordoned node: the state word covers spec.unschedulable and the
    // node.kubernetes.io/unschedulable NoSchedule taint the node lifecycle controller adds for it,
    // so that taint is not kept as a fixed one (docs/model.md §9.8).
    if (r.bool(spec.unschedulable, 'spec.unschedulable') === true) node.unschedulable = true;
    const kept = taints.filter((t) => !(t.key === 'node.kubernetes.io/unschedulable' && t.effect === 'NoSchedule' && node.unschedulable));
    if (kept.length > 0) node.taints = kept;
    const conditions = r.list(status.conditions, 'status.conditions') ?? [];
    const ready = conditions.find((c) => isRecord(c) && c.type === 'Ready');
    // No Ready condition at all (a hand-written Node): taken as Ready.
    node.status = ready === undefined || (isRecord(ready) && ready.status === 'True') ? 'Ready' : 'NotReady';
    return node;
  });
}
