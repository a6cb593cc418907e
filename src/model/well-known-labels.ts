/** Well-known node labels (k8s.io/api/core/v1, well_known_labels.go). */

/** `v1.LabelHostname`: every node carries it, set to its name. */
export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
/** `v1.LabelTopologyZone`. */
export const LABEL_TOPOLOGY_ZONE = 'topology.kubernetes.io/zone';
/** `v1.LabelTopologyRegion`. */
export const LABEL_TOPOLOGY_REGION = 'topology.kubernetes.io/region';
/** `v1.LabelInstanceTypeStable`. */
export const LABEL_INSTANCE_TYPE = 'node.kubernetes.io/instance-type';
/** `v1.LabelOSStable`: the kubelet sets it to runtime.GOOS. */
export const LABEL_OS = 'kubernetes.io/os';
/** `v1.LabelArchStable`: the kubelet sets it to runtime.GOARCH. */
export const LABEL_ARCH = 'kubernetes.io/arch';
