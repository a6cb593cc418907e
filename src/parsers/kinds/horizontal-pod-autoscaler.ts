/** `kind: HorizontalPodAutoscaler` (autoscaling/v1, v2, v2beta2, v2beta1). */
import type { HpaBehaviorSpec, HpaMetricSpec, HpaSpec } from '../../model/cluster.js';
import { readBehavior } from './hpa-behavior.js';
import { parseCpuMillis, parseMemoryMiB } from '../quantity.js';
import type { Warnings } from '../warnings.js';
import { asObject, guarded, type ObjectWhere, Reader, readMeta, show } from './reader.js';
import { HPA_V1_SPEC_FIELDS, HPA_V2_SPEC_FIELDS, warnUnknownFields } from './known-fields.js';

/** Kubernetes' target when an HPA names no metric. */
const DEFAULT_CPU_UTILIZATION = 80;

function readResourceName(r: Reader, v: unknown, field: string): 'cpu' | 'memory' {
  const name = r.needStr(v, field);
  if (name !== 'cpu' && name !== 'memory') r.fail(field, `unsupported resource ${show(name)} (kivi models cpu and memory)`);
  return name;
}

function averageValue(r: Reader, resource: 'cpu' | 'memory', v: unknown, field: string): number {
  if (v === undefined || v === null) r.fail(field, 'is required');
  const where = { file: r.file, object: r.object, field };
  const n = resource === 'cpu' ? parseCpuMillis(v, where) : parseMemoryMiB(v, where);
  if (n <= 0) r.fail(field, `must be positive, got ${show(v)}`);
  return n;
}

/** The metric source types of autoscaling/v2 (`MetricSourceType`) besides Resource. */
const OTHER_METRIC_TYPES = ['Pods', 'Object', 'External', 'ContainerResource'];

/** One metric; undefined for a valid metric type kivi does not model (warned about). */
function readV2Metric(r: Reader, m: unknown, f: string, beta1: boolean): HpaMetricSpec | undefined {
  const x = r.needRec(m, f);
  warnUnknownFields(r, x, f, ['type', 'resource', 'pods', 'object', 'external', 'containerResource']);
  const type = r.needStr(x.type, `${f}.type`);
  if (OTHER_METRIC_TYPES.includes(type)) {
    // A valid HPA (ValidateMetricSpec accepts these), with values kivi cannot know: not an input
    // mistake, an unmodelled feature (docs/inputs.md "What kivi does not model").
    r.warn(`${f}.type`, `metric type ${type} is not modelled: kivi scales on the HPA's Resource metrics (cpu, memory) only`);
    return undefined;
  }
  if (type !== 'Resource') {
    r.fail(`${f}.type`, `must be Resource, Pods, Object, External or ContainerResource, got ${show(type)}`);
  }
  const res = r.needRec(x.resource, `${f}.resource`);
  warnUnknownFields(r, res, `${f}.resource`, beta1 ? ['name', 'targetAverageUtilization', 'targetAverageValue'] : ['name', 'target']);
  const resource = readResourceName(r, res.name, `${f}.resource.name`);
  if (beta1) {
    if (res.targetAverageUtilization !== undefined && res.targetAverageUtilization !== null) {
      return { resource, type: 'Utilization', target: r.needInt(res.targetAverageUtilization, `${f}.resource.targetAverageUtilization`, 1) };
    }
    return { resource, type: 'AverageValue', target: averageValue(r, resource, res.targetAverageValue, `${f}.resource.targetAverageValue`) };
  }
  const target = r.needRec(res.target, `${f}.resource.target`);
  warnUnknownFields(r, target, `${f}.resource.target`, ['type', 'value', 'averageValue', 'averageUtilization']);
  const ttype = r.needStr(target.type, `${f}.resource.target.type`);
  switch (ttype) {
    case 'Utilization':
      return { resource, type: 'Utilization', target: r.needInt(target.averageUtilization, `${f}.resource.target.averageUtilization`, 1) };
    case 'AverageValue':
      return { resource, type: 'AverageValue', target: averageValue(r, resource, target.averageValue, `${f}.resource.target.averageValue`) };
    case 'Value':
      return r.fail(`${f}.resource.target.type`, 'target type Value is not valid for a Resource metric (Kubernetes accepts Utilization or AverageValue)');
    default:
      return r.fail(`${f}.resource.target.type`, `must be Utilization or AverageValue, got ${show(ttype)}`);
  }
}

/** A `kind: HorizontalPodAutoscaler` (autoscaling/v1, v2, v2beta2, v2beta1) targeting a Deployment. */
export function hpaFromObject(obj: unknown, where: ObjectWhere, warnings: Warnings): { target: string; namespace: string; hpa?: HpaSpec } {
  return guarded(where.line, () => {
    const r: Reader = new Reader(where.file, 'HorizontalPodAutoscaler/?', warnings);
    const o = asObject(r, obj, 'HorizontalPodAutoscaler');
    const meta = readMeta(r, o, 'HorizontalPodAutoscaler');
    const namespace = meta.namespace ?? where.namespace ?? 'default';
    const spec = r.needRec(o.spec, 'spec');
    const ref = r.needRec(spec.scaleTargetRef, 'spec.scaleTargetRef');
    const kind = r.needStr(ref.kind, 'spec.scaleTargetRef.kind');
    if (kind !== 'Deployment') r.fail('spec.scaleTargetRef.kind', `must be Deployment (kivi scales Deployments only), got ${show(kind)}`);
    const target = r.needStr(ref.name, 'spec.scaleTargetRef.name');
    const minReplicas = r.int(spec.minReplicas, 'spec.minReplicas', 1) ?? 1;
    const maxReplicas = r.needInt(spec.maxReplicas, 'spec.maxReplicas', 1);
    if (maxReplicas < minReplicas) r.fail('spec.maxReplicas', `must be >= minReplicas (${minReplicas}), got ${maxReplicas}`);
    const api = typeof o.apiVersion === 'string' ? o.apiVersion : '';
    let metrics: HpaMetricSpec[];
    let behavior: HpaBehaviorSpec | undefined;
    const v1 = api === 'autoscaling/v1' || (api === '' && spec.metrics === undefined && spec.targetCPUUtilizationPercentage !== undefined);
    warnUnknownFields(r, spec, 'spec', v1 ? HPA_V1_SPEC_FIELDS : HPA_V2_SPEC_FIELDS);
    if (v1) {
      if (spec.metrics !== undefined) r.warn('spec.metrics', 'autoscaling/v1 has no metrics list, ignored (use autoscaling/v2)');
      const pct = r.int(spec.targetCPUUtilizationPercentage, 'spec.targetCPUUtilizationPercentage', 1) ?? DEFAULT_CPU_UTILIZATION;
      metrics = [{ resource: 'cpu', type: 'Utilization', target: pct }];
    } else {
      if (api !== '' && !['autoscaling/v2', 'autoscaling/v2beta2', 'autoscaling/v2beta1'].includes(api)) {
        r.fail('apiVersion', `unsupported ${show(api)} (autoscaling/v1, v2, v2beta2 or v2beta1)`);
      }
      if (spec.targetCPUUtilizationPercentage !== undefined) {
        r.fail('spec.targetCPUUtilizationPercentage', `is an autoscaling/v1 field; ${api || 'this version'} uses spec.metrics`);
      }
      const list = r.list(spec.metrics, 'spec.metrics') ?? [];
      metrics = list.map((m, i) => readV2Metric(r, m, `spec.metrics[${i}]`, api === 'autoscaling/v2beta1')).filter((m) => m !== undefined);
      if (list.length === 0) metrics = [{ resource: 'cpu', type: 'Utilization', target: DEFAULT_CPU_UTILIZATION }];
      if (metrics.length === 0) {
        r.warn('spec.metrics', 'no metric kivi models: it keeps the deployment at its replica count, as if this HPA never scaled it');
        return { target, namespace };
      }
      if (api === 'autoscaling/v2beta1') {
        if (spec.behavior !== undefined && spec.behavior !== null) r.fail('spec.behavior', 'is not a field of autoscaling/v2beta1 (use autoscaling/v2)');
      } else behavior = readBehavior(r, spec.behavior);
    }
    return { target, namespace, hpa: behavior ? { minReplicas, maxReplicas, metrics, behavior } : { minReplicas, maxReplicas, metrics } };
  });
}
