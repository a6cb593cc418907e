/** Deployments' load models (docs/model.md §9.9): levels checked, the starting level chosen. */
import type { DeploymentSpec } from '../../model/cluster.js';
import type { CompiledLoad, CompiledTemplate } from '../../model/config.js';
import { InputError } from '../../model/errors.js';
import { type Layout, loadAt } from '../../model/layout.js';
import { requireInt } from './input.js';

/** Highest level kivi accepts, in percent of the request. */
const MAX_LEVEL = 10_000;

export interface CompiledLoads {
  /** Per deployment (1-based), null without a load model. */
  loads: (CompiledLoad | null)[];
  /** Per deployment (1-based): the index of its starting level. */
  start: Int32Array;
}

export function compileLoads(deployments: DeploymentSpec[], templateIdx: Map<string, number>, templates: CompiledTemplate[]): CompiledLoads {
  const loads: (CompiledLoad | null)[] = [null];
  const start = new Int32Array(deployments.length + 1);
  deployments.forEach((d, i) => {
    if (!d.load) {
      loads.push(null);
      return;
    }
    const object = `Deployment/${d.name}`;
    const t = templates[templateIdx.get(d.template)!];
    if (!Array.isArray(d.load.levels) || d.load.levels.length === 0) throw new InputError('needs at least one level', object, 'load.levels');
    const levels = Int32Array.from(d.load.levels.map((v, k) => requireInt(v, object, `load.levels[${k}]`, 0, MAX_LEVEL)));
    for (let k = 1; k < levels.length; k++) {
      if (levels[k] <= levels[k - 1]) throw new InputError(`must be ascending and distinct, got ${d.load.levels.join(',')}`, object, 'load.levels');
    }
    const change = d.load.change ?? 'any';
    if (change !== 'any' && change !== 'step') throw new InputError(`must be any or step, got ${JSON.stringify(change)}`, object, 'load.change');
    if (t.cpuRequest === 0) throw new InputError('a load is a percentage of the CPU request, and the pod template requests no CPU', object, 'load');
    if (t.cpuPattern !== null && t.cpuPattern.usage.length > 1) throw new InputError('the pod template has a CPU pattern; give the deployment a load model or a pattern, not both', object, 'load');
    let s: number;
    if (d.load.start !== undefined) {
      s = levels.indexOf(d.load.start);
      if (s < 0) throw new InputError(`must be one of the levels, got ${JSON.stringify(d.load.start)}`, object, 'load.start');
    } else s = nearestLevel(levels, (t.cpuUsage * 100) / t.cpuRequest);
    loads.push({ levels, step: change === 'step' });
    start[i + 1] = s;
  });
  return { loads, start };
}

/** The index of the level nearest `percent` (the lower one on a tie). */
export function nearestLevel(levels: Int32Array | number[], percent: number): number {
  let best = 0;
  for (let k = 1; k < levels.length; k++) if (Math.abs(levels[k] - percent) < Math.abs(levels[best] - percent)) best = k;
  return best;
}

/** Each deployment's starting level into the initial state. */
export function writeLoads(s: Int32Array, l: Layout, c: CompiledLoads): void {
  if (l.loadBase < 0) return;
  for (let d = 1; d < c.loads.length; d++) s[loadAt(l, d)] = c.start[d];
}
