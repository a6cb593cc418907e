/**
 * DefaultPreemption's candidates (docs/model.md §8.2.5): per node, the distinct victim sets that
 * `SelectVictimsOnNode` yields over the reprieve orders kivi cannot tell apart
 * (reprieve-orders.ts), and `pickOneNodeForPreemption`'s choice among them.
 *
 * Upstream, the start times fix one order per node, so each node has one victim set, and
 * `pickOneNodeForPreemption` (pkg/scheduler/framework/preemption/preemption.go) compares the
 * nodes: fewest PDB violations, lowest highest-victim priority, smallest sum of priorities
 * (each + 2³¹, `minSumPrioritiesScoreFunc`), fewest victims; then start times and Go map order,
 * which kivi leaves open. kivi does not know the start times, so each node's set is any of its
 * sets, independently per node (start times are per pod, each pod on one node). A pair (n, V)
 * is chosen under some assignment of sets to the nodes exactly when no other node m has all its
 * sets strictly better than V: then give m its worst set (not better than V) and n the set V,
 * and V is among the best; conversely if every set of some m beats V, m's set beats V whatever
 * m's start times are. The successor depends on (n, V) alone (prepareCandidate touches n and its
 * victims only), so the choices are those pairs. Buffers grow only when a run meets more sets
 * than ever before.
 */

/** math.MaxInt32 + 1: upstream adds it to each victim's priority before summing (`minSumPrioritiesScoreFunc`). */
const PRIORITY_OFFSET = 2147483648;

export class VictimSets {
  /** Set o's victims are victims[start[o] .. start[o] + len[o]), most important first, equal priorities by slot. */
  private victims: Int32Array;
  private victimPriority: Int32Array;
  private start: Int32Array;
  private len: Int32Array;
  private violations: Int32Array;
  private highest: Float64Array;
  private sum: Float64Array;
  private node: Int32Array;
  /** Node n's sets are nodeFirst[n] .. nodeFirst[n] + nodeSets[n]. */
  private readonly nodeFirst: Int32Array;
  private readonly nodeSets: Int32Array;
  /** Per node with sets, its worst (`pick`). */
  private readonly worst: Int32Array;
  /** After `pick`: the chosen sets, in node order then in the order found. */
  private chosen: Int32Array;
  private sets = 0;
  private used = 0;
  private current = 0;
  private lastSet = -1;

  constructor(private readonly nodes: number, pods: number) {
    const cap = nodes + 1;
    this.victims = new Int32Array(pods + 1);
    this.victimPriority = new Int32Array(pods + 1);
    this.start = new Int32Array(cap);
    this.len = new Int32Array(cap);
    this.violations = new Int32Array(cap);
    this.highest = new Float64Array(cap);
    this.sum = new Float64Array(cap);
    this.node = new Int32Array(cap);
    this.chosen = new Int32Array(cap);
    this.nodeFirst = new Int32Array(nodes + 1);
    this.nodeSets = new Int32Array(nodes + 1);
    this.worst = new Int32Array(nodes + 1);
  }

  clear(): void {
    this.sets = 0;
    this.used = 0;
  }

  /** The sets that follow are node n's. */
  beginNode(n: number): void {
    this.current = n;
    this.nodeFirst[n] = this.sets;
    this.nodeSets[n] = 0;
  }

  /** A new set of the current node: its victims follow (addVictim), then endSet. */
  beginSet(): void {
    if (this.sets === this.start.length) this.growSets();
    this.start[this.sets] = this.used;
    this.len[this.sets] = 0;
  }

  /** Adds victim q of priority p, kept in order of importance (higher priority, then lower slot). */
  addVictim(q: number, p: number): void {
    if (this.used === this.victims.length) this.growVictims();
    const v = this.victims;
    const vp = this.victimPriority;
    let j = this.used++;
    const from = this.start[this.sets];
    while (j > from && (vp[j - 1] < p || (vp[j - 1] === p && v[j - 1] > q))) {
      v[j] = v[j - 1];
      vp[j] = vp[j - 1];
      j--;
    }
    v[j] = q;
    vp[j] = p;
    this.len[this.sets]++;
  }

  /**
   * Ends the set with its PDB violations: kept unless it is empty (no candidate) or the node has
   * it already (same victims, same violations). `last` then says which set it is (−1 if empty).
   */
  endSet(violations: number): void {
    const o = this.sets;
    const count = this.len[o];
    if (count === 0) {
      this.used = this.start[o];
      this.lastSet = -1;
      return;
    }
    const n = this.current;
    for (let e = this.nodeFirst[n]; e < o; e++) {
      if (this.violations[e] === violations && this.sameVictims(e, o)) {
        this.used = this.start[o];
        this.lastSet = e;
        return;
      }
    }
    let sum = 0;
    for (let i = this.start[o]; i < this.start[o] + count; i++) sum += this.victimPriority[i] + PRIORITY_OFFSET;
    this.violations[o] = violations;
    this.highest[o] = this.victimPriority[this.start[o]];
    this.sum[o] = sum;
    this.node[o] = n;
    this.nodeSets[n]++;
    this.lastSet = o;
    this.sets++;
  }

  /** The set the last endSet kept or found, −1 when it was empty. */
  last(): number {
    return this.lastSet;
  }

  size(o: number): number {
    return this.len[o];
  }

  victim(o: number, i: number): number {
    return this.victims[this.start[o] + i];
  }

  nodeOf(o: number): number {
    return this.node[o];
  }

  violationsOf(o: number): number {
    return this.violations[o];
  }

  highestOf(o: number): number {
    return this.highest[o];
  }

  /** How many distinct sets node n has. */
  setsOn(n: number): number {
    return this.nodeSets[n];
  }

  /** After `pick`: the choice-th chosen set. */
  choice(c: number): number {
    return this.chosen[c];
  }

  private sameVictims(a: number, b: number): boolean {
    if (this.len[a] !== this.len[b]) return false;
    for (let i = 0; i < this.len[a]; i++) if (this.victims[this.start[a] + i] !== this.victims[this.start[b] + i]) return false;
    return true;
  }

  /**
   * `pickOneNodeForPreemption` without its last two criteria, over every assignment of sets to
   * the nodes: the sets V of a node n such that no other node has every set better than V
   * (compared with each other node's worst set). Two sets of n with the same victims (other
   * violation counts) are one choice: they lead to the same state. Returns how many.
   */
  pick(): number {
    const N = this.nodes;
    for (let m = 1; m <= N; m++) {
      if (this.nodeSets[m] === 0) continue;
      const first = this.nodeFirst[m];
      let w = first;
      for (let o = first + 1; o < first + this.nodeSets[m]; o++) if (this.compare(o, w) > 0) w = o;
      this.worst[m] = w;
    }
    let k = 0;
    for (let o = 0; o < this.sets; o++) {
      const n = this.node[o];
      let chosen = true;
      for (let m = 1; m <= N && chosen; m++) chosen = m === n || this.nodeSets[m] === 0 || this.compare(this.worst[m], o) >= 0;
      for (let i = k - 1; i >= 0 && chosen && this.node[this.chosen[i]] === n; i--) chosen = !this.sameVictims(this.chosen[i], o);
      if (chosen) this.chosen[k++] = o;
    }
    return k;
  }

  /** Negative when set a is better than b, 0 when the four criteria cannot tell them apart. */
  private compare(a: number, b: number): number {
    if (this.violations[a] !== this.violations[b]) return this.violations[a] - this.violations[b];
    if (this.highest[a] !== this.highest[b]) return this.highest[a] < this.highest[b] ? -1 : 1;
    if (this.sum[a] !== this.sum[b]) return this.sum[a] < this.sum[b] ? -1 : 1;
    return this.len[a] - this.len[b];
  }

  private growSets(): void {
    const cap = this.start.length * 2;
    this.start = grownInt(this.start, cap);
    this.len = grownInt(this.len, cap);
    this.violations = grownInt(this.violations, cap);
    this.node = grownInt(this.node, cap);
    this.chosen = grownInt(this.chosen, cap);
    this.highest = grownFloat(this.highest, cap);
    this.sum = grownFloat(this.sum, cap);
  }

  private growVictims(): void {
    const cap = this.victims.length * 2;
    this.victims = grownInt(this.victims, cap);
    this.victimPriority = grownInt(this.victimPriority, cap);
  }
}

function grownInt(a: Int32Array, cap: number): Int32Array {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}

function grownFloat(a: Float64Array, cap: number): Float64Array {
  const b = new Float64Array(cap);
  b.set(a);
  return b;
}
