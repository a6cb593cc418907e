/** Containers: resource requests (defaulted from limits) and what kivi does not model. */
import { isRecord } from '../documents.js';
import { parseCpuMillis, parseMemoryMiB } from '../quantity.js';
import type { Reader } from './reader.js';

export interface Requests {
  cpu: number;
  memory: number;
}

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
  const reqs = { cpu: 0, memory: 0 };
  for (const c of containers) {
    reqs.cpu += c.cpu;
    reqs.memory += c.memory;
  }
  const sidecars = { cpu: 0, memory: 0 };
  const initMax = { cpu: 0, memory: 0 };
  for (const c of inits) {
    let need: Requests;
    if (c.sidecar) {
      reqs.cpu += c.cpu;
      reqs.memory += c.memory;
      sidecars.cpu += c.cpu;
      sidecars.memory += c.memory;
      need = sidecars;
    } else {
      need = { cpu: c.cpu + sidecars.cpu, memory: c.memory + sidecars.memory };
    }
    initMax.cpu = Math.max(initMax.cpu, need.cpu);
    initMax.memory = Math.max(initMax.memory, need.memory);
  }
  return { cpu: Math.max(reqs.cpu, initMax.cpu) + overhead.cpu, memory: Math.max(reqs.memory, initMax.memory) + overhead.memory };
}

/** The summed requests of `containers` (requests defaulted from limits). */
export function readRequests(r: Reader, containers: unknown[], path: string): Requests {
  const sum = { cpu: 0, memory: 0 };
  for (const c of readContainerRequests(r, containers, path)) {
    sum.cpu += c.cpu;
    sum.memory += c.memory;
  }
  return sum;
}

/** Each container's requests (defaulted from limits), warning about what kivi does not model. */
export function readContainerRequests(r: Reader, containers: unknown[], path: string): Requests[] {
  const out: Requests[] = [];
  containers.forEach((c, i) => {
    let cpu = 0;
    let memory = 0;
    const f = `${path}[${i}]`;
    const container = r.needRec(c, f);
    const resources = r.rec(container.resources, `${f}.resources`);
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
    if (m1) memory += parseMemoryMiB(m1.value, { file: r.file, object: r.object, field: m1.field });
    for (const res of new Set([...Object.keys(requests), ...Object.keys(limits)])) {
      if (res === 'cpu' || res === 'memory') continue;
      const where = requests[res] !== undefined ? 'requests' : 'limits';
      r.warn(`${f}.resources.${where}.${res}`, `resource ${res} is not modelled (only cpu and memory)`);
    }
    if (resources?.claims !== undefined) r.warn(`${f}.resources.claims`, 'resource claims are not modelled');
    (r.list(container.ports, `${f}.ports`) ?? []).forEach((p, j) => {
      if (isRecord(p) && p.hostPort !== undefined && p.hostPort !== null && p.hostPort !== 0) {
        r.warn(`${f}.ports[${j}].hostPort`, 'host ports (the NodePorts filter) are not modelled');
      }
    });
    out.push({ cpu, memory });
  });
  return out;
}
