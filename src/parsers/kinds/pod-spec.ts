/** A pod spec (a Pod's `spec`, a Deployment's `spec.template.spec`) as a kivi pod template. */
import type { PodTemplateSpec } from '../../model/cluster.js';
import { isRecord } from '../documents.js';
import type { Warnings } from '../warnings.js';
import { readAffinity } from './affinity.js';
import { readPodAffinity } from './pod-affinity.js';
import { nonMissing, podRequests, readContainerRequests, type Requests } from './container.js';
import { parseCpuMillis, parseMemoryMiB } from '../quantity.js';
import { guarded, type PodSpecWhere, Reader, show } from './reader.js';
import { readTolerations } from './toleration.js';
import { readConstraints } from './topology-spread-constraint.js';
import { SYSTEM_PRIORITY_CLASSES } from '../../model/priority-classes.js';
import { unknownFieldMessage } from './known-fields.js';


/**
 * The ReplicaSet's scale-down order by cost (pkg/controller/controller_utils.go
 * ActivePodsWithRanks.Less, criterion 4; helper.GetDeletionCostFromPodAnnotations): not modelled,
 * every pod costs 0 (docs/model.md §8.1.1).
 */
export const DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';

/** The annotation that makes the descheduler's DefaultEvictor evict a pod whatever else it is (`HaveEvictAnnotation`). */
export const EVICT_ANNOTATION = 'descheduler.alpha.kubernetes.io/evict';

/** `volumes`: local storage (emptyDir, hostPath) and PVCs, which the descheduler's DefaultEvictor reads. */
function readVolumes(r: Reader, v: unknown, f: string, t: PodTemplateSpec): void {
  (r.list(v, f) ?? []).forEach((vol, i) => {
    if (!isRecord(vol)) return;
    if (vol.persistentVolumeClaim !== undefined || vol.ephemeral !== undefined) {
      r.warn(`${f}[${i}]`, 'volume binding and volume node affinity are not modelled');
    }
    // utils.IsPodWithLocalStorage, utils.IsPodWithPVC (descheduler pkg/utils/pod.go).
    if (vol.emptyDir !== undefined || vol.hostPath !== undefined) t.localStorage = true;
    if (vol.persistentVolumeClaim !== undefined) t.pvc = true;
  });
}

/** Pod-spec fields with no effect on what kivi models, read silently. */
const SILENT_POD_FIELDS = new Set([
  'activeDeadlineSeconds', 'automountServiceAccountToken', 'dnsConfig', 'dnsPolicy', 'enableServiceLinks',
  'ephemeralContainers', 'hostAliases', 'hostIPC', 'hostPID', 'hostUsers', 'hostname', 'imagePullSecrets',
  'os', 'readinessGates', 'restartPolicy', 'securityContext', 'serviceAccount',
  'serviceAccountName', 'setHostnameAsFQDN', 'shareProcessNamespace', 'subdomain',
  'terminationGracePeriodSeconds',
]);

/** Scheduling-relevant pod-spec fields kivi does not model, with what the warning says. */
const UNMODELLED_POD_FIELDS: Record<string, string> = {
  runtimeClassName: 'RuntimeClass overhead and node selection are not modelled',
  schedulingGates: 'scheduling gates are not modelled: the pod is scheduled at once',
  resourceClaims: 'dynamic resource allocation is not modelled',
  resources: 'pod-level resources are not modelled: only container requests count',
};

/** The pod-spec fields read above: with the two lists, every `corev1.PodSpec` field kivi knows. */
const READ_POD_FIELDS = [
  'containers', 'initContainers', 'overhead', 'topologySpreadConstraints', 'nodeSelector', 'affinity', 'tolerations',
  'nodeName', 'priorityClassName', 'priority', 'preemptionPolicy', 'schedulerName', 'hostNetwork', 'volumes',
];
const POD_SPEC_FIELDS = [...READ_POD_FIELDS, ...SILENT_POD_FIELDS, ...Object.keys(UNMODELLED_POD_FIELDS)];

/** The pod's requests (`PodRequests`): containers, init containers (sidecars too) and overhead. */
function readPodRequests(r: Reader, spec: Record<string, unknown>, containers: unknown[], path: string): Requests & { nonZero: Requests } {
  const initList = r.list(spec.initContainers, `${path}.initContainers`) ?? [];
  const initReqs = readContainerRequests(r, initList, `${path}.initContainers`);
  const inits = initReqs.map((q, i) => {
    const c = r.needRec(initList[i], `${path}.initContainers[${i}]`);
    return { ...q, sidecar: c.restartPolicy === 'Always' };
  });
  const overhead: Requests = { cpu: 0, memory: 0 };
  const oh = r.rec(spec.overhead, `${path}.overhead`) ?? {};
  for (const [res, v] of Object.entries(oh)) {
    const where = { file: r.file, object: r.object, field: `${path}.overhead.${res}` };
    if (res === 'cpu') overhead.cpu = parseCpuMillis(v, where);
    else if (res === 'memory') overhead.memory = parseMemoryMiB(v, where);
    else r.warn(`${path}.overhead.${res}`, `resource ${res} is not modelled (only cpu and memory)`);
  }
  const main = readContainerRequests(r, containers, `${path}.containers`);
  // For scoring, the same sum with kube-scheduler's defaults for containers that name no cpu or memory.
  const nonZero = podRequests(main.map(nonMissing), inits.map(nonMissing), overhead);
  return { ...podRequests(main, inits, overhead), nonZero };
}

/**
 * Seconds from the start until the pod is Ready: the largest `readinessProbe.initialDelaySeconds`
 * of its containers (a pod is Ready when every container is; docs/model.md §8.3.1).
 */
function readinessDelay(r: Reader, containers: unknown[], path: string): number {
  let delay = 0;
  containers.forEach((c, i) => {
    if (!isRecord(c)) return;
    const probe = r.rec(c.readinessProbe, `${path}[${i}].readinessProbe`);
    if (probe) delay = Math.max(delay, r.int(probe.initialDelaySeconds, `${path}[${i}].readinessProbe.initialDelaySeconds`, 0) ?? 0);
  });
  return delay;
}

/**
 * A pod spec as a kivi pod template: requests summed over the containers, topology spread,
 * node selection, tolerations, nodeName and criticality.
 */
export function podTemplateFromPodSpec(
  name: string,
  labels: Record<string, string>,
  podSpec: unknown,
  where: PodSpecWhere,
  warnings: Warnings,
): PodTemplateSpec {
  return guarded(where.line, () => {
    const r: Reader = new Reader(where.file, where.object, warnings);
    const path = where.path ?? 'spec';
    const spec = r.needRec(podSpec, path);
    const containers = r.list(spec.containers, `${path}.containers`) ?? [];
    if (containers.length === 0) r.fail(`${path}.containers`, 'needs at least one container');
    const requests = readPodRequests(r, spec, containers, path);
    const t: PodTemplateSpec = {
      name,
      labels: { ...labels },
      cpuRequest: requests.cpu,
      memoryRequest: requests.memory,
      ...(requests.extended ? { extendedRequests: requests.extended } : {}),
      // Only where they differ from what compile assumes without them (100m / 200 MiB for a pod
      // requesting 0): several containers, or an explicit 0, which stays 0.
      ...(requests.nonZero.cpu !== (requests.cpu === 0 ? 100 : requests.cpu) ? { cpuNonZeroRequest: requests.nonZero.cpu } : {}),
      ...(requests.nonZero.memory !== (requests.memory === 0 ? 200 : requests.memory) ? { memoryNonZeroRequest: requests.nonZero.memory } : {}),
      namespace: where.namespace ?? 'default',
    };
    const ready = readinessDelay(r, containers, `${path}.containers`);
    if (ready > 0) t.readinessDelaySeconds = ready;
    for (const [k, v] of Object.entries(spec)) {
      const f = `${path}.${k}`;
      if (v === undefined || v === null) continue;
      switch (k) {
        case 'containers':
          break;
        case 'initContainers':
        case 'overhead':
          break; // in the requests (readPodRequests)
        case 'topologySpreadConstraints':
          t.topologySpreadConstraints = readConstraints(r, v, f);
          break;
        case 'nodeSelector': {
          const sel = r.labels(v, f);
          if (Object.keys(sel).length > 0) t.nodeSelector = sel;
          break;
        }
        case 'affinity': {
          const na = readAffinity(r, v, f);
          if (na) t.nodeAffinity = na;
          const aff = r.rec(v, f);
          const pa = readPodAffinity(r, aff?.podAffinity, `${f}.podAffinity`);
          if (pa) t.podAffinity = pa;
          const anti = readPodAffinity(r, aff?.podAntiAffinity, `${f}.podAntiAffinity`);
          if (anti) t.podAntiAffinity = anti;
          break;
        }
        case 'tolerations': {
          const tol = readTolerations(r, v, f);
          if (tol) t.tolerations = tol;
          break;
        }
        case 'nodeName': {
          const n = r.str(v, f);
          if (n) t.nodeName = n;
          break;
        }
        case 'priorityClassName': {
          // Resolved to a priority at compile time, as the Priority admission plugin does (docs/model.md §8.2.5).
          const pc = r.str(v, f);
          if (pc) t.priorityClassName = pc;
          if (pc && SYSTEM_PRIORITY_CLASSES.some((c) => c.name === pc)) t.critical = true;
          break;
        }
        case 'priority': {
          // What admission wrote on a pod read back from a cluster (kubectl output).
          if (typeof v !== 'number' || !Number.isInteger(v) || v < -2147483648 || v > 2147483647) r.fail(f, `must be a 32-bit integer, got ${show(v)}`);
          t.priority = v;
          break;
        }
        case 'preemptionPolicy': {
          const pp = r.oneOf(v, f, ['PreemptLowerPriority', 'Never'] as const);
          if (pp) t.preemptionPolicy = pp;
          break;
        }
        case 'schedulerName': {
          const s = r.str(v, f);
          if (s && s !== 'default-scheduler') r.warn(f, `the pod asks for scheduler ${show(s)}; kivi schedules it with its default scheduler`);
          break;
        }
        case 'hostNetwork':
          if (v === true && containers.some((c) => isRecord(c) && Array.isArray(c.ports) && c.ports.length > 0)) {
            r.warn(f, 'host ports (the NodePorts filter) are not modelled');
          }
          break;
        case 'volumes':
          readVolumes(r, v, f, t);
          break;
        default:
          if (SILENT_POD_FIELDS.has(k)) break;
          r.warn(f, UNMODELLED_POD_FIELDS[k] ?? unknownFieldMessage(k, POD_SPEC_FIELDS));
      }
    }
    return t;
  });
}

/** cluster-autoscaler's pod annotation (simulator/drainability/rules safetoevict, notsafetoevict). */
export const SAFE_TO_EVICT_KEY = 'cluster-autoscaler.kubernetes.io/safe-to-evict';

/**
 * A pod's `safe-to-evict` annotation as the cluster autoscaler reads it: "true" or "false";
 * undefined for any other value or none (neither rule looks at it then).
 */
export function readSafeToEvict(r: Reader, metadata: Record<string, unknown> | undefined, path: string): boolean | undefined {
  const annotations = r.rec(metadata?.annotations, `${path}.annotations`);
  const v = annotations?.[SAFE_TO_EVICT_KEY];
  return v === 'true' ? true : v === 'false' ? false : undefined;
}
