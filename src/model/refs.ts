/**
 * References to the Kubernetes objects a step is about, `{kind, namespace, name}`, as the
 * controllers record them beside their messages (the reports read these; nothing parses message
 * text). Made only when a log is attached: never inside the search.
 */
import { podName, type CompiledCluster } from './config.js';
import { D_TEMPLATE, P_TEMPLATE, depAt, podAt } from './layout.js';

export interface KubeObjectRef {
  readonly kind: 'Node' | 'Deployment' | 'Pod';
  readonly namespace?: string;
  readonly name: string;
}

export function nodeRef(cfg: CompiledCluster, n: number): KubeObjectRef {
  return { kind: 'Node', name: cfg.nodeNames[n] };
}

function templateNamespace(cfg: CompiledCluster, t: number): string {
  const tmpl = cfg.templates[t];
  return tmpl ? cfg.namespaces[tmpl.namespace] ?? 'default' : 'default';
}

/** A deployment lives in the namespace of the pod template it was declared with. */
export function deploymentRef(cfg: CompiledCluster, d: number): KubeObjectRef {
  return { kind: 'Deployment', namespace: templateNamespace(cfg, cfg.initial[depAt(cfg.layout, d) + D_TEMPLATE]), name: cfg.deploymentNames[d] };
}

/** The pod in `slot` as it is in state `s` (take it before a deletion clears the slot). */
export function podRef(cfg: CompiledCluster, s: Int32Array, slot: number): KubeObjectRef {
  return { kind: 'Pod', namespace: templateNamespace(cfg, s[podAt(cfg.layout, slot) + P_TEMPLATE]), name: podName(cfg, s, slot) };
}
