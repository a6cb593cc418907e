/**
 * A plugin's scores of the nodes for one template, kept while the nodes' requested sums stay as
 * they were (NodeRequests.version): NodeResourcesFit and BalancedAllocation score a node from its
 * own requests and the pod's, so within a burst, and from one state to the next, only the nodes
 * whose sums moved are scored again.
 */
import type { NodeRequests } from './requested.js';

export class ScoreCache {
  private readonly score: Int32Array;
  private readonly version: Int32Array;
  private template = -1;
  private requests: NodeRequests | null = null;

  constructor(nodes: number) {
    this.score = new Int32Array(nodes + 1);
    this.version = new Int32Array(nodes + 1).fill(-1);
  }

  /** Scores for `template` against `requests` from now on: forget the others. */
  use(requests: NodeRequests, template: number): void {
    if (requests === this.requests && template === this.template) return;
    this.requests = requests;
    this.template = template;
    this.version.fill(-1);
  }

  /** Node n's score is kept: its sums have not moved since it was scored. */
  has(n: number): boolean {
    return this.version[n] === this.requests!.version[n];
  }

  get(n: number): number {
    return this.score[n];
  }

  set(n: number, score: number): number {
    this.score[n] = score;
    this.version[n] = this.requests!.version[n];
    return score;
  }
}
