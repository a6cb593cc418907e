/**
 * What every transition function receives besides the state: the static configuration and
 * scratch buffers allocated once per compiled cluster (never per state).
 */
import type { CompiledCluster } from '../model/config.js';
import type { Layout } from '../model/layout.js';
import type { Scheduler } from './scheduler/scheduler.js';

export interface ModelContext {
  readonly cfg: CompiledCluster;
  readonly l: Layout;
  /** Per-node scratch counts (scale-down victim choice). */
  readonly perNode: Int32Array;
  readonly scheduler: Scheduler;
}
