/** Small builders shared by the tests. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClusterSpec, NodeSpec, PodSpec, PodTemplateSpec } from '../src/model/cluster.js';
import { compile } from '../src/system/compile.js';
import type { CompiledCluster } from '../src/model/config.js';
import { CycleState } from '../src/controllers/scheduler/framework.js';

/** A one-deployment cluster: `placement[i]` is the node index (1-based) of running pod i+1. */
export function cluster(opts: {
  nodes: NodeSpec[];
  template: PodTemplateSpec;
  placement: number[];
  spareSlots?: number;
}): ClusterSpec {
  const pods: PodSpec[] = opts.placement.map((n) => ({ deployment: 'app', node: opts.nodes[n - 1].name, phase: 'Running' }));
  return {
    name: 'test',
    nodes: opts.nodes,
    podTemplates: [opts.template],
    deployments: [{ name: 'app', replicas: pods.length, template: opts.template.name }],
    pods,
    spareSlots: opts.spareSlots ?? 1,
    events: [],
    intents: [],
  };
}

/** A scheduling cycle for a new pod of template 1, every node feasible (as after the filters). */
export function cycleFor(cfg: CompiledCluster, s = cfg.initial): CycleState {
  const cs = new CycleState(cfg, cfg.layout);
  cs.s = s;
  cs.pod = cfg.layout.pods;
  cs.templateIndex = 1;
  cs.template = cfg.templates[1];
  cs.feasible.fill(1, 1);
  return cs;
}

/** The intent each built-in case violates at every scale (docs/model.md §15); -cn holds. */
export const CASE_INTENT: Record<string, string> = {
  c1: 'no_oscillation_replica_num',
  c2: 'replica_num_always_meet_min',
  c3: 'pod_always_schedulable',
  c4: 'no_kernel_panic',
  c5: 'no_oscillation_eviction',
  c6: 'replica_num_always_meet_exp',
  c7: 'no_oscillation_eviction',
  c8: 'no_oscillation_eviction',
};

export { compile };

/** A scratch folder holding `files` (path → text), for loader tests. */
export function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kivi-test-'));
  for (const [path, text] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, text);
  }
  return dir;
}
