/** Well-known node labels (k8s.io/api/core/v1, well_known_labels.go). */

/** `v1.LabelHostname`: every node carries it, set to its name. */
export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
/** `v1.LabelTopologyZone`. */
export const LABEL_TOPOLOGY_ZONE = 'topology.kubernetes.io/zone';
