/**
 * The node lifecycle controller's settings and zones (docs/model.md §8.5): its
 * kube-controller-manager flags with Kubernetes' defaults, and each node's zone as
 * `nodetopology.GetZoneKey` forms it from the region and zone labels.
 */
import type { ClusterSpec } from '../../model/cluster.js';
import type { CompiledNodeLifecycle } from '../../model/config.js';
import { InputError } from '../../model/errors.js';
import { LABEL_TOPOLOGY_REGION, LABEL_TOPOLOGY_ZONE } from '../../model/well-known-labels.js';
import { nodesCanFail, TICKS_PER_SECOND } from './taints.js';

/** kube-controller-manager's defaults (cmd/kube-controller-manager/app/options/nodelifecyclecontroller.go). */
export const DEFAULT_NODE_EVICTION_RATE = 0.1;
export const DEFAULT_SECONDARY_NODE_EVICTION_RATE = 0.01;
export const DEFAULT_UNHEALTHY_ZONE_THRESHOLD = 0.55;
export const DEFAULT_LARGE_CLUSTER_SIZE_THRESHOLD = 50;

const BETA_ZONE = 'failure-domain.beta.kubernetes.io/zone';
const BETA_REGION = 'failure-domain.beta.kubernetes.io/region';

/** `GetZoneKey` (k8s.io/component-helpers/node/topology): the beta labels first; '' for neither. */
function zoneKey(labels: Record<string, string>): string {
  const zone = labels[BETA_ZONE] ?? labels[LABEL_TOPOLOGY_ZONE] ?? '';
  const region = labels[BETA_REGION] ?? labels[LABEL_TOPOLOGY_REGION] ?? '';
  if (region === '' && zone === '') return '';
  return region === '' ? zone : `${region}/${zone}`;
}

/** A rate in nodes per second as ticks between two nodes: 10 / rate, rounded up; 0 = never. */
function periodOf(rate: number): number {
  return rate <= 0 ? 0 : Math.ceil(TICKS_PER_SECOND / rate);
}

function readNumber(v: unknown, dflt: number, field: string, max: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > max) throw new InputError(`must be a number from 0 to ${max}, got ${JSON.stringify(v)}`, 'nodeLifecycle', field);
  return v;
}

/** The controller's zones and rates; null when no node can leave Ready. */
export function compileNodeLifecycle(spec: ClusterSpec, labels: Record<string, string>[]): CompiledNodeLifecycle | null {
  const nl = spec.nodeLifecycle ?? {};
  const evictionRate = readNumber(nl.nodeEvictionRate, DEFAULT_NODE_EVICTION_RATE, 'nodeEvictionRate', 1000);
  const secondaryRate = readNumber(nl.secondaryNodeEvictionRate, DEFAULT_SECONDARY_NODE_EVICTION_RATE, 'secondaryNodeEvictionRate', 1000);
  const threshold = readNumber(nl.unhealthyZoneThreshold, DEFAULT_UNHEALTHY_ZONE_THRESHOLD, 'unhealthyZoneThreshold', 1);
  const large = readNumber(nl.largeClusterSizeThreshold, DEFAULT_LARGE_CLUSTER_SIZE_THRESHOLD, 'largeClusterSizeThreshold', 1_000_000);
  if (!Number.isInteger(large)) throw new InputError(`must be a whole number of nodes, got ${large}`, 'nodeLifecycle', 'largeClusterSizeThreshold');
  if (!nodesCanFail(spec)) return null;
  const zoneNames: string[] = [];
  const zoneOf = new Int32Array(labels.length + 1);
  labels.forEach((l, i) => {
    const key = zoneKey(l);
    let z = zoneNames.indexOf(key);
    if (z < 0) z = zoneNames.push(key) - 1;
    zoneOf[i + 1] = z;
  });
  const zoneSize = new Int32Array(zoneNames.length);
  for (let n = 1; n < zoneOf.length; n++) zoneSize[zoneOf[n]] += 1;
  const evictionPeriod = periodOf(evictionRate);
  const secondaryEvictionPeriod = periodOf(secondaryRate);
  return {
    zoneOf,
    zoneSize,
    zoneNames,
    unhealthyZoneThreshold: Math.round(threshold * 10_000),
    largeClusterSizeThreshold: large,
    evictionPeriod,
    secondaryEvictionPeriod,
    maxPeriod: Math.max(evictionPeriod, secondaryEvictionPeriod),
  };
}
