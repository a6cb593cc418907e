/**
 * `--format sarif`: SARIF 2.1.0, one run, one rule per intent checked, one result per violated
 * intent. A result points at the manifest (file and line) of the deployment the intent is
 * about, or its HPA, so code-scanning tools show it on the right file; its counterexample is a
 * code flow, one location per level-1 step. GitHub's limits (at most 20 runs per file, 5,000
 * results per run, 1,000 locations per thread flow) are far above what one check produces; the
 * thread flow is cut at 1,000 steps all the same.
 */
import { relative } from 'node:path';
import type { CheckResult } from '../check.js';
import { INTENTS } from '../intents/catalog.js';
import type { ClusterSpec } from '../model/cluster.js';
import { locateFailure } from './locate.js';
import { counterexampleLines } from './text.js';
import { capacityProofSentence } from './capacity.js';
import { unaccountedSentence } from './unmodelled.js';

const MAX_FLOW_LOCATIONS = 1000;

const DESCRIPTIONS: Record<string, string> = {
  pod_always_schedulable: 'Every pod the controllers create can be scheduled on some node.',
  no_kernel_panic: 'No node panics three times from over-packing.',
  no_oscillation_replica_num: 'Replicas do not reach the HPA maximum and fall back again.',
  replica_num_always_meet_min: 'Once reached, replicas never drop below the HPA minimum (or the spec).',
  replica_num_always_meet_exp: 'Once reached, replicas never drop below the expected count.',
  no_oscillation_eviction: 'Pods are not deleted and started again in a loop.',
  pod_balance_across_node: 'Pods stay balanced across Ready nodes within maxSkew.',
  ready_replicas_always_meet_min: 'Once reached, Ready replicas never drop below the minimum (default the HPA minimum or the spec).',
  priority_class_never_preempted: 'No pod of the priority class is preempted by the scheduler.',
  priority_class_never_pending: 'Every pod of the priority class finds a node, by preemption if need be.',
  hpa_no_flapping: 'Under an unchanged load, the HPA never scales a deployment up and then down (or down and then up).',
};


function uri(file: string): string {
  const rel = relative(process.cwd(), file);
  return (rel.startsWith('..') ? file : rel).split('\\').join('/');
}

/**
 * Each input feature kivi does not model, at its file and line: `warning` when it touches the
 * checked cluster (the hold is then inconclusive), `note` when it does not.
 */
function notifications(r: CheckResult): unknown[] {
  return (r.unmodelled ?? []).map((w) => ({
    level: w.affectsCheck ? 'warning' : 'note',
    message: { text: [w.object, w.field, w.message].filter((p) => p !== undefined && p !== '').join(': ') },
    descriptor: { id: 'unmodelled-input' },
    ...(w.file !== undefined ? { locations: [{ physicalLocation: { artifactLocation: { uri: uri(w.file) }, region: { startLine: w.line ?? 1 } } }] } : {}),
    properties: { affectsCheck: w.affectsCheck, ...(w.object !== undefined ? { object: w.object } : {}), ...(w.field !== undefined ? { field: w.field } : {}) },
  }));
}

export function sarifReport(r: CheckResult, spec: ClusterSpec): unknown {
  const rules = r.intents.map((id) => ({
    id,
    name: id,
    shortDescription: { text: DESCRIPTIONS[id] ?? id },
    properties: { internalName: INTENTS.find((i) => i.user === id)?.internal ?? id },
  }));
  const results = r.failures.map((f) => {
    const where = locateFailure(spec, f);
    const lines = counterexampleLines(f, 1);
    const ruleId = f.intent ?? 'invalid-end-state';
    const physical = where.file ? { artifactLocation: { uri: uri(where.file) }, region: { startLine: where.line ?? 1 } } : undefined;
    const location = physical ? { physicalLocation: physical } : { message: { text: r.cluster } };
    return {
      ruleId,
      level: 'error',
      message: {
        text: f.intent
          ? `${f.intent} can be violated: ${lines.at(-1) ?? ''} (counterexample of ${lines.length} steps)`
          : `Invalid end state: ${f.stuckProcess} can never move again${f.stuckReason ? `: ${f.stuckReason}` : ''} (counterexample of ${lines.length} steps)`,
      },
      locations: [location],
      codeFlows: [
        {
          threadFlows: [
            {
              locations: lines.slice(0, MAX_FLOW_LOCATIONS).map((text) => ({ location: { ...(physical ? { physicalLocation: physical } : {}), message: { text } } })),
            },
          ],
        },
      ],
    };
  });
  if (r.failures.some((f) => f.intent === null)) {
    rules.push({ id: 'invalid-end-state', name: 'invalid-end-state', shortDescription: { text: 'No process is stuck forever.' }, properties: { internalName: 'invalid end state' } });
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'kivi', semanticVersion: '0.1.0', rules } },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications(r) }],
        results,
        properties: {
          verdict: r.status,
          limit: r.limit ?? null,
          states: r.stats.states,
          // docs/model.md §8.2.8: proved without a search.
          ...(r.capacityProof ? { capacityProof: capacityProofSentence(r.capacityProof) } : {}),
          ...(r.status === 'inconclusive' && r.unaccounted && !r.limit ? { inconclusive: unaccountedSentence(r.unaccounted.length) } : r.status === 'inconclusive' && r.inconclusiveWhy ? { inconclusive: r.inconclusiveWhy } : {}),
        },
      },
    ],
  };
}
