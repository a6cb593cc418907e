/**
 * `--report FILE.html`: one self-contained page (no scripts, fonts or images fetched) that
 * shows each counterexample as a timeline: a lane per controller or event source, a box per
 * step with its messages, and under each step a picture of the cluster after it — nodes grouped
 * by zone, pods as chips coloured by status, pending pods apart — so a reader can see where a
 * pod had nowhere to go.
 */
import { printable } from '../model/printable.js';
import { unaccountedSentence, warningText } from './unmodelled.js';
import type { CheckResult, ClusterSnapshot, Failure } from '../check.js';

function esc(s: string): string {
  return printable(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Nodes are grouped by the first of these labels they have. */
const ZONE_KEYS = ['topology.kubernetes.io/zone', 'zone', 'lifecycle'];

/** The cluster after a step, as HTML: zones, nodes, pod chips, pending pods. */
function picture(c: ClusterSnapshot): string {
  const zones = new Map<string, string[]>();
  for (const node of c.nodes) {
    const chips = node.pods.map((p) => `<span class="pod ${p.phase}" title="${p.phase}">${esc(p.name)}</span>`);
    const box = `<div class="node ${node.status}"><div class="nodename">${esc(node.name)}${node.status === 'ready' ? '' : ` (${node.status})`}</div>${chips.join('') || '<span class="empty">no pods</span>'}</div>`;
    const key = ZONE_KEYS.find((k) => node.labels[k] !== undefined);
    const z = key ? `${key}=${node.labels[key]}` : '';
    zones.set(z, [...(zones.get(z) ?? []), box]);
  }
  const pending = c.unbound.map((name) => `<span class="pod pending">${esc(name)}</span>`);
  const zoneHtml = [...zones].map(([z, nodes]) => `<div class="zone"><div class="zonename">${esc(z || 'nodes')}</div>${nodes.join('')}</div>`).join('');
  const pendingHtml = `<div class="unbound"><div class="zonename">pending, no node</div>${pending.join('') || '<span class="empty">none</span>'}</div>`;
  return `<div class="cluster">${zoneHtml}${pendingHtml}</div>`;
}

function failureSection(f: Failure, k: number, verbosity: number): string {
  const snapshots = f.snapshots;
  if (!snapshots) throw new Error('internal error: an HTML report needs the check to record snapshots (CheckOptions.snapshots)');
  const rows: Array<{ process: string; lines: string[]; pic: string }> = [];
  f.steps.forEach((step, i) => {
    const lines = step.lines.filter((x) => x.level <= verbosity).map((x) => x.text);
    if (lines.length > 0) rows.push({ process: step.process, lines, pic: picture(snapshots[i + 1]) });
  });
  if (f.intent === null) rows.push({ process: f.stuckProcess ?? 'deadlock', lines: [`Invalid end state: ${f.stuckProcess} can never move again${f.stuckReason ? `: ${f.stuckReason}` : ''}`], pic: picture(snapshots[snapshots.length - 1]) });
  const lanes = [...new Set(rows.map((r) => r.process))];
  const head = lanes.map((lane) => `<th>${esc(lane)}</th>`).join('');
  let index = 0;
  const body = rows
    .map((r, i) => {
      const cells = lanes
        .map((lane) => {
          if (lane !== r.process) return '<td></td>';
          const msgs = r.lines.map((line) => `<div class="msg">[${index++}] ${esc(line)}</div>`).join('');
          return `<td><div class="step${i === rows.length - 1 ? ' last' : ''}" data-step="${i}">${msgs}</div></td>`;
        })
        .join('');
      return `<tr>${cells}</tr><tr class="snapshot"><td colspan="${lanes.length}">${r.pic}</td></tr>`;
    })
    .join('\n');
  const title = f.intent ? `${esc(f.intent)} can be violated` : `Invalid end state: ${esc(f.stuckProcess ?? '')}`;
  return `<section class="failure"><h2>Failure #${k + 1}: ${title}</h2><table class="timeline"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></section>`;
}

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1d2330; background: #fafbfc; }
h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; }
.verdict { display: inline-block; padding: 2px 10px; border-radius: 10px; font-weight: 600; }
.verdict.violated { background: #fde2e1; color: #a4161a; } .verdict.holds { background: #dff5e3; color: #1b6b2f; }
.verdict.inconclusive { background: #fff1c2; color: #7a5b00; }
table.timeline { border-collapse: collapse; width: 100%; }
table.timeline th { position: sticky; top: 0; background: #eef1f6; padding: 6px; font-weight: 600; border-bottom: 2px solid #c9d1de; }
table.timeline td { vertical-align: top; padding: 4px 6px; border-left: 1px dashed #d5dbe5; }
.step { background: #fff; border: 1px solid #c9d1de; border-radius: 6px; padding: 6px 8px; box-shadow: 0 1px 2px rgba(0,0,0,.05); }
.step.last { border-color: #d62828; box-shadow: 0 0 0 2px #f4a6a6; }
.msg { white-space: pre-wrap; font-family: ui-monospace, monospace; font-size: 12px; }
tr.snapshot td { border-left: none; padding: 2px 6px 14px; }
.cluster { display: flex; flex-wrap: wrap; gap: 8px; }
.zone, .unbound { border: 1px solid #d5dbe5; border-radius: 6px; padding: 4px 6px; background: #f3f5f9; display: flex; flex-wrap: wrap; gap: 6px; align-items: flex-start; }
.unbound { background: #fff7e6; border-color: #f0c36d; }
.zonename { width: 100%; font-size: 11px; color: #5b667a; }
.node { border: 1px solid #aab4c4; border-radius: 4px; padding: 3px 5px; background: #fff; min-width: 90px; }
.node.down { background: #eceff3; color: #8a93a3; } .node.unhealthy { background: #fde2e1; }
.nodename { font-size: 11px; font-weight: 600; margin-bottom: 2px; }
.pod { display: inline-block; font-size: 11px; border-radius: 8px; padding: 0 6px; margin: 1px; }
.pod.running { background: #d7ecff; } .pod.pending { background: #ffe7b3; } .pod.terminating { background: #e5e5e5; text-decoration: line-through; }
.empty { font-size: 11px; color: #9aa3b2; }
`;

/** The input features kivi does not model, those that touch the checked cluster first. */
function unmodelledSection(r: CheckResult): string {
  const all = [...(r.unmodelled ?? [])].sort((a, b) => Number(b.affectsCheck) - Number(a.affectsCheck));
  if (all.length === 0) return '';
  const items = all.map((w) => `<li>${w.affectsCheck ? '' : '(does not touch the checked cluster) '}${esc(warningText(w))}</li>`).join('');
  const why = r.unaccounted && !r.limit ? `<p>Inconclusive: ${esc(unaccountedSentence(r.unaccounted.length))}.</p>` : '';
  return `<section class="unmodelled"><h2>Not modelled</h2>${why}<ul>${items}</ul></section>\n`;
}

/** `r` must come from a check with `snapshots: true` when it has failures. */
export function htmlReport(r: CheckResult, verbosity = 1): string {
  const sections = r.failures.map((f, k) => failureSection(f, k, verbosity)).join('\n');
  const verdict = r.status === 'violated' ? 'violated' : r.status === 'holds' ? 'all intents hold' : r.limit ? `inconclusive (${r.limit} limit)` : r.unaccounted ? 'inconclusive (unmodelled input)' : r.inconclusiveWhy ? `inconclusive (${r.inconclusiveWhy})` : 'inconclusive';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kivi: ${esc(r.cluster)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>${STYLE}</style></head>
<body><h1>kivi: ${esc(r.cluster)} <span class="verdict ${r.status}">${esc(verdict)}</span></h1>
<p>Intents checked: ${r.intents.map(esc).join(', ')}. Explored ${r.stats.states.toLocaleString('en-US')} states.</p>
${sections || '<p>No counterexample: nothing to show.</p>'}
${unmodelledSection(r)}</body></html>
`;
}
