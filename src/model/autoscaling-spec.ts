/** What the HPA and the load model read from a cluster description (docs/model.md §8.3, §9.9). */

/**
 * The load a deployment's pods can carry (docs/model.md §9.9): their CPU usage as a percentage
 * of their CPU request, one of `levels`, changing at any time to any other level (`any`) or one
 * level up or down at a time (`step`).
 */
export interface LoadSpec {
  /** Percentages of the CPU request, ascending, distinct. */
  levels: number[];
  /** Default `any`. */
  change?: 'any' | 'step';
  /** The starting level, one of `levels`; default: the level nearest the pods' starting usage. */
  start?: number;
}

/** One `HPAScalingPolicy`: at most `value` pods, or `value` percent, per `periodSeconds`. */
export interface HpaScalingPolicySpec {
  type: 'Pods' | 'Percent';
  value: number;
  periodSeconds: number;
}

/** `HPAScalingRules` of one direction; omitted fields take Kubernetes' defaults (docs/model.md §8.3.3). */
export interface HpaScalingRulesSpec {
  stabilizationWindowSeconds?: number;
  selectPolicy?: 'Max' | 'Min' | 'Disabled';
  policies?: HpaScalingPolicySpec[];
}

/** `spec.behavior` of an autoscaling/v2 HorizontalPodAutoscaler. */
export interface HpaBehaviorSpec {
  scaleUp?: HpaScalingRulesSpec;
  scaleDown?: HpaScalingRulesSpec;
}

/**
 * The HPA controller's flags (kube-controller-manager `--horizontal-pod-autoscaler-*`);
 * omitted fields take their defaults (docs/model.md §8.3).
 */
export interface HpaControllerSpec {
  /** `--horizontal-pod-autoscaler-tolerance` (0.1). */
  tolerance?: number;
  /** `--horizontal-pod-autoscaler-downscale-stabilization`, seconds (300). */
  downscaleStabilizationSeconds?: number;
  /** `--horizontal-pod-autoscaler-cpu-initialization-period`, seconds (300). */
  cpuInitializationPeriodSeconds?: number;
}

export interface HpaMetricSpec {
  resource: 'cpu' | 'memory';
  /** `Utilization`: target is a percentage of the request; `AverageValue`: absolute per pod. */
  type: 'Utilization' | 'AverageValue';
  target: number;
}

export interface HpaSpec {
  minReplicas: number;
  maxReplicas: number;
  metrics: HpaMetricSpec[];
  /** Omitted: no behavior, the controller's legacy normalization (docs/model.md §8.3.3). */
  behavior?: HpaBehaviorSpec;
}
