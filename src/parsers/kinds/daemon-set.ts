/** `kind: DaemonSet` (apps/v1): the pod template whose pods take capacity on the nodes they run on. */
import type { DaemonSetSpec } from '../../model/cluster.js';
import type { Warnings } from '../warnings.js';
import { podTemplateFromPodSpec } from './pod-spec.js';
import { asObject, guarded, type ObjectWhere, Reader, readMeta } from './reader.js';
import { OBJECT_FIELDS, OBJECT_META_FIELDS, POD_TEMPLATE_FIELDS, warnUnknownFields } from './known-fields.js';

/** `appsv1.DaemonSetSpec`. */
const DAEMON_SET_SPEC_FIELDS = ['selector', 'template', 'updateStrategy', 'minReadySeconds', 'revisionHistoryLimit'];

export function daemonSetFromObject(obj: unknown, where: ObjectWhere, warnings: Warnings): DaemonSetSpec {
  return guarded(where.line, () => {
    const r: Reader = new Reader(where.file, 'DaemonSet/?', warnings);
    const o = asObject(r, obj, 'DaemonSet');
    const meta = readMeta(r, o, 'DaemonSet');
    const namespace = meta.namespace ?? where.namespace ?? 'default';
    const spec = r.needRec(o.spec, 'spec');
    const template = r.needRec(spec.template, 'spec.template');
    const tmeta = r.rec(template.metadata, 'spec.template.metadata');
    warnUnknownFields(r, o, '', OBJECT_FIELDS);
    warnUnknownFields(r, spec, 'spec', DAEMON_SET_SPEC_FIELDS);
    warnUnknownFields(r, template, 'spec.template', POD_TEMPLATE_FIELDS);
    warnUnknownFields(r, tmeta, 'spec.template.metadata', OBJECT_META_FIELDS);
    const labels = r.labels(tmeta?.labels, 'spec.template.metadata.labels');
    const tpl = podTemplateFromPodSpec(meta.name, labels, template.spec, {
      file: where.file, object: r.object, line: where.line, namespace, path: 'spec.template.spec',
    }, warnings);
    return { name: meta.name, template: tpl };
  });
}
