/**
 * The init process, reduced (docs/model.md §7.3): every controller and event
 * process exists from the start, and init keeps two steps that can interleave with them:
 * enqueue the initial HPA and descheduler triggers, then — once the cluster is Q5-idle — spawn
 * the "after stable" events. ("first" commands run before anything, see KiviModel.)
 */
import type { ModelContext } from '../model/context.js';
import { EV_MAINTENANCE } from '../model/config.js';
import {
  D_IN_CREATION, D_IN_DELETION, D_REPLICAS, D_SPEC, D_STATUS, E_A, E_PHASE, G_INIT, G_TIME, INIT_DONE, INIT_ENQUEUE,
  INIT_WAIT_STABLE, Q_DC, Q_DS, Q_HPA, depAt, eventAt,
} from '../model/layout.js';
import type { Log } from '../checker/log.js';
import { enqueue, q5Idle } from '../model/queues.js';
import { EVENT_READY } from '../model/phases.js';

export function initEnabled(ctx: ModelContext, s: Int32Array): boolean {
  const phase = s[G_INIT];
  return phase === INIT_ENQUEUE || (phase === INIT_WAIT_STABLE && q5Idle(s, ctx.l));
}

export function initStep(ctx: ModelContext, s: Int32Array, log: Log | null): number {
  const cfg = ctx.cfg;
  if (s[G_INIT] === INIT_ENQUEUE) {
    // docs/model.md §7.3: each deployment's HPA and the descheduler get a first look. A live deployment
    // whose pods do not match its spec is reconciled too, as the deployment controller does on
    // start-up (the reference's built-in cases all start in balance, so this changes none).
    for (let d = 1; d <= ctx.l.deployments; d++) {
      if (cfg.hpaOn) enqueue(s, ctx.l, Q_HPA, d);
      if (cfg.descheduler) enqueue(s, ctx.l, Q_DS, d);
      const at = depAt(ctx.l, d);
      if (s[at + D_STATUS] === 1 && s[at + D_SPEC] !== s[at + D_REPLICAS] + s[at + D_IN_CREATION] - s[at + D_IN_DELETION]) {
        enqueue(s, ctx.l, Q_DC, d);
      }
    }
    s[G_INIT] = cfg.hasAfterStableEvents ? INIT_WAIT_STABLE : INIT_DONE;
    return 0;
  }
  // docs/model.md §7.3: the cluster is stable; launch the after-stable events in listed order.
  for (let e = 0; e < cfg.events.length; e++) {
    if (!cfg.events[e].afterStable) continue;
    const at = eventAt(ctx.l, e);
    s[at + E_PHASE] = EVENT_READY;
    // Locals are initialised at spawn time (docs/model.md §7.3): the CPU event's spawn time; maintenance
    // starts at node 1.
    s[at + E_A] = cfg.events[e].kind === EV_MAINTENANCE ? 1 : s[G_TIME];
    if (log) log.emit(3, 'init', `The cluster is stable: starting event #${e + 1} (${cfg.events[e].kindName})`);
  }
  s[G_INIT] = INIT_DONE;
  return 0;
}
