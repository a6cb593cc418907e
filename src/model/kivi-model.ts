/**
 * The cluster as a transition system: the process table (init, controllers, event processes)
 * and the dispatch from (process, choice) to the controllers' pure transition functions.
 * One transition is one controller burst, one event step, or one init step (README decision 1).
 */
import type { TransitionSystem } from '../checker/transition-system.js';
import type { ModelContext } from '../controllers/context.js';
import { deploymentControllerBurst, deploymentControllerEnabled } from '../controllers/deployment.js';
import { cpuChangeChoices, cpuChangeStep } from '../controllers/events/cpu-change.js';
import { EVENT_ARMED } from '../controllers/events/phases.js';
import { hpaBurst, hpaEnabled } from '../controllers/hpa.js';
import { initEnabled, initStep } from '../controllers/init.js';
import { kubeletBurst, kubeletEnabled } from '../controllers/kubelet.js';
import { Scheduler } from '../controllers/scheduler/scheduler.js';
import { DEADLOCK_BASE } from '../intents/catalog.js';
import type { CompiledCluster } from './config.js';
import { E_PHASE, eventAt } from './layout.js';
import type { Log } from './log.js';

const KIND_INIT = 0;
const KIND_DC = 1;
const KIND_SCH = 2;
const KIND_HPA = 3;
const KIND_KBL = 4;
const KIND_EVENT = 5;

export class KiviModel implements TransitionSystem {
  readonly stateWords: number;
  readonly processCount: number;
  readonly ctx: ModelContext;
  /** Per process: its kind and argument (the event index for event processes). */
  private readonly kinds: Int32Array;
  private readonly args: Int32Array;
  private readonly names: string[];

  constructor(readonly cfg: CompiledCluster) {
    const l = cfg.layout;
    this.ctx = { cfg, l, perNode: new Int32Array(l.nodes + 1), scheduler: new Scheduler(cfg) };
    this.stateWords = l.words;
    const kinds: number[] = [KIND_INIT, KIND_DC, KIND_SCH];
    const args: number[] = [0, 0, 0];
    const names = ['init', 'deploymentController', 'scheduler'];
    if (cfg.hpaOn) {
      kinds.push(KIND_HPA);
      args.push(0);
      names.push('hpa');
    }
    kinds.push(KIND_KBL);
    args.push(0);
    names.push('kubelet');
    cfg.events.forEach((e, i) => {
      kinds.push(KIND_EVENT);
      args.push(i);
      names.push(`${e.kind}(${cfg.deploymentNames[e.deployment]})`);
    });
    this.kinds = Int32Array.from(kinds);
    this.args = Int32Array.from(args);
    this.names = names;
    this.processCount = kinds.length;
  }

  initialState(): Int32Array {
    return this.cfg.initial.slice();
  }

  choices(s: Int32Array, p: number): number {
    const ctx = this.ctx;
    switch (this.kinds[p]) {
      case KIND_INIT:
        return initEnabled(ctx, s) ? 1 : 0;
      case KIND_DC:
        return deploymentControllerEnabled(ctx, s) ? 1 : 0;
      case KIND_SCH:
        return ctx.scheduler.enabled(s) ? 1 : 0;
      case KIND_HPA:
        return hpaEnabled(ctx, s) ? 1 : 0;
      case KIND_KBL:
        return kubeletEnabled(ctx, s) ? 1 : 0;
      default:
        return cpuChangeChoices(ctx, s, this.args[p]);
    }
  }

  step(s: Int32Array, p: number, choice: number, log: Log | null): number {
    const ctx = this.ctx;
    switch (this.kinds[p]) {
      case KIND_INIT:
        return initStep(ctx, s, log);
      case KIND_DC:
        return deploymentControllerBurst(ctx, s, log);
      case KIND_SCH:
        return ctx.scheduler.burst(s, log);
      case KIND_HPA:
        return hpaBurst(ctx, s, log);
      case KIND_KBL:
        return kubeletBurst(ctx, s, log);
      default:
        return cpuChangeStep(ctx, s, this.args[p], choice, log);
    }
  }

  endState(s: Int32Array): number {
    // An armed event still waiting for its deployment's pods is stuck (model.md §6.6).
    for (let p = 0; p < this.processCount; p++) {
      if (this.kinds[p] === KIND_EVENT && s[eventAt(this.ctx.l, this.args[p]) + E_PHASE] === EVENT_ARMED) return DEADLOCK_BASE + p;
    }
    return 0;
  }

  processName(p: number): string {
    return this.names[p];
  }
}
