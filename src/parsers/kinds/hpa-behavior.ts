/**
 * `spec.behavior` of an autoscaling/v2 (or v2beta2) HorizontalPodAutoscaler: scaleUp and
 * scaleDown rules, checked as the API server validates them (pkg/apis/autoscaling/validation
 * `validateScalingRules`: a window of 0..3600 s, policies of a positive value over 1..1800 s).
 * Omitted fields keep Kubernetes' defaults, filled in when compiled (docs/model.md §8.3.3).
 */
import type { HpaBehaviorSpec, HpaScalingPolicySpec, HpaScalingRulesSpec } from '../../model/cluster.js';
import { type Reader, show } from './reader.js';
import { warnUnknownFields } from './known-fields.js';

function readPolicy(r: Reader, v: unknown, f: string): HpaScalingPolicySpec {
  const p = r.needRec(v, f);
  warnUnknownFields(r, p, f, ['type', 'value', 'periodSeconds']);
  const type = r.needStr(p.type, `${f}.type`);
  if (type !== 'Pods' && type !== 'Percent') r.fail(`${f}.type`, `must be Pods or Percent, got ${show(type)}`);
  const value = r.needInt(p.value, `${f}.value`, 1);
  const periodSeconds = r.needInt(p.periodSeconds, `${f}.periodSeconds`, 1);
  if (periodSeconds > 1800) r.fail(`${f}.periodSeconds`, `must be at most 1800, got ${periodSeconds}`);
  return { type, value, periodSeconds };
}

function readRules(r: Reader, v: unknown, f: string): HpaScalingRulesSpec | undefined {
  const x = r.rec(v, f);
  if (x === undefined) return undefined;
  const out: HpaScalingRulesSpec = {};
  warnUnknownFields(r, x, f, ['stabilizationWindowSeconds', 'selectPolicy', 'policies', 'tolerance']);
  // HPAScalingRules.tolerance (HPAConfigurableTolerance, Kubernetes 1.33): per-HPA, not modelled.
  if (x.tolerance !== undefined && x.tolerance !== null) r.warn(`${f}.tolerance`, "a per-HPA tolerance is not modelled: kivi uses the controller's (hpaController.tolerance, default 0.1)");
  const window = r.int(x.stabilizationWindowSeconds, `${f}.stabilizationWindowSeconds`, 0);
  if (window !== undefined) {
    if (window > 3600) r.fail(`${f}.stabilizationWindowSeconds`, `must be at most 3600, got ${window}`);
    out.stabilizationWindowSeconds = window;
  }
  const select = r.str(x.selectPolicy, `${f}.selectPolicy`);
  if (select !== undefined) {
    if (select !== 'Max' && select !== 'Min' && select !== 'Disabled') r.fail(`${f}.selectPolicy`, `must be Max, Min or Disabled, got ${show(select)}`);
    out.selectPolicy = select;
  }
  const policies = r.list(x.policies, `${f}.policies`);
  if (policies !== undefined) {
    if (policies.length === 0) r.fail(`${f}.policies`, 'must specify at least one policy');
    out.policies = policies.map((p, i) => readPolicy(r, p, `${f}.policies[${i}]`));
  }
  return out;
}

/** The behavior, or undefined when the HPA has none (the controller's legacy normalization). */
export function readBehavior(r: Reader, v: unknown): HpaBehaviorSpec | undefined {
  const b = r.rec(v, 'spec.behavior');
  if (b === undefined) return undefined;
  const out: HpaBehaviorSpec = {};
  warnUnknownFields(r, b, 'spec.behavior', ['scaleUp', 'scaleDown']);
  const up = readRules(r, b.scaleUp, 'spec.behavior.scaleUp');
  const down = readRules(r, b.scaleDown, 'spec.behavior.scaleDown');
  if (up) out.scaleUp = up;
  if (down) out.scaleDown = down;
  return out;
}
