/**
 * For every stored state: its parent and the action that reached it (TLC rebuilds traces the
 * same way). State 0 is the initial state. Growable typed arrays, no objects per state.
 */
function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

export class TraceTree {
  private parent: Int32Array = new Int32Array(1024);
  private proc: Int32Array = new Int32Array(1024);
  private choice: Int32Array = new Int32Array(1024);
  size = 0;

  get bytes(): number {
    return this.parent.byteLength * 3;
  }

  /** Records a state reached from `parent` by (proc, choice); returns its id. */
  add(parent: number, proc: number, choice: number): number {
    if (this.size === this.parent.length) {
      this.parent = grow(this.parent);
      this.proc = grow(this.proc);
      this.choice = grow(this.choice);
    }
    const id = this.size++;
    this.parent[id] = parent;
    this.proc[id] = proc;
    this.choice[id] = choice;
    return id;
  }

  /** The actions from the initial state to state `id`, as [proc, choice] pairs in order. */
  pathTo(id: number): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (let at = id; at > 0; at = this.parent[at]) out.push([this.proc[at], this.choice[at]]);
    return out.reverse();
  }
}
