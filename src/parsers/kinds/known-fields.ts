/**
 * The fields the Kubernetes API defines for the objects kivi reads, to catch misspelled ones
 * (`replica:`, `resource:`, `minAvailabe:`). The API server drops a field it does not know
 * (field validation `Warn`, what client-go and Helm get) and `kubectl apply` refuses it
 * (`--validate=strict`, kubectl's default): either way the field the user meant is not set. kivi
 * drops it too, and warns (touching the checked cluster: a hold that depends on it is exit 3).
 * The lists are those of k8s.io/api (core/v1, apps/v1, policy/v1, autoscaling/v2).
 */
import { isRecord } from '../documents.js';
import type { Reader } from './reader.js';

/** Every top-level field of an object (`TypeMeta`, `metadata`, `spec`, `status`). */
export const OBJECT_FIELDS = ['apiVersion', 'kind', 'metadata', 'spec', 'status'] as const;

/** `metav1.ObjectMeta`. */
export const OBJECT_META_FIELDS = [
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation',
  'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations',
  'ownerReferences', 'finalizers', 'managedFields',
] as const;

/** `appsv1.DeploymentSpec`. */
export const DEPLOYMENT_SPEC_FIELDS = [
  'replicas', 'selector', 'template', 'strategy', 'minReadySeconds', 'revisionHistoryLimit', 'paused',
  'progressDeadlineSeconds',
] as const;

/** `corev1.PodTemplateSpec`. */
export const POD_TEMPLATE_FIELDS = ['metadata', 'spec'] as const;

/** `appsv1.DeploymentStrategy` and `appsv1.RollingUpdateDeployment`. */
export const STRATEGY_FIELDS = ['type', 'rollingUpdate'] as const;
export const ROLLING_UPDATE_FIELDS = ['maxSurge', 'maxUnavailable'] as const;

/** `metav1.LabelSelector`. */
export const LABEL_SELECTOR_FIELDS = ['matchLabels', 'matchExpressions'] as const;

/** `corev1.Container` (containers and init containers). */
export const CONTAINER_FIELDS = [
  'name', 'image', 'command', 'args', 'workingDir', 'ports', 'envFrom', 'env', 'resources', 'resizePolicy',
  'restartPolicy', 'restartPolicyRules', 'volumeMounts', 'volumeDevices', 'livenessProbe', 'readinessProbe',
  'startupProbe', 'lifecycle', 'terminationMessagePath', 'terminationMessagePolicy', 'imagePullPolicy',
  'securityContext', 'stdin', 'stdinOnce', 'tty',
] as const;

/** `corev1.ResourceRequirements`. */
export const RESOURCE_REQUIREMENTS_FIELDS = ['limits', 'requests', 'claims'] as const;

/** `policyv1.PodDisruptionBudgetSpec`. */
export const PDB_SPEC_FIELDS = ['minAvailable', 'selector', 'maxUnavailable', 'unhealthyPodEvictionPolicy'] as const;

/** `autoscalingv2.HorizontalPodAutoscalerSpec` (v2, v2beta2, v2beta1) and `autoscalingv1`'s. */
export const HPA_V2_SPEC_FIELDS = ['scaleTargetRef', 'minReplicas', 'maxReplicas', 'metrics', 'behavior'] as const;
export const HPA_V1_SPEC_FIELDS = ['scaleTargetRef', 'minReplicas', 'maxReplicas', 'targetCPUUtilizationPercentage'] as const;

/** `corev1.NodeSpec`. */
export const NODE_SPEC_FIELDS = ['podCIDR', 'podCIDRs', 'providerID', 'unschedulable', 'taints', 'configSource', 'externalID'] as const;

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  let prev = Array.from({ length: lb.length + 1 }, (_, j) => j);
  for (let i = 1; i <= la.length; i++) {
    const row = [i];
    for (let j = 1; j <= lb.length; j++) {
      row.push(Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (la[i - 1] === lb[j - 1] ? 0 : 1)));
    }
    prev = row;
  }
  return prev[lb.length];
}

/** The known field nearest to `key` (at most `maxDistance` edits off: by default a third of its letters, at least 2), if any. */
function nearestField(key: string, known: readonly string[], maxDistance = Math.max(2, Math.floor(key.length / 3))): string | undefined {
  let best: string | undefined;
  let bestD = maxDistance + 1;
  for (const k of known) {
    const d = distance(key, k);
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return best;
}

/** ` (did you mean F?)` with F the known field nearest to `key` (nearestField), or '' when none is near or key is F itself. */
export function didYouMean(key: string, known: readonly string[], maxDistance?: number): string {
  const near = nearestField(key, known, maxDistance);
  return near !== undefined && near !== key ? ` (did you mean ${near}?)` : '';
}

/** The warning for a field the Kubernetes API does not define. */
export function unknownFieldMessage(key: string, known: readonly string[]): string {
  return `unknown field${didYouMean(key, known)}: Kubernetes drops it (kubectl apply refuses it), and kivi ignores it`;
}

/**
 * Warns about each key of the mapping `v` (at `path`; '' for the object itself) that is not
 * among `known`. Anything but a mapping is left to the field's own reader.
 */
export function warnUnknownFields(r: Reader, v: unknown, path: string, known: readonly string[]): void {
  if (!isRecord(v)) return;
  for (const key of Object.keys(v)) {
    if (!known.includes(key)) r.warn(path === '' ? key : `${path}.${key}`, unknownFieldMessage(key, known));
  }
}

/**
 * As warnUnknownFields, for a component configuration decoded strictly (kube-scheduler's scheme
 * is `serializer.NewCodecFactory(Scheme, serializer.EnableStrict)`): the component refuses to
 * start, so the first unknown key is an input error.
 */
export function failUnknownFields(r: Reader, v: unknown, path: string, known: readonly string[], component: string): void {
  if (!isRecord(v)) return;
  for (const key of Object.keys(v)) {
    if (known.includes(key)) continue;
    r.fail(path === '' ? key : `${path}.${key}`, `unknown field${didYouMean(key, known)}: ${component} refuses its configuration (strict decoding error)`);
  }
}
