/** `kind: Deployment` (apps/v1). */
import type { DeploymentSpec, PodTemplateSpec, StrategySpec } from '../../model/cluster.js';
import type { Warnings } from '../warnings.js';
import { readExpressions, selectorMatches } from './label-selector.js';
import { isRecord } from '../documents.js';
import { DELETION_COST_ANNOTATION, EVICT_ANNOTATION, podTemplateFromPodSpec, readSafeToEvict } from './pod-spec.js';
import { asObject, guarded, type ObjectWhere, Reader, readMeta, show } from './reader.js';
import {
  DEPLOYMENT_SPEC_FIELDS, LABEL_SELECTOR_FIELDS, OBJECT_FIELDS, OBJECT_META_FIELDS, POD_TEMPLATE_FIELDS,
  ROLLING_UPDATE_FIELDS, STRATEGY_FIELDS, warnUnknownFields,
} from './known-fields.js';

function readPercentOrInt(r: Reader, v: unknown, field: string): { percent: number } | { absolute: number } | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return { absolute: v };
  if (typeof v === 'string') {
    const m = /^(\d+)%$/.exec(v.trim());
    if (m) return { percent: Number(m[1]) };
  }
  return r.fail(field, `must be an integer >= 0 or a percentage such as "25%", got ${show(v)}`);
}

function readStrategy(r: Reader, v: unknown, replicas: number): StrategySpec {
  const st = r.rec(v, 'spec.strategy');
  const type = r.oneOf(st?.type, 'spec.strategy.type', ['Recreate', 'RollingUpdate'] as const) ?? 'RollingUpdate';
  const ru = r.rec(st?.rollingUpdate, 'spec.strategy.rollingUpdate');
  warnUnknownFields(r, st, 'spec.strategy', STRATEGY_FIELDS);
  warnUnknownFields(r, ru, 'spec.strategy.rollingUpdate', ROLLING_UPDATE_FIELDS);
  if (type === 'Recreate') {
    if (ru) r.fail('spec.strategy.rollingUpdate', 'may not be given when the strategy type is Recreate (Kubernetes rejects it)');
    return { type };
  }
  const toPercent = (key: 'maxSurge' | 'maxUnavailable'): number => {
    const field = `spec.strategy.rollingUpdate.${key}`;
    const val = readPercentOrInt(r, ru?.[key], field);
    if (val === undefined) return 25;
    if ('percent' in val) return val.percent;
    const n = val.absolute;
    if (n === 0) return 0;
    let p: number;
    if (replicas === 0) {
      p = 100;
    } else {
      // Kubernetes rounds maxSurge up and maxUnavailable down from the percentage; these
      // roundings give back exactly n at spec.replicas (for up to 100 replicas).
      p = key === 'maxSurge' ? Math.max(1, Math.floor((100 * n) / replicas)) : Math.ceil((100 * n) / replicas);
    }
    r.warn(field, replicas === 0
      ? `the absolute value ${n} cannot be a percentage of 0 replicas; kivi uses ${p}%`
      : `the absolute value ${n} is converted to ${p}% of ${replicas} replicas (kivi keeps percentages; it differs from ${n} when the replica count changes)`);
    return p;
  };
  const maxSurge = toPercent('maxSurge');
  const maxUnavailable = toPercent('maxUnavailable');
  if (maxUnavailable > 100) r.fail('spec.strategy.rollingUpdate.maxUnavailable', `must not be more than 100%, got ${maxUnavailable}%`);
  if (maxSurge === 0 && maxUnavailable === 0) {
    r.fail('spec.strategy.rollingUpdate', 'maxSurge and maxUnavailable may not both be 0 (Kubernetes rejects it)');
  }
  return { type, maxSurge, maxUnavailable };
}

/** A `kind: Deployment` (apps/v1) object. */
export function deploymentFromObject(
  obj: unknown,
  where: ObjectWhere,
  warnings: Warnings,
): { deployment: DeploymentSpec; template: PodTemplateSpec; namespace: string; selector: Record<string, string> } {
  return guarded(where.line, () => {
    const r: Reader = new Reader(where.file, 'Deployment/?', warnings);
    const o = asObject(r, obj, 'Deployment');
    const meta = readMeta(r, o, 'Deployment');
    const namespace = meta.namespace ?? where.namespace ?? 'default';
    if (typeof o.apiVersion === 'string' && o.apiVersion !== 'apps/v1') {
      r.warn('apiVersion', `${o.apiVersion} is read as apps/v1 (its defaults may differ)`);
    }
    const spec = r.needRec(o.spec, 'spec');
    warnUnknownFields(r, o, '', OBJECT_FIELDS);
    warnUnknownFields(r, o.metadata, 'metadata', OBJECT_META_FIELDS);
    warnUnknownFields(r, spec, 'spec', DEPLOYMENT_SPEC_FIELDS);
    const replicas = r.int(spec.replicas, 'spec.replicas', 0) ?? 1;
    const template = r.needRec(spec.template, 'spec.template');
    const tmeta = r.rec(template.metadata, 'spec.template.metadata');
    warnUnknownFields(r, template, 'spec.template', POD_TEMPLATE_FIELDS);
    warnUnknownFields(r, tmeta, 'spec.template.metadata', OBJECT_META_FIELDS);
    const labels = r.labels(tmeta?.labels, 'spec.template.metadata.labels');
    if (Object.keys(labels).length === 0) r.fail('spec.template.metadata.labels', 'is required (the selector must match them)');
    const sel = r.rec(spec.selector, 'spec.selector');
    if (!sel) r.fail('spec.selector', 'is required (apps/v1)');
    warnUnknownFields(r, sel, 'spec.selector', LABEL_SELECTOR_FIELDS);
    const hasMatch = Object.keys(r.rec(sel.matchLabels, 'spec.selector.matchLabels') ?? {}).length > 0
      || (r.list(sel.matchExpressions, 'spec.selector.matchExpressions') ?? []).length > 0;
    if (!hasMatch) r.fail('spec.selector', 'an empty selector is invalid for a Deployment (Kubernetes rejects it)');
    if (!selectorMatches(r, sel, 'spec.selector', labels)) {
      r.fail('spec.selector', "does not match the template's labels (spec.template.metadata.labels); Kubernetes rejects such a Deployment");
    }
    const selector = r.labels(sel.matchLabels, 'spec.selector.matchLabels');
    for (const x of readExpressions(r, sel.matchExpressions, 'spec.selector.matchExpressions')) {
      if (x.operator === 'In' && x.values.length === 1) selector[x.key] = x.values[0];
    }
    const strategy = readStrategy(r, spec.strategy, replicas);
    if (spec.paused === true) r.warn('spec.paused', 'paused rollouts are not modelled');
    if (typeof spec.minReadySeconds === 'number' && spec.minReadySeconds > 0) {
      r.warn('spec.minReadySeconds', 'minReadySeconds is not modelled: a running pod is available at once');
    }
    const tpl = podTemplateFromPodSpec(meta.name, labels, template.spec, {
      file: where.file, object: r.object, line: where.line, namespace, path: 'spec.template.spec',
    }, warnings);
    const safeToEvict = readSafeToEvict(r, tmeta, 'spec.template.metadata');
    if (safeToEvict !== undefined) tpl.safeToEvict = safeToEvict;
    if (isRecord(tmeta?.annotations) && EVICT_ANNOTATION in tmeta.annotations) tpl.evictAnnotation = true;
    if (isRecord(tmeta?.annotations) && DELETION_COST_ANNOTATION in tmeta.annotations) {
      // Every pod the ReplicaSet creates carries the same cost, and a scale-down ranks only the
      // pods of one ReplicaSet (getPodsToDelete): equal costs never change the order.
      r.note('spec.template.metadata.annotations', `${DELETION_COST_ANNOTATION} is the same for every pod of the replica set, so it does not change which pods a scale-down deletes`);
    }
    return {
      deployment: { name: meta.name, replicas, template: meta.name, strategy },
      template: tpl,
      namespace,
      selector,
    };
  });
}
