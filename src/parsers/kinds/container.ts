/** Containers: resource requests (defaulted from limits) and what kivi does not model. */
import { isRecord } from '../documents.js';
import { parseCpuMillis, parseMemoryMiB } from '../quantity.js';
import type { Reader } from './reader.js';

export function readRequests(r: Reader, containers: unknown[], path: string): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  containers.forEach((c, i) => {
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
  });
  return { cpu, memory };
}
