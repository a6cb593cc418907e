/**
 * The cloud provider bringing up the nodes the cluster autoscaler asked for (docs/model.md
 * §8.10.2): a node being provisioned registers Ready once `provisioningTime` has passed since the
 * request, or sooner when the cluster is Q5-idle (the periodic-actor rule, §6.1). The new node
 * makes kube-scheduler retry its unschedulable pods (a Node/Add cluster event moves them to the
 * active queue, pkg/scheduler/internal/queue `MoveAllToActiveOrBackoffQueue`).
 */
import { setNodeStatus } from '../zone-counts.js';
import type { ModelContext } from '../../model/context.js';
import {
  CA_NODE_NONE, CA_NODE_PROVISIONING, CN_PHASE, CN_SINCE, G_TIME, NODE_READY, P_LOC, P_STATUS, POD_PENDING,
  POD_WORDS, caNodeAt,
} from '../../model/layout.js';
import { nodeRef } from '../../model/refs.js';
import type { Log } from '../../checker/log.js';
import { q5Idle } from '../../model/queues.js';
import { addToSchedulingQueue } from '../scheduler/queue-sort.js';

/** The node the provisioner registers next in s, or 0. */
function due(ctx: ModelContext, s: Int32Array): number {
  const l = ctx.l;
  const wait = ctx.cfg.autoscaler!.provisioningTime;
  const idle = q5Idle(s, l);
  for (let n = 1; n <= l.nodes; n++) {
    const at = caNodeAt(l, n);
    if (s[at + CN_PHASE] === CA_NODE_PROVISIONING && (idle || s[G_TIME] - s[at + CN_SINCE] >= wait)) return n;
  }
  return 0;
}

export function provisioningEnabled(ctx: ModelContext, s: Int32Array): boolean {
  return due(ctx, s) !== 0;
}

export function provisioningStep(ctx: ModelContext, s: Int32Array, log: Log | null): number {
  const l = ctx.l;
  const n = due(ctx, s);
  const at = caNodeAt(l, n);
  s[G_TIME] = Math.max(s[G_TIME], s[at + CN_SINCE] + ctx.cfg.autoscaler!.provisioningTime);
  setNodeStatus(ctx.cfg, s, n, NODE_READY); // with its zone's counts (zone-counts.ts)
  s[at + CN_PHASE] = CA_NODE_NONE;
  s[at + CN_SINCE] = 0;
  if (log) log.emit(1, 'nodeProvisioner', `Node ${ctx.cfg.nodeNames[n]} registered and is Ready`, [nodeRef(ctx.cfg, n)], 'RegisteredNode');
  for (let q = 1, pat = l.podBase; q <= l.pods; q++, pat += POD_WORDS) {
    if (s[pat + P_STATUS] === POD_PENDING && s[pat + P_LOC] === 0) addToSchedulingQueue(s, l, ctx.cfg.templates, q); // PrioritySort
  }
  return 0;
}
