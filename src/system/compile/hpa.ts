/**
 * The HPA's `behavior`, the controller's flags and the sizes of the HPA history in the state
 * (docs/model.md §8.3). Times become ticks (one tick is 0.1 s, docs/model.md §6.1).
 */
import type { ClusterSpec, HpaBehaviorSpec, HpaScalingRulesSpec, PodTemplateSpec } from '../../model/cluster.js';
import {
  type CompiledBehavior, type CompiledHpa, type CompiledHpaController, type CompiledScalingRules, POLICY_PERCENT,
  POLICY_PODS, SELECT_DISABLED, SELECT_MAX, SELECT_MIN,
} from '../../model/config.js';
import { InputError } from '../../model/errors.js';
import { HPA_WAIT_TIME, METRIC_WINDOW } from '../../controllers/hpa.js';
import { DEFAULT_TOLERANCE } from '../../controllers/hpa/replica-calculator.js';
import { requireInt } from './input.js';

export const TICKS_PER_SECOND = 10;
/** `--horizontal-pod-autoscaler-downscale-stabilization` and `--horizontal-pod-autoscaler-cpu-initialization-period`: 5 min. */
export const DEFAULT_DOWNSCALE_STABILIZATION_SECONDS = 300;
export const DEFAULT_CPU_INITIALIZATION_PERIOD_SECONDS = 300;
/** Marks a scale-down window the controller flag fills in (`maybeInitScaleDownStabilizationWindow`). */
const FROM_FLAG = -1;

/** The HPA controller's flags, defaults where not given. */
export function compileHpaController(spec: ClusterSpec): CompiledHpaController {
  const c = spec.hpaController ?? {};
  const object = 'HPA controller';
  const tolerance = c.tolerance ?? DEFAULT_TOLERANCE;
  if (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance < 0) {
    throw new InputError(`must be a number >= 0, got ${JSON.stringify(tolerance)}`, object, 'tolerance');
  }
  const down = requireInt(c.downscaleStabilizationSeconds ?? DEFAULT_DOWNSCALE_STABILIZATION_SECONDS, object, 'downscaleStabilizationSeconds', 0, 86400);
  const init = requireInt(c.cpuInitializationPeriodSeconds ?? DEFAULT_CPU_INITIALIZATION_PERIOD_SECONDS, object, 'cpuInitializationPeriodSeconds', 0, 86400);
  return { tolerance, downscaleStabilization: down * TICKS_PER_SECOND, cpuInitializationPeriod: init * TICKS_PER_SECOND };
}

/** GenerateHPAScaleUpRules / GenerateHPAScaleDownRules (pkg/apis/autoscaling/v2/defaults.go). */
const DEFAULT_SCALE_UP: Required<HpaScalingRulesSpec> = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }],
};
const DEFAULT_SCALE_DOWN_POLICIES = [{ type: 'Percent' as const, value: 100, periodSeconds: 15 }];

function compileRules(r: HpaScalingRulesSpec | undefined, up: boolean, object: string, field: string): CompiledScalingRules {
  const windowSeconds = r?.stabilizationWindowSeconds ?? (up ? DEFAULT_SCALE_UP.stabilizationWindowSeconds : undefined);
  const window = windowSeconds === undefined ? FROM_FLAG : requireInt(windowSeconds, object, `${field}.stabilizationWindowSeconds`, 0, 3600) * TICKS_PER_SECOND;
  const sel = r?.selectPolicy ?? 'Max';
  const select = sel === 'Max' ? SELECT_MAX : sel === 'Min' ? SELECT_MIN : sel === 'Disabled' ? SELECT_DISABLED : -1;
  if (select < 0) throw new InputError(`must be Max, Min or Disabled, got ${JSON.stringify(sel)}`, object, `${field}.selectPolicy`);
  const policies = r?.policies ?? (up ? DEFAULT_SCALE_UP.policies : DEFAULT_SCALE_DOWN_POLICIES);
  if (!Array.isArray(policies) || policies.length === 0) throw new InputError('must specify at least one policy', object, `${field}.policies`);
  const n = policies.length;
  const rules: CompiledScalingRules = {
    window, select, policyType: new Int32Array(n), policyValue: new Int32Array(n), policyPeriod: new Int32Array(n), longestPeriod: 0,
  };
  policies.forEach((p, i) => {
    const f = `${field}.policies[${i}]`;
    const type = p.type === 'Pods' ? POLICY_PODS : p.type === 'Percent' ? POLICY_PERCENT : -1;
    if (type < 0) throw new InputError(`must be Pods or Percent, got ${JSON.stringify(p.type)}`, object, `${f}.type`);
    rules.policyType[i] = type;
    rules.policyValue[i] = requireInt(p.value, object, `${f}.value`, 1);
    rules.policyPeriod[i] = requireInt(p.periodSeconds, object, `${f}.periodSeconds`, 1, 1800) * TICKS_PER_SECOND;
    rules.longestPeriod = Math.max(rules.longestPeriod, rules.policyPeriod[i]);
  });
  return rules;
}

/** An HPA's `behavior`; null without one. A scale-down window left out is the controller flag's, filled in later. */
export function compileBehavior(b: HpaBehaviorSpec | undefined, object: string): CompiledBehavior | null {
  if (b === undefined || b === null) return null;
  return { scaleUp: compileRules(b.scaleUp, true, object, 'behavior.scaleUp'), scaleDown: compileRules(b.scaleDown, false, object, 'behavior.scaleDown') };
}

/** `maybeInitScaleDownStabilizationWindow`: a scale-down window not given is the controller flag's. */
export function resolveHpaDefaults(hpas: CompiledHpa[], ctrl: CompiledHpaController): void {
  for (let i = 1; i < hpas.length; i++) {
    const b = hpas[i].behavior;
    if (b && b.scaleDown.window === FROM_FLAG) b.scaleDown.window = ctrl.downscaleStabilization;
  }
}

/** Slots for entries younger than `window` ticks, written at least HPA_WAIT_TIME + 1 ticks apart. */
function slotsFor(window: number): number {
  return window <= 0 ? 0 : Math.floor((window - 1) / (HPA_WAIT_TIME + 1)) + 1;
}

/** How many recommendations and scale events (per direction) a deployment's history holds. */
export function hpaHistorySizes(hpas: CompiledHpa[], ctrl: CompiledHpaController): { recs: number; events: number } {
  let recs = 0;
  let events = 0;
  for (let i = 1; i < hpas.length; i++) {
    const b = hpas[i].behavior;
    if (b === null) recs = Math.max(recs, slotsFor(ctrl.downscaleStabilization + 1));
    else {
      recs = Math.max(recs, slotsFor(Math.max(b.scaleUp.window, b.scaleDown.window)));
      events = Math.max(events, slotsFor(Math.max(b.scaleUp.longestPeriod, b.scaleDown.longestPeriod)));
    }
  }
  return { recs, events };
}

/**
 * Per template: ticks after its start from which a pod's CPU sample counts (`groupPods`). Within
 * the CPU initialization period a sample counts once the pod is Ready and a whole metric window
 * has passed since; after it, once the pod is Ready: max(delay, min(delay + window, period)).
 */
export function cpuSampleAfter(templates: PodTemplateSpec[], ctrl: CompiledHpaController): Int32Array {
  const out = new Int32Array(templates.length + 1);
  templates.forEach((t, i) => {
    const delay = requireInt(t.readinessDelaySeconds ?? 0, `PodTemplate/${t.name}`, 'readinessDelaySeconds', 0, 86400) * TICKS_PER_SECOND;
    out[i + 1] = Math.max(delay, Math.min(delay + METRIC_WINDOW, ctrl.cpuInitializationPeriod));
  });
  return out;
}
