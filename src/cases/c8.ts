/**
 * Case c8 (docs/model.md §15, internal s9; descheduler issue #921): the descheduler's
 * RemovePodsViolatingTopologySpreadConstraint plugin against preferred node affinity.
 *
 * n empty nodes of 64 CPU / 64 memory: t1 = ⌈n/5⌉ labelled `lifecycle: on-demand` first, then
 * n − t1 labelled `lifecycle: spot`. There are 2n free pod slots. The deployment does not exist
 * yet: a user command creates it with spec 2n (no HPA). Its pods request 8/8 (the one-entry
 * CPU pattern never fires and only sets new pods' usage to 8) and carry two soft
 * topology-spread constraints, hostname and lifecycle, both maxSkew 1 and ScheduleAnyway,
 * plus preferred node affinity: weight 5 for on-demand and 4 for spot. The scheduler's scoring
 * (affinity prefers on-demand; spreading and NodeResourcesFit's LeastAllocated on requests
 * prefer balance) leaves the pods skewed over one of the two constraints (at scale 3: two per
 * node, so on-demand 2 against spot 4); the descheduler, configured to balance soft constraints
 * too, evicts one and the scheduler puts it back in the same place: three rounds violate
 * `no_oscillation_eviction`.
 * With `-cn` the descheduler only balances DoNotSchedule constraints, and there are none; the
 * intent is kept.
 */
import { appTemplate, caseName, caseScaling, caseScheduler, spreadApp } from './common.js';
import type { ClusterSpec, NodeSpec } from '../model/cluster.js';

export function c8(scale: number, nonViolation: boolean): ClusterSpec {
  const n = scale;
  const onDemand = Math.ceil(n / 5);
  const nodes: NodeSpec[] = [];
  for (let i = 0; i < n; i++) {
    nodes.push({ name: `node-${i + 1}`, cpu: 64, memory: 64, labels: { lifecycle: i < onDemand ? 'on-demand' : 'spot' } });
  }
  const spread = (topologyKey: string) => spreadApp(topologyKey, 'ScheduleAnyway');
  return {
    name: caseName('c8', scale, nonViolation),
    scheduler: caseScheduler(),
    nodes,
    podTemplates: [
      appTemplate({
        cpuPattern: { usage: [8], at: [0] },
        topologySpreadConstraints: [spread('hostname'), spread('lifecycle')],
        nodeAffinity: {
          preferred: [
            { weight: 4, term: { matchLabels: { lifecycle: 'spot' } } },
            { weight: 5, term: { matchLabels: { lifecycle: 'on-demand' } } },
          ],
        },
      }),
    ],
    deployments: [{ name: 'app', replicas: 2 * n, template: 'app', created: false }],
    pods: [],
    spareSlots: 2 * n,
    events: [{ kind: 'createTargetDeployment', deployment: 'app' }],
    intents: [{ name: 'no_oscillation_eviction', params: { deployment: 'app' } }],
    descheduler: {
      profiles: [
        {
          plugins: ['RemovePodsViolatingTopologySpreadConstraint'],
          constraints: nonViolation ? ['DoNotSchedule'] : ['DoNotSchedule', 'ScheduleAnyway'],
        },
      ],
    },
    scaling: caseScaling(scale),
  };
}
