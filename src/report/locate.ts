/** Where a failure points in the user's files: the manifest of its deployment (or HPA), else the input. */
import type { Failure } from '../check.js';
import type { ClusterSpec } from '../model/cluster.js';

export function locateFailure(spec: ClusterSpec, f: Pick<Failure, 'intent'>): { file?: string; line?: number } {
  const sources = spec.sources ?? {};
  const dep = spec.intents.find((i) => i.name === f.intent)?.params?.deployment ?? spec.deployments[0]?.name;
  return (dep && (sources[`Deployment/${dep}`] ?? sources[`HorizontalPodAutoscaler/${dep}`])) || sources['*'] || {};
}
