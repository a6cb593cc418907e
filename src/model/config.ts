/**
 * The static configuration of a compiled cluster (`model.md` §3.1): never changes during a run
 * and is shared by every state. Per-node and per-template facts that the reference recomputed
 * per scheduling attempt (label matches, affinity, topology domains) are precomputed here as
 * typed arrays indexed by node (1..N, slot 0 unused) or template (1..T).
 */
import type { Layout } from './layout.js';

export interface CompiledConstraint {
  /** Position in the template's `topologySpreadConstraints` list (0-based). */
  index: number;
  topologyKey: string;
  hard: boolean; // DoNotSchedule
  maxSkew: number;
  minDomains: number;
  /** nodeAffinityPolicy Honor: nodes failing the pod's required affinity are not counted. */
  honorAffinity: boolean;
  /** nodeTaintsPolicy Honor (taints are not modelled yet, so it only records the setting). */
  honorTaints: boolean;
  /** domainOf[n]: value id of the node's topologyKey label, 1-based; 0 = the node lacks the key. */
  domainOf: Int32Array;
  /** Number of distinct value ids over all nodes. */
  domainCount: number;
  /** matchesTemplate[t] = 1 if pods of template t match the selector (pod labels are the template's). */
  matchesTemplate: Uint8Array;
  /** 1 if the template that owns the constraint matches its own selector. */
  selfMatch: number;
}

export interface CompiledTemplate {
  name: string;
  cpuRequest: number;
  memRequest: number;
  /** Usage of a newly created pod (`model.md` §7.1.4). */
  cpuUsage: number;
  memUsage: number;
  /** Node index of `spec.nodeName`, 0 if unset. */
  nodeName: number;
  /** requiredNodes[n] = 1 if node n passes the required node affinity; null = no requirement. */
  requiredNodes: Uint8Array | null;
  /** Sum of the weights of the preferred terms node n matches; null = no preferred terms. */
  preferredWeight: Int32Array | null;
  hard: CompiledConstraint[];
  soft: CompiledConstraint[];
  /** No constraints were given: Kubernetes' system defaults apply (model.md §2.5). */
  systemDefaultSpread: boolean;
}

export interface CompiledMetric {
  /** 0 = cpu, 1 = memory (`model.md` §2.4). */
  resource: number;
  /** 0 = AverageValue, 1 = Utilization. */
  type: number;
  target: number;
}

export interface CompiledEvent {
  kind: 'eventCpuChange';
  deployment: number;
  afterStable: boolean;
}

export interface CompiledCluster {
  name: string;
  layout: Layout;
  /** 1-based; index 0 is "". */
  nodeNames: string[];
  deploymentNames: string[];
  /** Name of the pod in each slot; generated pods are `<deployment>-<slot>` (README decision 6). */
  podNames: (string | null)[];
  templates: CompiledTemplate[];
  /** HPA metrics per deployment (1-based). */
  hpaMetrics: CompiledMetric[][];
  /** Some deployment has an HPA: the HPA process runs (`model.md` §2.7, HPA_ENABLED). */
  hpaOn: boolean;
  events: CompiledEvent[];
  hasAfterStableEvents: boolean;
  /** Intent codes being checked (`src/intents/catalog.ts`), in the order the user gave them. */
  intents: number[];
  initial: Int32Array;
}

/**
 * The name shown for the pod in `slot`. Initial pods keep their own name; a slot the deployment
 * controller fills is named `<deployment>-<slot>`. (Until pods carry an incarnation bit, a reused
 * initial slot keeps its initial name; built-in cases name initial pods by the same rule.)
 */
export function podName(cfg: CompiledCluster, slot: number, owner: number): string {
  const fixed = cfg.podNames[slot];
  if (fixed) return fixed;
  return owner > 0 ? `${cfg.deploymentNames[owner]}-${slot}` : `pod-${slot}`;
}
