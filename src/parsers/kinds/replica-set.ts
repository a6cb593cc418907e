/** ReplicaSets: kivi reads them only to find the Deployment that owns a pod. */

/**
 * The deployment a ReplicaSet belongs to: Kubernetes names it `<deployment>-<pod-template-hash>`,
 * and the pod carries the hash as a label; without the label, the name minus its last segment.
 * (Kubernetes: `getNewReplicaSet`, pkg/controller/deployment/sync.go.)
 */
export function replicaSetDeployment(rsName: string, hash: unknown): string {
  return typeof hash === 'string' && rsName.endsWith(`-${hash}`) ? rsName.slice(0, -hash.length - 1) : rsName.replace(/-[^-]+$/, '');
}
