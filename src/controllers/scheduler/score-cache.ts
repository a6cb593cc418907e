/**
 * A plugin's scores of the nodes, per template, kept per node with the two numbers the score was
 * computed from (its key): NodeResourcesFit and BalancedAllocation score a node from the pod's
 * template, the node's allocatable and its own requested sums, so a node whose sums are what they
 * were when it was last scored for the template keeps its score, within a burst and from one
 * state to the next (where the canonical renaming moves pods between alike nodes, the sums stay
 * while NodeRequests.version moves). Loops over the nodes read the arrays directly.
 */
import type { NodeRequests } from './requested.js';

/** No node's key: requested sums and versions are never this. */
const NO_KEY = -2147483648;

interface Kept {
  score: Int32Array;
  key1: Int32Array;
  key2: Int32Array;
}

export class ScoreCache {
  /** After `use`: score[n] is node n's kept score for the template, valid while its key is (key1[n], key2[n]). */
  score: Int32Array;
  key1: Int32Array;
  key2: Int32Array;
  /** Per template, made when first used. */
  private readonly kept: Array<Kept | undefined> = [];
  private template = -1;
  private requests: NodeRequests | null = null;

  constructor(private readonly nodes: number) {
    this.score = this.key1 = this.key2 = new Int32Array(0);
  }

  /** Scores for `template` against `requests` from now on (another `requests`: forget every score). */
  use(requests: NodeRequests, template: number): void {
    if (requests === this.requests && template === this.template) return;
    if (requests !== this.requests) for (const k of this.kept) k?.key1.fill(NO_KEY);
    this.requests = requests;
    this.template = template;
    let k = this.kept[template];
    if (k === undefined) {
      k = { score: new Int32Array(this.nodes + 1), key1: new Int32Array(this.nodes + 1).fill(NO_KEY), key2: new Int32Array(this.nodes + 1).fill(NO_KEY) };
      this.kept[template] = k;
    }
    this.score = k.score;
    this.key1 = k.key1;
    this.key2 = k.key2;
  }
}
