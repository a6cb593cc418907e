/**
 * The scaling search's input (docs/scaling.md, "Types and bounds"): the kinds of nodes and deployments
 * a cluster is made of, with count bounds, and everything else (templates, events, intents,
 * controllers) shared by every concrete setup.
 */
import type { ClusterSpec, DeploymentSpec, NodeSpec } from '../model/cluster.js';

export interface NodeType {
  /** Shown in setups: `zone-1 nodes`. */
  label: string;
  /** The node every member copies (its name is replaced). */
  template: NodeSpec;
  minSize: number;
  maxSize: number;
}

export interface DeploymentType {
  label: string;
  /** The deployment (its `replicas` is replaced; it starts absent and is created). */
  template: DeploymentSpec;
  minSize: number;
  maxSize: number;
  /** HPA maximum = min(replicas · hpaFactor, maxPodPerNode · nodes); the minimum = replicas. */
  hpaFactor: number;
  /** Keep the template HPA's own bounds (see ScalingDeploymentSpec.keepHpaBounds). */
  keepHpaBounds?: boolean;
}

export interface ScalingTemplate {
  /** Pod templates, manifests, events, intents, descheduler, scheduler: copied into every setup. */
  base: Omit<ClusterSpec, 'nodes' | 'pods' | 'deployments' | 'spareSlots' | 'scaling'>;
  nodeTypes: NodeType[];
  deploymentTypes: DeploymentType[];
  /** At most this many pods per node on average (`max_pod_per_node`, default 7). */
  maxPodPerNode: number;
  /**
   * Node names that pod templates pin with `nodeName`, mapped to their node type: in a setup
   * the pin goes to the first node of that type (or the first node, if the type has none).
   */
  pinnedTypes: Record<string, number>;
}

/** One count per node type and per deployment type. */
export interface Setup {
  nodes: number[];
  deployments: number[];
}

export interface ScalingOptions {
  /** `-f`: 1 makes counts advance by 2 from 7 on (docs/scaling.md, "Setups, smallest first"). */
  fastFind?: number;
  /** Per-type node cap (`confident_node_size`, 6). */
  maxNodesPerType?: number;
  /** Average pods per node cap (`confident_pod_size_factor`, 6). */
  podsPerNodeCap?: number;
}
