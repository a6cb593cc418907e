/**
 * `--format json`: the machine-readable report (docs/json-output.md, schema/kivi-report.schema.json).
 * Version 1. Objects in messages are named as the output names them (Kubernetes names).
 */
import type { CheckResult } from '../check.js';
import type { ScalingResult } from '../scaling/search.js';
import type { ProofResult } from '../scaling/abstract/prove.js';
import type { ObjectRef } from '../checker/log.js';
import type { InputWarning } from '../model/cluster.js';
import type { Unmodelled } from './unmodelled.js';
import type { CapacityProof } from '../check.js';
import { capacityProofSentence } from './capacity.js';

export const JSON_REPORT_VERSION = 1;

export interface JsonObjectRef {
  kind: 'Node' | 'Deployment' | 'Pod';
  namespace?: string;
  name: string;
}

export interface JsonStep {
  index: number;
  level: number;
  component: string;
  message: string;
  process: string;
  /** The Kubernetes objects the step is about, as the controller that acted recorded them. */
  objects: JsonObjectRef[];
}

export interface JsonViolation {
  intent: string | null;
  stuckProcess?: string;
  /** Why the stuck process can never move, when kivi knows (the pods that block a drain). */
  stuckReason?: string;
  steps: JsonStep[];
}

export interface JsonReport {
  kivi: { reportVersion: number };
  verdict: 'holds' | 'violated' | 'inconclusive';
  exitCode: number;
  cluster: string;
  intents: Array<{ name: string; result: 'holds' | 'violated' | 'not-fully-checked' }>;
  violations: JsonViolation[];
  limit?: string;
  /** With verdict inconclusive: a search limit, or unmodelled features touching the checked cluster. */
  inconclusiveReason?: 'limit' | 'unmodelled' | 'unproved';
  /** A scaling search with --fixpoint and no violating setup: its proof for every size, or why there is none. */
  proof?: ProofResult;
  setup?: { index: number; description: string; checked: number; total: number };
  /**
   * pod_always_schedulable proved without a search by the capacity argument (docs/model.md
   * §8.2.8): the pigeonhole count, and the Summary's sentence. `stats` then counts 0 states.
   */
  capacityProof?: CapacityProof & { sentence: string };
  stats: {
    states: number; transitions: number; depth: number; seconds: number; statesPerSecond: number; peakRssBytes: number; collisionProbability: number;
    /** docs/model.md §7.5; absent in reports of runs that did not say (merged older shares). */
    interleaving?: 'coarse' | 'fine';
    /** With the sleep-set reduction (§7.6): transitions it did not compute. */
    pruned?: number;
  };
  /** Every input feature kivi read but does not model. */
  warnings: JsonWarning[];
}

/** As the loader recorded it (docs/json-output.md, `warnings[]`). */
export type JsonWarning = InputWarning;

function jsonWarnings(r: Unmodelled): JsonWarning[] {
  return (r.unmodelled ?? []).map((w) => ({ ...w }));
}

function reason(r: { status: string; limit?: string } & Unmodelled): Pick<JsonReport, 'inconclusiveReason'> {
  if (r.status !== 'inconclusive') return {};
  return { inconclusiveReason: r.unaccounted && !r.limit ? 'unmodelled' : 'limit' };
}

function jsonRef(o: ObjectRef): JsonObjectRef {
  return o.namespace === undefined ? { kind: o.kind as JsonObjectRef['kind'], name: o.name } : { kind: o.kind as JsonObjectRef['kind'], namespace: o.namespace, name: o.name };
}

function exitCode(verdict: JsonReport['verdict']): number {
  return verdict === 'violated' ? 1 : verdict === 'inconclusive' ? 3 : 0;
}

export function jsonReport(r: CheckResult, setup?: JsonReport['setup']): JsonReport {
  const violated = new Set(r.failures.map((f) => f.intent ?? f.endStateIntent));
  return {
    kivi: { reportVersion: JSON_REPORT_VERSION },
    verdict: r.status,
    exitCode: exitCode(r.status),
    cluster: r.cluster,
    intents: r.intents.map((name) => ({
      name,
      result: violated.has(name) ? 'violated' : r.limit || r.unaccounted ? 'not-fully-checked' : 'holds',
    })),
    violations: r.failures.map((f) => {
      const steps: JsonStep[] = [];
      for (const step of f.steps) {
        for (const l of step.lines) steps.push({ index: steps.length, level: l.level, component: l.component, message: l.text, process: step.process, objects: l.objects.map(jsonRef) });
      }
      if (f.intent !== null) return { intent: f.intent, steps };
      return { intent: null, stuckProcess: f.stuckProcess, ...(f.stuckReason ? { stuckReason: f.stuckReason } : {}), steps };
    }),
    ...(r.limit ? { limit: r.limit } : {}),
    ...reason(r),
    ...(setup ? { setup } : {}),
    ...(r.capacityProof ? { capacityProof: { ...r.capacityProof, sentence: capacityProofSentence(r.capacityProof) } } : {}),
    stats: {
      states: r.stats.states,
      transitions: r.stats.transitions,
      depth: r.stats.depth,
      seconds: r.stats.seconds,
      statesPerSecond: r.stats.statesPerSecond,
      peakRssBytes: r.stats.peakRssBytes,
      collisionProbability: r.stats.collisionProbability,
      ...(r.stats.interleaving ? { interleaving: r.stats.interleaving } : {}),
      ...(r.stats.pruned !== undefined ? { pruned: r.stats.pruned } : {}),
    },
    warnings: jsonWarnings(r),
  };
}

/** A scaling search as JSON: the answer's setup and its check, or the last setup's statistics. */
export function jsonScalingReport(r: ScalingResult, cluster: string): JsonReport {
  const f = r.failing[0];
  if (f) return { ...jsonReport(f.result, { index: f.index + 1, description: f.description, checked: r.checked, total: r.totalSetups }), warnings: jsonWarnings(r) };
  const limited = r.inconclusive.length > 0;
  // Why it is not a hold: a setup's limit, the clock or an interruption between setups, a
  // missing proof for every size (--fixpoint), or unmodelled input.
  const why: Pick<JsonReport, 'limit' | 'inconclusiveReason'> =
    r.status !== 'inconclusive' ? {}
    : limited ? { limit: r.inconclusive[0].result.limit ?? 'states', inconclusiveReason: 'limit' }
    : r.limit !== undefined ? { limit: r.limit, inconclusiveReason: 'limit' }
    : r.proof !== undefined && r.proof.status !== 'proved' ? { inconclusiveReason: 'unproved' }
    : { inconclusiveReason: 'unmodelled' };
  return {
    kivi: { reportVersion: JSON_REPORT_VERSION },
    verdict: r.status,
    exitCode: exitCode(r.status),
    cluster,
    intents: [],
    violations: [],
    ...why,
    ...(r.proof ? { proof: r.proof } : {}),
    stats: { states: r.states, transitions: 0, depth: 0, seconds: r.seconds, statesPerSecond: r.seconds > 0 ? r.states / r.seconds : r.states, peakRssBytes: 0, collisionProbability: 0 },
    warnings: jsonWarnings(r),
  };
}
