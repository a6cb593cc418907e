/**
 * Load models (docs/model.md §9.9, docs/inputs.md "Load"): the profile's `load` key, the
 * `--load` option and the default a configuration folder or kubectl output gets for every
 * deployment with an HPA that states none.
 *
 * A load is written `LEVELS[/CHANGE]`: LEVELS is `FROM:TO:STEP` (percentages of the CPU
 * request, both ends included) or a list `A,B,C`; CHANGE is `any` (default: any level at any
 * time) or `step` (one level up or down at a time). The profile also takes an object
 * `{"levels": …, "change": …, "start": …}`.
 */
import type { ClusterSpec, DeploymentSpec, LoadSpec } from '../model/cluster.js';
import { InputError } from '../model/errors.js';
import { isRecord } from './documents.js';
import { parseCpuMillis } from './quantity.js';

/** The default: 0 %, 50 %, 100 % and 200 % of the CPU request, any level at any time. */
export const DEFAULT_LOAD: Readonly<LoadSpec> = { levels: [0, 50, 100, 200], change: 'any' };

/** Most levels one load may have. */
const MAX_LEVELS = 50;

/** `LEVELS[/CHANGE]` → a LoadSpec; the error says what is wrong with `text`. */
export function parseLoadText(text: string): LoadSpec | string {
  const m = /^\s*([^/]+?)\s*(?:\/\s*(\w+)\s*)?$/.exec(text);
  if (!m) return `expected LEVELS[/any|/step], got ${JSON.stringify(text)}`;
  const change = m[2] ?? 'any';
  if (change !== 'any' && change !== 'step') return `the change must be any or step, got ${JSON.stringify(change)}`;
  const levels = parseLevels(m[1]);
  if (typeof levels === 'string') return levels;
  return { levels, change };
}

function parseLevels(text: string): number[] | string {
  const isInt = (s: string): boolean => /^\d+$/.test(s.trim());
  const range = text.split(':');
  if (range.length === 3) {
    if (!range.every(isInt)) return `a range is FROM:TO:STEP in whole percent, got ${JSON.stringify(text)}`;
    const [from, to, step] = range.map(Number);
    if (step === 0 || to < from) return `a range needs FROM <= TO and STEP > 0, got ${JSON.stringify(text)}`;
    if ((to - from) / step + 1 > MAX_LEVELS) return `at most ${MAX_LEVELS} levels, got ${JSON.stringify(text)}`;
    const out: number[] = [];
    for (let v = from; v <= to; v += step) out.push(v);
    return out;
  }
  const list = text.split(',');
  if (!list.every(isInt)) return `levels are FROM:TO:STEP or a list A,B,C of whole percentages, got ${JSON.stringify(text)}`;
  const levels = list.map(Number);
  for (let i = 1; i < levels.length; i++) if (levels[i] <= levels[i - 1]) return `levels must be ascending and distinct, got ${JSON.stringify(text)}`;
  return levels;
}

/** One entry of the profile's `load` map: a `LEVELS[/CHANGE]` string or an object. */
function profileLoad(v: unknown, field: string, file: string): LoadSpec {
  if (typeof v === 'string') {
    const r = parseLoadText(v);
    if (typeof r === 'string') throw new InputError(r, undefined, field, file);
    return r;
  }
  if (!isRecord(v)) throw new InputError(`must be a string like "0:200:50/step" or an object with levels, got ${JSON.stringify(v)}`, undefined, field, file);
  for (const k of Object.keys(v)) if (!['levels', 'change', 'start'].includes(k)) throw new InputError(`unknown key "${k}" (levels, change, start)`, undefined, field, file);
  let levels: number[];
  if (typeof v.levels === 'string') {
    const r = parseLevels(v.levels);
    if (typeof r === 'string') throw new InputError(r, undefined, `${field}.levels`, file);
    levels = r;
  } else if (Array.isArray(v.levels) && v.levels.every((x) => typeof x === 'number')) levels = v.levels as number[];
  else throw new InputError(`must be "FROM:TO:STEP", "A,B,C" or a list of numbers, got ${JSON.stringify(v.levels)}`, undefined, `${field}.levels`, file);
  const out: LoadSpec = { levels };
  if (v.change !== undefined) {
    if (v.change !== 'any' && v.change !== 'step') throw new InputError(`must be any or step, got ${JSON.stringify(v.change)}`, undefined, `${field}.change`, file);
    out.change = v.change;
  }
  if (v.start !== undefined) {
    if (typeof v.start !== 'number') throw new InputError(`must be one of the levels, got ${JSON.stringify(v.start)}`, undefined, `${field}.start`, file);
    out.start = v.start;
  }
  return out;
}

/**
 * The profile's `load` map (deployment name → load) onto the deployments; then the default for
 * every deployment with an HPA, no load and no CPU pattern. `null` for a deployment turns its
 * load model off.
 */
export function applyProfileLoads(load: unknown, file: string, deployments: DeploymentSpec[], templates: ClusterSpec['podTemplates']): void {
  const off = new Set<string>();
  if (load !== undefined) {
    if (!isRecord(load)) throw new InputError('must be an object: deployment name → load', undefined, 'load', file);
    for (const [name, v] of Object.entries(load)) {
      const d = deployments.find((x) => x.name === name);
      if (!d) throw new InputError(`no Deployment "${name}"`, undefined, `load.${name}`, file);
      if (v === null || v === 'off') off.add(name);
      else d.load = profileLoad(v, `load.${name}`, file);
    }
  }
  for (const d of deployments) {
    if (d.load || !d.hpa || off.has(d.name)) continue;
    const t = templates.find((x) => x.name === d.template);
    if (t?.cpuPattern && t.cpuPattern.usage.length > 1) continue;
    if (!t || t.cpuRequest === 0) continue;
    d.load = { levels: [...DEFAULT_LOAD.levels], change: DEFAULT_LOAD.change };
  }
}

/** `--load NAME=LOAD` (repeatable; `NAME=off` removes a load model) onto a loaded cluster. */
export function applyLoadOptions(spec: ClusterSpec, options: readonly string[]): void {
  for (const o of options) {
    const eq = o.indexOf('=');
    if (eq <= 0) throw new InputError(`expected DEPLOYMENT=LEVELS[/any|/step], got ${JSON.stringify(o)}`, undefined, '--load');
    const name = o.slice(0, eq).trim();
    const d = spec.deployments.find((x) => x.name === name);
    if (!d) throw new InputError(`no deployment "${name}" (the cluster has ${spec.deployments.map((x) => x.name).join(', ') || 'none'})`, undefined, '--load');
    const text = o.slice(eq + 1);
    if (text.trim() === 'off') {
      delete d.load;
      continue;
    }
    const r = parseLoadText(text);
    if (typeof r === 'string') throw new InputError(r, undefined, `--load ${name}`);
    d.load = r;
  }
}

/** The profile's `hpaController` flags (docs/inputs.md): tolerance and the two periods in seconds. */
export function profileHpaController(v: unknown, file: string): ClusterSpec['hpaController'] {
  if (v === undefined) return undefined;
  if (!isRecord(v)) throw new InputError('must be an object', undefined, 'hpaController', file);
  const keys = ['tolerance', 'downscaleStabilizationSeconds', 'cpuInitializationPeriodSeconds'];
  for (const k of Object.keys(v)) if (!keys.includes(k)) throw new InputError(`unknown key "${k}" (${keys.join(', ')})`, undefined, 'hpaController', file);
  return v as ClusterSpec['hpaController'];
}

/**
 * kubectl output: a deployment's load starts at the level nearest its pods' measured usage
 * (`kubectl top pod`) as a share of their CPU request.
 */
export function startFromUsage(spec: ClusterSpec): void {
  for (const d of spec.deployments) {
    if (!d.load || d.load.start !== undefined) continue;
    const t = spec.podTemplates.find((x) => x.name === d.template);
    let usage = 0;
    let request = 0;
    for (const p of spec.pods) {
      if (p.deployment !== d.name || p.cpu === undefined) continue;
      usage += p.cpu;
      request += spec.podTemplates.find((x) => x.name === (p.template ?? d.template))?.cpuRequest ?? t?.cpuRequest ?? 0;
    }
    if (request === 0) continue;
    const percent = (usage * 100) / request;
    let best = 0;
    for (let k = 1; k < d.load.levels.length; k++) if (Math.abs(d.load.levels[k] - percent) < Math.abs(d.load.levels[best] - percent)) best = k;
    d.load.start = d.load.levels[best];
  }
}

/**
 * The profile's `cpuPattern` (deployment name → `{"usage": [...], "at": [...]}`): the CPU usage
 * of each new pod of the deployment over time, `usage[k]` (a CPU quantity) from `at[k]` seconds
 * after its start (docs/model.md §9.2; the built-in cases' CPU patterns). `at[0]` is 0.
 */
export function applyProfilePatterns(v: unknown, file: string, deployments: DeploymentSpec[], templates: ClusterSpec['podTemplates']): void {
  if (v === undefined) return;
  if (!isRecord(v)) throw new InputError('must be an object: deployment name → {usage, at}', undefined, 'cpuPattern', file);
  for (const [name, p] of Object.entries(v)) {
    const field = `cpuPattern.${name}`;
    const d = deployments.find((x) => x.name === name);
    if (!d) throw new InputError(`no Deployment "${name}"`, undefined, field, file);
    if (!isRecord(p) || !Array.isArray(p.usage) || !Array.isArray(p.at) || p.usage.length === 0 || p.usage.length !== p.at.length) {
      throw new InputError('must be {"usage": [CPU quantities], "at": [seconds]} of the same length', undefined, field, file);
    }
    const usage = p.usage.map((u, i) => parseCpuMillis(u, { file, field: `${field}.usage[${i}]` }));
    const at = p.at.map((x, i) => {
      if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || (i === 0 && x !== 0) || (i > 0 && x <= (p.at as number[])[i - 1])) {
        throw new InputError(`must be whole seconds, 0 first, ascending, got ${JSON.stringify(x)}`, undefined, `${field}.at[${i}]`, file);
      }
      return x * 10; // ticks (docs/model.md §6.1)
    });
    const t = templates.find((x) => x.name === d.template);
    if (t) t.cpuPattern = { usage, at };
  }
}
