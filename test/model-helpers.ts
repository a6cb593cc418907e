/** Driving a KiviModel by process name, for controller tests. */
import type { ClusterSpec } from '../src/model/cluster.js';
import { compile } from '../src/system/compile.js';
import { KiviModel } from '../src/system/kivi-model.js';
import { LineLog } from '../src/checker/log.js';

export class Driver {
  readonly model: KiviModel;
  readonly s: Int32Array;
  readonly log = new LineLog();

  constructor(spec: ClusterSpec) {
    this.model = new KiviModel(compile(spec), { reduce: false }); // concrete states: no renaming (docs/model.md §8.11)
    this.s = this.model.initialState();
  }

  get l() {
    return this.model.cfg.layout;
  }

  proc(name: string): number {
    for (let p = 0; p < this.model.processCount; p++) if (this.model.processName(p) === name) return p;
    throw new Error(`no process ${name}; have ${Array.from({ length: this.model.processCount }, (_, p) => this.model.processName(p)).join(', ')}`);
  }

  enabled(name: string): number {
    return this.model.choices(this.s, this.proc(name));
  }

  /** Runs one transition of the named process; returns its violation code. */
  run(name: string, choice = 0): number {
    const p = this.proc(name);
    if (choice >= this.model.choices(this.s, p)) throw new Error(`${name} is not enabled (choice ${choice})`);
    return this.model.step(this.s, p, choice, this.log);
  }

  /** Level-1 lines so far, as `[Component] text`. */
  shown(): string[] {
    return this.log.lines.filter((x) => x.level === 1).map((x) => (x.component ? `[${x.component}] ${x.text}` : x.text));
  }
}
