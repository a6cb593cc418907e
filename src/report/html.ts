/**
 * `--report FILE.html`: one self-contained page (no scripts, fonts or images fetched) that
 * shows each counterexample as a timeline: a lane per controller or event source, a box per
 * step with its messages, and under each step a picture of the cluster after it — nodes grouped
 * by zone, pods as chips coloured by status, pending pods apart — so a reader can see where a
 * pod had nowhere to go.
 */
import type { CheckResult, Failure } from '../check.js';
import type { ClusterSpec } from '../model/cluster.js';
import { compile } from '../system/compile.js';
import type { CompiledCluster } from '../model/config.js';
import { podName } from '../model/config.js';
import { KiviModel } from '../system/kivi-model.js';
import { N_STATUS, NODE_READY, NODE_UNHEALTHY, P_LOC, P_STATUS, POD_FREE, POD_PENDING, POD_RUNNING, nodeAt, podAt } from '../model/layout.js';
import { LineLog } from '../checker/log.js';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const ZONE_KEYS = ['topology.kubernetes.io/zone', 'zone', 'lifecycle'];

/** The cluster after a step, as HTML: zones, nodes, pod chips, pending pods. */
function picture(cfg: CompiledCluster, spec: ClusterSpec, s: Int32Array): string {
  const l = cfg.layout;
  const zoneOf = (name: string) => {
    const labels = spec.nodes.find((n) => n.name === name)?.labels ?? {};
    const key = ZONE_KEYS.find((k) => labels[k] !== undefined);
    return key ? `${key}=${labels[key]}` : '';
  };
  const zones = new Map<string, string[]>();
  for (let n = 1; n <= l.nodes; n++) {
    const name = cfg.nodeNames[n];
    const chips: string[] = [];
    for (let q = 1; q <= l.pods; q++) {
      const at = podAt(l, q);
      const st = s[at + P_STATUS];
      if (st === POD_FREE || s[at + P_LOC] !== n) continue;
      const cls = st === POD_RUNNING ? 'running' : st === POD_PENDING ? 'pending' : 'terminating';
      chips.push(`<span class="pod ${cls}" title="${cls}">${esc(podName(cfg, s, q))}</span>`);
    }
    const status = s[nodeAt(l, n) + N_STATUS];
    const ncls = status === NODE_READY ? 'ready' : status === NODE_UNHEALTHY ? 'unhealthy' : 'down';
    const box = `<div class="node ${ncls}"><div class="nodename">${esc(name)}${ncls === 'ready' ? '' : ` (${ncls})`}</div>${chips.join('') || '<span class="empty">no pods</span>'}</div>`;
    const z = zoneOf(name);
    zones.set(z, [...(zones.get(z) ?? []), box]);
  }
  const pending: string[] = [];
  for (let q = 1; q <= l.pods; q++) {
    const at = podAt(l, q);
    if (s[at + P_STATUS] === POD_PENDING && s[at + P_LOC] === 0) pending.push(`<span class="pod pending">${esc(podName(cfg, s, q))}</span>`);
  }
  const zoneHtml = [...zones].map(([z, nodes]) => `<div class="zone"><div class="zonename">${esc(z || 'nodes')}</div>${nodes.join('')}</div>`).join('');
  const pendingHtml = `<div class="unbound"><div class="zonename">pending, no node</div>${pending.join('') || '<span class="empty">none</span>'}</div>`;
  return `<div class="cluster">${zoneHtml}${pendingHtml}</div>`;
}

function failureSection(spec: ClusterSpec, f: Failure, k: number, verbosity: number): string {
  const cfg = compile(spec);
  const model = new KiviModel(cfg);
  const s = model.initialState();
  const rows: Array<{ process: string; lines: string[]; pic: string }> = [];
  for (const [p, c] of f.path) {
    const log = new LineLog();
    model.step(s, p, c, log);
    const lines = log.lines.filter((x) => x.level <= verbosity).map((x) => (x.component ? `[${x.component}] ${x.text}` : x.text));
    if (lines.length > 0) rows.push({ process: model.processName(p), lines, pic: picture(cfg, spec, s) });
  }
  if (f.intent === null) rows.push({ process: f.stuckProcess ?? 'deadlock', lines: [`[Deadlock] Invalid end state: ${f.stuckProcess} can never move again`], pic: picture(cfg, spec, s) });
  const lanes = [...new Set(rows.map((r) => r.process))];
  const head = lanes.map((lane) => `<th>${esc(lane)}</th>`).join('');
  let index = 0;
  const body = rows
    .map((r, i) => {
      const cells = lanes
        .map((lane) => {
          if (lane !== r.process) return '<td></td>';
          const msgs = r.lines.map((line) => `<div class="msg">[${index++}] ${esc(line.replace(/^\[[^\]]*\] /, ''))}</div>`).join('');
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

export function htmlReport(r: CheckResult, spec: ClusterSpec, verbosity = 1): string {
  const sections = r.failures.map((f, k) => failureSection(spec, f, k, verbosity)).join('\n');
  const verdict = r.status === 'violated' ? 'violated' : r.status === 'holds' ? 'all intents hold' : `inconclusive (${r.limit} limit)`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kivi: ${esc(r.cluster)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>${STYLE}</style></head>
<body><h1>kivi: ${esc(r.cluster)} <span class="verdict ${r.status}">${esc(verdict)}</span></h1>
<p>Intents checked: ${r.intents.map(esc).join(', ')}. Explored ${r.stats.states.toLocaleString('en-US')} states.</p>
${sections || '<p>No counterexample: nothing to show.</p>'}
</body></html>
`;
}
