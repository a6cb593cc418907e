/**
 * The replay's unreduced execution as a renaming of the reduced path (docs/model.md §8.11.4).
 * The replay steps the unreduced model from its initial state and keeps, at each step, a
 * successor whose canonical form is the path's next state. Here the renaming π that maps the
 * current unreduced state s onto the current canonical state r (π(s) = r) is kept from step to
 * step: for a candidate successor t of s, π(t) differs from the canonical r only where the
 * transition touched, so its canonical form is `Symmetry.canonicalizeAfter(π(t), r)`, which
 * re-places only the touched nodes and slots (§8.11.6), where a canonical form from scratch
 * sorted every node and pod of each candidate. The renaming that labelling makes, ρ, gives the
 * next step's ρ∘π. π(t) has the canonical form of t: renaming nodes within their classes and
 * slots maps a state to an equivalent one (§8.11.3), and the time abstraction reads word by word.
 */
import type { ReplayTracker } from '../checker/transition-system.js';
import type { Symmetry } from './symmetry.js';
import type { TimeAbstraction } from './time.js';

export class RenamingTracker implements ReplayTracker {
  /** π: node n of the unreduced state is node pn[n] of the reduced one (pn[0] = 0); slot q is slot ps[q]. */
  private pn: Int32Array;
  private ps: Int32Array;
  /** ρ∘π for the last candidate that matched. */
  private nextPn: Int32Array;
  private nextPs: Int32Array;
  private readonly u: Int32Array;

  /**
   * `initial`: the unreduced initial state; π starts as its canonical labelling. `perNode(p)`:
   * for a per-node process, its node (processes of consecutive nodes are numbered consecutively),
   * else 0.
   */
  constructor(
    private readonly symmetry: Symmetry,
    private readonly time: TimeAbstraction,
    initial: Int32Array,
    private readonly perNode: (p: number) => number,
  ) {
    const order = symmetry.order;
    const nodes = order.newNode.length;
    const slots = order.newSlot.length;
    this.pn = new Int32Array(nodes);
    this.ps = new Int32Array(slots);
    this.nextPn = new Int32Array(nodes);
    this.nextPs = new Int32Array(slots);
    this.u = new Int32Array(initial.length);
    order.compute(initial);
    this.pn.set(order.newNode);
    this.ps.set(order.newSlot);
  }

  /** A per-node process of node m is renamed with its node: node n's, where π(n) = m. Any other process is p. */
  process(p: number): number {
    const m = this.perNode(p);
    if (m === 0) return p;
    for (let n = 1; n < this.pn.length; n++) if (this.pn[n] === m) return p - m + n;
    return p;
  }

  matches(s: Int32Array, t: Int32Array, parent: Int32Array, target: Int32Array): boolean {
    const u = this.u;
    // π(t): π(s) = parent but where t differs from s.
    this.symmetry.renameChanged(u, t, s, parent, this.pn, this.ps);
    // As TransitionSystem.reduce: the time abstraction (a successor with a violation code has
    // not had it), then the canonical form, from the canonical parent.
    this.time.canonicalize(u);
    this.symmetry.canonicalizeAfter(u, parent);
    if (!sameStates(u, target)) return false;
    const order = this.symmetry.order;
    for (let n = 0; n < this.pn.length; n++) this.nextPn[n] = order.newNode[this.pn[n]];
    for (let q = 1; q < this.ps.length; q++) this.nextPs[q] = order.newSlot[this.ps[q]];
    return true;
  }

  accept(): void {
    [this.pn, this.nextPn] = [this.nextPn, this.pn];
    [this.ps, this.nextPs] = [this.nextPs, this.ps];
  }
}

function sameStates(a: Int32Array, b: Int32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
