/**
 * InterPodAffinity (docs/model.md §8.2.2 (filter), §8.2.3 (score)), after kube-scheduler's
 * interpodaffinity plugin (filtering.go, scoring.go). Templates are static, so which pods a term
 * selects is compiled per template (CompiledPodAffinityTerm.matchesTemplate); what changes is
 * where the pods are. Each cycle counts, per template and node, the pods that are running or
 * pending and bound (terminating pods do not count, as in PodTopologySpread's counting) and sums
 * them per topology domain of each term.
 */
import type { CompiledCluster, CompiledPodAffinityTerm } from '../../model/config.js';
import { P_LOC, P_STATUS, P_TEMPLATE, POD_PENDING, POD_RUNNING, POD_WORDS } from '../../model/layout.js';
import { type CycleState, type FilterPlugin, keepWhere, MAX_NODE_SCORE, type PreResult, type ScorePlugin, SKIP } from './framework.js';

/** Why a node fails the filter, in the order filtering.go's Filter checks. */
const OK = 0;
const AFFINITY = 1;
const ANTI_AFFINITY = 2;
const EXISTING_ANTI_AFFINITY = 3;
const REASONS = [
  '',
  "node(s) didn't match pod affinity rules", // ErrReasonAffinityRulesNotMatch
  "node(s) didn't match pod anti-affinity rules", // ErrReasonAntiAffinityRulesNotMatch
  "node(s) didn't satisfy existing pods anti-affinity rules", // ErrReasonExistingAntiAffinityRulesNotMatch
];

/** One term as one cycle uses it: whose pods count, with what weight, summed per domain. */
interface TermScratch {
  term: CompiledPodAffinityTerm;
  /** Pods of which templates count: selects[t] = 1. */
  selects: Uint8Array;
  /** Signed score weight (0 in filters). */
  weight: number;
  /** counts[d]: counted pods on the nodes of domain d. */
  counts: Int32Array;
}

function scratch(term: CompiledPodAffinityTerm, selects: Uint8Array, weight: number): TermScratch {
  return { term, selects, weight, counts: new Int32Array(term.domainCount + 1) };
}

/** selects[t] = 1 for the template t alone: an existing pod's own term counts that pod's template. */
function only(t: number, templates: number): Uint8Array {
  const out = new Uint8Array(templates + 1);
  out[t] = 1;
  return out;
}

/** Per incoming template, everything the plugin reads in a cycle (built once per cluster). */
interface TemplateTerms {
  requiredAffinity: TermScratch[];
  requiredAnti: TermScratch[];
  /** Existing pods' required anti-affinity terms that select this template's pods. */
  existingAnti: TermScratch[];
  /** Preferred terms of the incoming pod, and existing pods' terms that select it, for the score. */
  scoring: TermScratch[];
  selfAffine: boolean;
}

export class InterPodAffinity implements FilterPlugin, ScorePlugin {
  readonly name = 'InterPodAffinity';
  private readonly terms: TemplateTerms[];
  private readonly nodes: number;
  /** podsOn[t · (N + 1) + n]: counted pods of template t on node n. */
  private readonly podsOn: Int32Array;
  private burst = 0;
  private applied = 0;
  /** verdict[n]: OK or why node n fails (PreFilter computes it for every node). */
  private readonly verdict: Uint8Array;
  /** Raw topology score per node (PreScore). */
  private readonly raw: Int32Array;

  constructor(cfg: CompiledCluster) {
    const T = cfg.templates.length - 1;
    const N = cfg.layout.nodes;
    this.nodes = N;
    this.podsOn = new Int32Array((T + 1) * (N + 1));
    this.verdict = new Uint8Array(N + 1);
    this.raw = new Int32Array(N + 1);
    this.terms = [];
    for (let t = 0; t <= T; t++) this.terms.push(this.termsOf(cfg, t, T));
  }

  private termsOf(cfg: CompiledCluster, t: number, T: number): TemplateTerms {
    const out: TemplateTerms = { requiredAffinity: [], requiredAnti: [], existingAnti: [], scoring: [], selfAffine: false };
    if (t === 0) return out;
    const ip = cfg.templates[t].interPod;
    if (ip) {
      // An existing pod counts for the required affinity only when it matches every term
      // (podMatchesAllAffinityTerms in updateWithAffinityTerms).
      const all = new Uint8Array(T + 1);
      for (let u = 1; u <= T; u++) all[u] = ip.requiredAffinity.every((x) => x.matchesTemplate[u] === 1) ? 1 : 0;
      for (const x of ip.requiredAffinity) out.requiredAffinity.push(scratch(x, all, 0));
      for (const x of ip.requiredAntiAffinity) out.requiredAnti.push(scratch(x, x.matchesTemplate, 0));
      for (const x of ip.preferredAffinity) out.scoring.push(scratch(x, x.matchesTemplate, x.weight));
      for (const x of ip.preferredAntiAffinity) out.scoring.push(scratch(x, x.matchesTemplate, -x.weight));
      out.selfAffine = ip.selfAffine;
    }
    // The symmetric side: the terms of existing pods (of any template u) that select pods of t.
    // Their required affinity weighs hardPodAffinityWeight (InterPodAffinityArgs, default 1).
    const hard = cfg.scheduler.hardPodAffinityWeight;
    for (let u = 1; u <= T; u++) {
      const other = cfg.templates[u].interPod;
      if (!other) continue;
      const mine = only(u, T);
      for (const x of other.requiredAntiAffinity) if (x.matchesTemplate[t] === 1) out.existingAnti.push(scratch(x, mine, 0));
      // processExistingPod (scoring.go): hard affinity with hardPodAffinityWeight, soft terms with theirs.
      if (hard > 0) {
        for (const x of other.requiredAffinity) if (x.matchesTemplate[t] === 1) out.scoring.push(scratch(x, mine, hard));
      }
      for (const x of other.preferredAffinity) if (x.matchesTemplate[t] === 1) out.scoring.push(scratch(x, mine, x.weight));
      for (const x of other.preferredAntiAffinity) if (x.matchesTemplate[t] === 1) out.scoring.push(scratch(x, mine, -x.weight));
    }
    // PreScore (scoring.go): with ignorePreferredTermsOfExistingPods, a pod without preferred
    // affinity or anti-affinity terms skips the score altogether.
    const preferred = ip ? ip.preferredAffinity.length + ip.preferredAntiAffinity.length : 0;
    if (cfg.scheduler.ignorePreferredTermsOfExistingPods && preferred === 0) out.scoring.length = 0;
    return out;
  }

  /**
   * Brings podsOn up to date: counted from the state once per scheduler burst, then only the
   * burst's new placements are added (CycleState.placed), as PodTopologySpread does.
   */
  private refresh(cs: CycleState): void {
    const W = this.nodes + 1;
    const podsOn = this.podsOn;
    if (cs.burst !== 0 && this.burst === cs.burst) {
      for (let j = this.applied; j < cs.placements; j++) podsOn[cs.placedTemplate[j] * W + cs.placedNode[j]] += 1;
    } else {
      const s = cs.s;
      const l = cs.l;
      podsOn.fill(0);
      for (let q = 1, at = l.podBase; q <= l.pods; q++, at += POD_WORDS) {
        const st = s[at + P_STATUS];
        const n = s[at + P_LOC];
        if ((st === POD_RUNNING || st === POD_PENDING) && n > 0) podsOn[s[at + P_TEMPLATE] * W + n] += 1;
      }
    }
    this.burst = cs.burst;
    this.applied = cs.placements;
  }

  /** x.counts: the selected pods per domain of x's topology key; whether any domain has one. */
  private count(x: TermScratch): boolean {
    const { counts, selects } = x;
    const domainOf = x.term.domainOf;
    const W = this.nodes + 1;
    const podsOn = this.podsOn;
    counts.fill(0);
    let any = false;
    for (let n = 1; n <= this.nodes; n++) {
      const d = domainOf[n];
      if (d === 0) continue; // a node without the key counts in no domain
      let pods = 0;
      for (let t = 1; t < selects.length; t++) if (selects[t] === 1) pods += podsOn[t * W + n];
      if (pods > 0) {
        counts[d] += pods;
        any = true;
      }
    }
    return any;
  }

  /**
   * PreFilter (`PreFilter` in filtering.go): the counts of the pod's required terms and of the
   * existing pods' required anti-affinity terms that select it, turned into a verdict per node.
   * Skip when there are none.
   */
  preFilter(cs: CycleState): PreResult {
    const tt = this.terms[cs.templateIndex];
    if (tt.requiredAffinity.length === 0 && tt.requiredAnti.length === 0 && tt.existingAnti.length === 0) return SKIP;
    this.refresh(cs);
    const verdict = this.verdict;
    verdict.fill(OK);
    const N = this.nodes;
    const aff = tt.requiredAffinity;
    if (aff.length > 0) {
      let anyMatch = false;
      for (let i = 0; i < aff.length; i++) if (this.count(aff[i])) anyMatch = true;
      // satisfyPodAffinity: every term's key on the node, and a selected pod in each term's
      // domain; or no selected pod anywhere and the pod selects itself (the first of a group).
      for (let n = 1; n <= N; n++) {
        let podsExist = true;
        let keys = true;
        for (let i = 0; i < aff.length; i++) {
          const d = aff[i].term.domainOf[n];
          if (d === 0) keys = false;
          else if (aff[i].counts[d] <= 0) podsExist = false;
        }
        if (!keys || (!podsExist && (anyMatch || !tt.selfAffine))) verdict[n] = AFFINITY;
      }
    }
    // satisfyPodAntiAffinity: no selected pod in the node's domain of any term.
    this.markDomains(tt.requiredAnti, ANTI_AFFINITY);
    // satisfyExistingPodsAntiAffinity: no existing pod whose term selects this pod in the node's domain.
    this.markDomains(tt.existingAnti, EXISTING_ANTI_AFFINITY);
    return undefined;
  }

  /** Nodes still OK whose domain of one of the terms holds a counted pod get `why`. */
  private markDomains(list: TermScratch[], why: number): void {
    const verdict = this.verdict;
    for (let i = 0; i < list.length; i++) {
      const x = list[i];
      if (!this.count(x)) continue;
      const domainOf = x.term.domainOf;
      for (let n = 1; n <= this.nodes; n++) {
        const d = domainOf[n];
        if (verdict[n] === OK && d !== 0 && x.counts[d] > 0) verdict[n] = why;
      }
    }
  }

  filter(cs: CycleState, n: number): boolean {
    void cs;
    return this.verdict[n] === OK;
  }

  filterNodes(cs: CycleState): boolean {
    return keepWhere(cs, this.verdict, OK);
  }

  /** The Status reason of filtering.go's Filter for node n. */
  reasons(cs: CycleState, n: number): string[] {
    void cs;
    return this.verdict[n] === OK ? [] : [REASONS[this.verdict[n]]];
  }

  /**
   * PreScore (`PreScore` in scoring.go): every weighted term adds its weight, once per selected
   * pod, to every node in that pod's domain. Skip when no term can score.
   */
  preScore(cs: CycleState): PreResult {
    const list = this.terms[cs.templateIndex].scoring;
    if (list.length === 0) return SKIP;
    this.refresh(cs);
    const { feasible } = cs;
    const raw = this.raw;
    raw.fill(0);
    for (let i = 0; i < list.length; i++) {
      const x = list[i];
      if (!this.count(x)) continue;
      const domainOf = x.term.domainOf;
      for (let n = 1; n <= this.nodes; n++) {
        const d = domainOf[n];
        if (feasible[n] === 1 && d !== 0) raw[n] += x.weight * x.counts[d];
      }
    }
    return undefined;
  }

  score(cs: CycleState, n: number): number {
    void cs;
    return this.raw[n];
  }

  scoreNodes(cs: CycleState): void {
    const { feasible, scores } = cs;
    for (let n = 1; n < feasible.length; n++) if (feasible[n] === 1) scores[n] = this.raw[n];
  }

  /**
   * NormalizeScore (scoring.go): `MaxNodeScore · (score − min) / (max − min)` over the feasible
   * nodes, 0 everywhere when max = min. Upstream computes it in float64 and truncates; JavaScript
   * numbers are float64, so the same expression gives the same integers.
   */
  normalizeScore(cs: CycleState): void {
    const { feasible, scores } = cs;
    let min = Number.MAX_SAFE_INTEGER;
    let max = Number.MIN_SAFE_INTEGER;
    for (let n = 1; n < scores.length; n++) {
      if (feasible[n] === 0) continue;
      if (scores[n] < min) min = scores[n];
      if (scores[n] > max) max = scores[n];
    }
    const diff = max - min;
    for (let n = 1; n < scores.length; n++) {
      if (feasible[n] === 0) continue;
      scores[n] = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((scores[n] - min) / diff)) : 0;
    }
  }
}
