/** Deployments: replicas, pod template, HorizontalPodAutoscaler and update strategy. */
import { type DeploymentSpec, type HpaMetricSpec, type HpaSpec, MAX_REPLICAS, type StrategySpec } from '../../model/cluster.js';
import type { CompiledHpa, CompiledMetric, CompiledTemplate } from '../../model/config.js';
import { InputError } from '../../model/errors.js';
import { STRATEGY_RECREATE, STRATEGY_ROLLING } from '../../model/layout.js';
import { compileBehavior } from './hpa.js';
import { requireInt } from './input.js';

/**
 * Kubernetes' RollingUpdate defaults: 25 % surge and 25 % unavailable
 * (`SetDefaults_Deployment` in pkg/apis/apps/v1/defaults.go).
 */
export const DEFAULT_PERCENT = 25;

export interface CompiledWorkloads {
  /** By HPA index (index 0 unused); manifests append theirs. */
  hpas: CompiledHpa[];
  /** The HPA index of each deployment (0: none), by deployment index. */
  depHpa: number[];
}

/** Check every deployment's replicas and template, and compile the HPAs they declare. */
export function compileDeployments(
  deployments: DeploymentSpec[],
  templateIdx: Map<string, number>,
  templates: CompiledTemplate[],
): CompiledWorkloads {
  const hpas: CompiledHpa[] = [null as unknown as CompiledHpa];
  const depHpa: number[] = [0];
  for (const d of deployments) {
    const object = `Deployment/${d.name}`;
    requireInt(d.replicas, object, 'replicas', 0, MAX_REPLICAS);
    const t = templateIdx.get(d.template);
    if (!t) throw new InputError(`pod template "${d.template}" does not exist`, object, 'template');
    if (d.hpa) {
      hpas.push(compileHpa(d.hpa, `HorizontalPodAutoscaler/${d.name}`, templates[t]));
      depHpa.push(hpas.length - 1);
    } else depHpa.push(0);
  }
  return { hpas, depHpa };
}

/** One HPA metric: a resource (0 cpu, 1 memory) and a target type (1 Utilization, 0 AverageValue). */
function compileMetric(m: HpaMetricSpec, i: number, object: string, template: CompiledTemplate): CompiledMetric {
  requireInt(m.target, object, `metrics[${i}].target`, 1);
  const resource = m.resource === 'cpu' ? 0 : m.resource === 'memory' ? 1 : -1;
  if (resource < 0) throw new InputError(`unsupported resource ${JSON.stringify(m.resource)} (cpu or memory)`, object, `metrics[${i}].resource`);
  const type = m.type === 'Utilization' ? 1 : m.type === 'AverageValue' ? 0 : -1;
  if (type < 0) throw new InputError(`unsupported target type ${JSON.stringify(m.type)} (Utilization or AverageValue)`, object, `metrics[${i}].type`);
  // Utilization is a percentage of the request; the HPA controller fails on a pod without one
  // (`calculatePodRequests` in pkg/controller/podautoscaler/replica_calculator.go).
  if (type === 1 && (resource === 0 ? template.cpuRequest : template.memRequest) === 0) {
    throw new InputError(`a Utilization target needs a ${m.resource} request in the pod template`, object, `metrics[${i}]`);
  }
  return { resource, type, target: m.target };
}

/** An HPA over pods of `template`: replica bounds and at least one metric. */
export function compileHpa(h: HpaSpec, object: string, template: CompiledTemplate): CompiledHpa {
  requireInt(h.minReplicas, object, 'minReplicas', 1);
  requireInt(h.maxReplicas, object, 'maxReplicas', 1, MAX_REPLICAS);
  if (h.minReplicas > h.maxReplicas) {
    throw new InputError(`minReplicas (${h.minReplicas}) is greater than maxReplicas (${h.maxReplicas})`, object, 'minReplicas');
  }
  if (!Array.isArray(h.metrics) || h.metrics.length === 0) throw new InputError('at least one metric is required', object, 'metrics');
  const metrics = h.metrics.map((m, i) => compileMetric(m, i, object, template));
  return { minReplicas: h.minReplicas, maxReplicas: h.maxReplicas, metrics, behavior: compileBehavior(h.behavior, object) };
}

/** An update strategy; none given is Recreate (the reference's only working strategy). */
export function compileStrategy(st: StrategySpec | undefined, object: string): { type: number; surge: number; unavailable: number } {
  if (st === undefined) return { type: STRATEGY_RECREATE, surge: DEFAULT_PERCENT, unavailable: DEFAULT_PERCENT };
  if (st.type !== 'Recreate' && st.type !== 'RollingUpdate') {
    throw new InputError(`must be Recreate or RollingUpdate, got ${JSON.stringify(st.type)}`, object, 'strategy.type');
  }
  const surge = requireInt(st.maxSurge ?? DEFAULT_PERCENT, object, 'strategy.maxSurge');
  const unavailable = requireInt(st.maxUnavailable ?? DEFAULT_PERCENT, object, 'strategy.maxUnavailable');
  return { type: st.type === 'Recreate' ? STRATEGY_RECREATE : STRATEGY_ROLLING, surge, unavailable };
}
