/** The proof for every size in words (docs/scaling.md, "Proof for every size"). */
import type { ProofResult } from '../scaling/abstract/prove.js';

/** Why a scaling search without violation found no proof: undefined when it did (or did not try). */
export function unprovedSentence(p: ProofResult | undefined): string | undefined {
  if (!p || p.status === 'proved') return undefined;
  const head = 'no violation up to the sizes checked; the abstraction could not prove more';
  if (p.status === 'unsupported') return `${head}: it does not follow ${p.reasons!.join('; ')}`;
  if (p.status === 'limit') return `${head}: the abstract search stopped at ${p.why}`;
  const b = p.blocked!;
  return `${head}: in the abstract setting ${b.setting} the abstract path ${b.path.join(' → ')} violates ${b.intent}, and no setup checked does`;
}

const nodes = (n: number): string => `${n} node${n === 1 ? '' : 's'}`;

/** The lines of a proof: what it claims, the saturation bounds and why they suffice. */
export function proofLines(p: ProofResult): string[] {
  if (p.status !== 'proved') return [];
  return [
    `Proved for every size: the intents hold for every number of nodes of these types (node classes: ${p.classes.join(', ')}) and replicas up to the HPA maximum.`,
    `  Saturation: C = ${nodes(p.threshold)}: from ${nodes(p.threshold)} on, no cap of the setups (replicas per node, spec.replicas and the HPA maximum at ${'max_pod_per_node'} per node) changes a deployment, so every class of ${p.threshold} or more nodes is one abstract value.`,
    `  Pristine nodes: B = ${p.bound} per saturated class ("${p.bound} or more" untouched nodes): the scheduler sees untouched nodes of a class only as "one of them exists" and "two or more tie", and while ${p.bound} or more are left a step binds at most one of them, so B stands for any larger number.`,
    `  Abstract search: ${p.settings} setting${p.settings === 1 ? '' : 's'}, ${p.states.toLocaleString('en-US')} abstract states, no violation (docs/scaling.md, "Proof for every size").`,
  ];
}
