/** Containers: resource requests (defaulted from limits) and what kivi does not model. */
import { isRecord } from '../documents.js';
import { parseCpuMillis, parseMemoryMiB } from '../quantity.js';
import type { Reader } from './reader.js';
import { CONTAINER_FIELDS, RESOURCE_REQUIREMENTS_FIELDS, warnUnknownFields } from './known-fields.js';

export interface Requests {
  cpu: number;
  memory: number;
  /** Extended resources (`nvidia.com/gpu`), whole units; absent when none is requested. */
  extended?: Record<string, number>;
}

/**
 * `v1helper.IsExtendedResourceName`: a name with a domain prefix outside `kubernetes.io/`
 * (and not a `requests.` quota name). cpu, memory, ephemeral-storage and hugepages-* are native.
 */
export function isExtendedResourceName(name: string): boolean {
  return name.includes('/') && !name.includes('kubernetes.io/') && !name.startsWith('requests.');
}

/** Per extended resource, the larger of a and b (or their sum): a new map, undefined if empty. */
function combineExtended(a: Record<string, number> | undefined, b: Record<string, number> | undefined, op: (x: number, y: number) => number): Record<string, number> | undefined {
  if (!a && !b) return undefined;
  const out: Record<string, number> = { ...(a ?? {}) };
  for (const [k, v] of Object.entries(b ?? {})) out[k] = op(out[k] ?? 0, v);
  return out;
}

const plus = (x: number, y: number): number => x + y;

/** An init container's requests and whether it is a sidecar (`restartPolicy: Always`). */
export interface InitRequests extends Requests {
  sidecar: boolean;
}

/**
 * A pod's effective requests as `PodRequests` computes them
 * (staging/src/k8s.io/component-helpers/resource/helpers.go): the containers' sum; each sidecar
 * init container adds to that sum and to the running total of sidecars started before; an
 * ordinary init container needs its own request plus the sidecars started before it; the pod
 * takes the larger of the sum and the largest init-container need, per resource; then the
 * pod's overhead is added.
 */
export function podRequests(containers: Requests[], inits: InitRequests[], overhead: Requests): Requests {
  const add = (a: Requests, b: Requests): Requests => ({ cpu: a.cpu + b.cpu, memory: a.memory + b.memory, extended: combineExtended(a.extended, b.extended, plus) });
  const max = (a: Requests, b: Requests): Requests => ({ cpu: Math.max(a.cpu, b.cpu), memory: Math.max(a.memory, b.memory), extended: combineExtended(a.extended, b.extended, Math.max) });
  let reqs: Requests = { cpu: 0, memory: 0 };
  for (const c of containers) reqs = add(reqs, c);
  let sidecars: Requests = { cpu: 0, memory: 0 };
  let initMax: Requests = { cpu: 0, memory: 0 };
  for (const c of inits) {
    let need: Requests;
    if (c.sidecar) {
      reqs = add(reqs, c);
      sidecars = add(sidecars, c);
      need = sidecars;
    } else {
      need = add(c, sidecars);
    }
    initMax = max(initMax, need);
  }
  const out = add(max(reqs, initMax), overhead);
  if (out.extended === undefined) delete out.extended;
  return out;
}

/** One container's requests, and whether cpu and memory were given at all (a 0 counts as given). */
export interface ContainerRequests extends Requests {
  cpuGiven: boolean;
  memoryGiven: boolean;
}

/**
 * `applyNonMissing` with kube-scheduler's `NonMissingContainerRequests`
 * (pkg/scheduler/util/pod_resources.go): a container that does not name cpu or memory at all
 * counts as 100 millicores and 200 MiB for scoring.
 */
export function nonMissing<T extends ContainerRequests>(c: T): T {
  return { ...c, cpu: c.cpuGiven ? c.cpu : c.cpu + 100, memory: c.memoryGiven ? c.memory : c.memory + 200 };
}

/**
 * `memory: 500m` is 500 milli-bytes, half a byte: a valid quantity Kubernetes takes as it is
 * (and kivi too), but almost always meant as `500Mi`. Said beside the verdict, which it does not
 * change.
 */
function noteMilliBytes(r: Reader, v: unknown, field: string): void {
  const m = typeof v === 'string' ? /^\s*([0-9.]+)m\s*$/.exec(v) : null;
  if (m) r.note(field, `${JSON.stringify(v)} is ${m[1]} milli-bytes (a thousandth of a byte each), as Kubernetes reads it; for mebibytes write "${m[1]}Mi"`);
}

/** Each container's requests (defaulted from limits), warning about what kivi does not model. */
export function readContainerRequests(r: Reader, containers: unknown[], path: string): ContainerRequests[] {
  const out: ContainerRequests[] = [];
  containers.forEach((c, i) => {
    let cpu = 0;
    let memory = 0;
    let extended: Record<string, number> | undefined;
    const f = `${path}[${i}]`;
    const container = r.needRec(c, f);
    const resources = r.rec(container.resources, `${f}.resources`);
    warnUnknownFields(r, container, f, CONTAINER_FIELDS);
    warnUnknownFields(r, resources, `${f}.resources`, RESOURCE_REQUIREMENTS_FIELDS);
    const requests = r.rec(resources?.requests, `${f}.resources.requests`) ?? {};
    const limits = r.rec(resources?.limits, `${f}.resources.limits`) ?? {};
    // Kubernetes defaults a missing request to the limit.
    const pick = (res: string): { value: unknown; field: string } | undefined =>
      requests[res] !== undefined && requests[res] !== null
        ? { value: requests[res], field: `${f}.resources.requests.${res}` }
        : limits[res] !== undefined && limits[res] !== null
          ? { value: limits[res], field: `${f}.resources.limits.${res}` }
          : undefined;
    const c1 = pick('cpu');
    if (c1) cpu += parseCpuMillis(c1.value, { file: r.file, object: r.object, field: c1.field });
    const m1 = pick('memory');
    if (m1) {
      memory += parseMemoryMiB(m1.value, { file: r.file, object: r.object, field: m1.field });
      noteMilliBytes(r, m1.value, m1.field);
    }
    for (const res of new Set([...Object.keys(requests), ...Object.keys(limits)])) {
      if (res === 'cpu' || res === 'memory') continue;
      if (isExtendedResourceName(res)) {
        const x = pick(res)!;
        (extended ??= {})[res] = readExtendedQuantity(r, x.value, x.field);
        continue;
      }
      const where = requests[res] !== undefined ? 'requests' : 'limits';
      r.warn(`${f}.resources.${where}.${res}`, `resource ${res} is not modelled (only cpu, memory and extended resources)`);
    }
    if (resources?.claims !== undefined) r.warn(`${f}.resources.claims`, 'resource claims are not modelled');
    (r.list(container.ports, `${f}.ports`) ?? []).forEach((p, j) => {
      if (isRecord(p) && p.hostPort !== undefined && p.hostPort !== null && p.hostPort !== 0) {
        r.warn(`${f}.ports[${j}].hostPort`, 'host ports (the NodePorts filter) are not modelled');
      }
    });
    const given = { cpuGiven: c1 !== undefined, memoryGiven: m1 !== undefined };
    out.push(extended ? { cpu, memory, extended, ...given } : { cpu, memory, ...given });
  });
  return out;
}

/** An extended resource quantity: a whole number (Kubernetes rejects fractions of one). */
export function readExtendedQuantity(r: Reader, v: unknown, field: string): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 31 - 1) r.fail(field, `must be a whole number (an extended resource), got ${JSON.stringify(v)}`);
  return n;
}
