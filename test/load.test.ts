/**
 * The load model (docs/model.md §9.9, docs/inputs.md "Load"), the readiness delay read from a
 * readiness probe (§8.3.1) and the hpa_no_flapping intent (§10.1), with the reasoning beside
 * each expectation.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ClusterSpec } from '../src/model/cluster.js';
import { compile } from '../src/system/compile.js';
import { checkCluster } from '../src/check.js';
import { loadCase } from '../src/cases/index.js';
import { counterexampleLines } from '../src/report/text.js';
import { applyLoadOptions, applyProfileLoads, parseLoadText } from '../src/parsers/load.js';
import { readManifests } from '../src/parsers/manifests.js';
import { parseDocuments } from '../src/parsers/documents.js';
import { Warnings } from '../src/parsers/warnings.js';
import { loadChoices, loadStep, loadUsage } from '../src/controllers/events/load.js';
import { flagMask } from '../src/intents/monitors.js';
import { loadAt, N_CPU_LEFT, nodeAt, P_CPU, podAt } from '../src/model/layout.js';
import type { ModelContext } from '../src/model/context.js';
import { InputError } from '../src/model/errors.js';

describe('LEVELS[/CHANGE]', () => {
  it('reads a range with both ends, a list, and the change', () => {
    expect(parseLoadText('0:200:50')).toEqual({ levels: [0, 50, 100, 150, 200], change: 'any' });
    expect(parseLoadText('0,50,100,200/step')).toEqual({ levels: [0, 50, 100, 200], change: 'step' });
    expect(parseLoadText('20:90:30')).toEqual({ levels: [20, 50, 80], change: 'any' }); // 110 is past TO
  });

  it('says what is wrong', () => {
    expect(parseLoadText('200:0:50')).toBe('a range needs FROM <= TO and STEP > 0, got "200:0:50"');
    expect(parseLoadText('0,50,50')).toBe('levels must be ascending and distinct, got "0,50,50"');
    expect(parseLoadText('0,lots')).toBe('levels are FROM:TO:STEP or a list A,B,C of whole percentages, got "0,lots"');
    expect(parseLoadText('0:100:10/sometimes')).toBe('the change must be any or step, got "sometimes"');
  });
});

/** Two nodes of 1000m, a deployment `web` of requests 100m with an HPA (1..4, 50 % CPU). */
function webCluster(load?: ClusterSpec['deployments'][number]['load']): ClusterSpec {
  return {
    name: 'load',
    nodes: [{ name: 'n1', cpu: 1000, memory: 1000 }, { name: 'n2', cpu: 1000, memory: 1000 }],
    podTemplates: [{ name: 'web', labels: { app: 'web' }, cpuRequest: 100, memoryRequest: 100 }],
    deployments: [{
      name: 'web', replicas: 2, template: 'web', ...(load ? { load } : {}),
      hpa: { minReplicas: 1, maxReplicas: 4, metrics: [{ resource: 'cpu', type: 'Utilization', target: 50 }] },
    }],
    pods: [{ deployment: 'web', node: 'n1', phase: 'Running' }, { deployment: 'web', node: 'n2', phase: 'Running' }],
    spareSlots: 4,
    events: [],
    intents: [{ name: 'hpa_no_flapping', params: { deployment: 'web' } }],
  };
}

function context(spec: ClusterSpec): ModelContext {
  const cfg = compile(spec);
  return { cfg, l: cfg.layout, perNode: new Int32Array(cfg.layout.nodes + 1), flagMask: flagMask(cfg.monitors, cfg.layout.deployments, cfg.intents), kernelPanicIntent: false, budgetIntent: false, breach: new Int32Array(1), fine: false };
}

describe('the load process', () => {
  it('starts at the level nearest the pods\' usage, and moves to any other level or, with step, to a neighbour', () => {
    // Usage defaults to the request: 100 %, the third of 0, 50, 100, 200.
    const any = context(webCluster({ levels: [0, 50, 100, 200] }));
    expect(any.cfg.initial[loadAt(any.l, 1)]).toBe(2);
    expect(loadChoices(any, any.cfg.initial, 1)).toBe(3);
    const step = context(webCluster({ levels: [0, 50, 100, 200], change: 'step', start: 0 }));
    expect(loadChoices(step, step.cfg.initial, 1)).toBe(1); // from 0 % only up
    const s = step.cfg.initial.slice();
    loadStep(step, s, 1, 0, null);
    expect(s[loadAt(step.l, 1)]).toBe(1);
    expect(loadChoices(step, s, 1)).toBe(2); // from 50 %: down or up
  });

  it('sets every pod\'s CPU usage to ⌊request · level / 100⌋ and gives the difference back to its node', () => {
    const ctx = context(webCluster({ levels: [0, 50, 100, 200] }));
    const s = ctx.cfg.initial.slice();
    // Choice 3 from level index 2 (100 %) is the fourth level, 200 %: each pod uses 200m.
    loadStep(ctx, s, 1, 2, null);
    expect(s[loadAt(ctx.l, 1)]).toBe(3);
    expect(s[podAt(ctx.l, 1) + P_CPU]).toBe(200);
    expect(s[nodeAt(ctx.l, 1) + N_CPU_LEFT]).toBe(1000 - 200);
    expect(loadUsage(250, 33)).toBe(82); // 82.5 rounded down
  });

  it('rejects a load on a template that requests no CPU or has a CPU pattern', () => {
    const noRequest = webCluster({ levels: [0, 100] });
    noRequest.podTemplates[0].cpuRequest = 0;
    noRequest.deployments[0].hpa = undefined;
    expect(() => compile(noRequest)).toThrow(/a load is a percentage of the CPU request/);
    const pattern = webCluster({ levels: [0, 100] });
    pattern.podTemplates[0].cpuPattern = { usage: [100, 50], at: [0, 300] };
    expect(() => compile(pattern)).toThrow(/a CPU pattern/);
  });
});

describe('defaults and options', () => {
  it('a folder gives a deployment with an HPA 0, 50, 100, 200 % unless the profile says otherwise', () => {
    const spec = webCluster();
    applyProfileLoads(undefined, 'p.json', spec.deployments, spec.podTemplates);
    expect(spec.deployments[0].load).toEqual({ levels: [0, 50, 100, 200], change: 'any' });
    const off = webCluster();
    applyProfileLoads({ web: null }, 'p.json', off.deployments, off.podTemplates);
    expect(off.deployments[0].load).toBeUndefined();
    const given = webCluster();
    applyProfileLoads({ web: { levels: '50:150:50', change: 'step' } }, 'p.json', given.deployments, given.podTemplates);
    expect(given.deployments[0].load).toEqual({ levels: [50, 100, 150], change: 'step' });
    expect(() => applyProfileLoads({ api: '0:100:50' }, 'p.json', given.deployments, given.podTemplates)).toThrow(InputError);
  });

  it('--load NAME=LOAD replaces it; NAME=off removes it; an unknown name is an error', () => {
    const spec = webCluster({ levels: [0, 100] });
    applyLoadOptions(spec, ['web=0:200:100/step']);
    expect(spec.deployments[0].load).toEqual({ levels: [0, 100, 200], change: 'step' });
    applyLoadOptions(spec, ['web=off']);
    expect(spec.deployments[0].load).toBeUndefined();
    expect(() => applyLoadOptions(spec, ['api=0:100:50'])).toThrow('no deployment "api" (the cluster has web)');
  });

  it('a readiness probe\'s initialDelaySeconds is the pod\'s readiness delay (the largest of its containers)', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: a, resources: {requests: {cpu: 100m}}, readinessProbe: {initialDelaySeconds: 30, httpGet: {path: /, port: 80}}}
      - {name: b, resources: {requests: {cpu: 100m}}, readinessProbe: {initialDelaySeconds: 10, httpGet: {path: /, port: 81}}}
`;
    const m = readManifests(parseDocuments(text, 't.yaml'), new Warnings());
    expect(m.podTemplates[0].readinessDelaySeconds).toBe(30);
  });
});

describe('hpa_no_flapping', () => {
  it('holds where every change of the count follows a change of the load in the same direction', async () => {
    // Levels 0 and 100 % against a 50 % target: at 100 % the ratio is 2, so the HPA only scales
    // up (a scale-down needs a ratio below 1); at 0 % it is 0, so it only scales down (missing or
    // unready pods can hold a scale-down back, never reverse it: replica_calculator.go keeps the
    // current count when the direction would change). A reversal needs a load change between.
    const r = await checkCluster(webCluster({ levels: [0, 100] }));
    expect(r.status).toBe('holds');
  });

  it('c1 violates it: pods start hot (the HPA scales up) and cool with no load model (it scales down)', async () => {
    const spec = loadCase('c1', { scale: 3 });
    spec.intents = [{ name: 'hpa_no_flapping', params: { deployment: 'app' } }];
    const r = await checkCluster(spec);
    expect(r.status).toBe('violated');
    const f = r.failures.find((x) => x.intent === 'hpa_no_flapping')!;
    expect(counterexampleLines(f, 1).at(-1)).toMatch(/\[checkHpaFlapping\] spec.replicas of deployment app went up and now down to 5 under an unchanged load$/);
  });
});

describe('kivi --load', () => {
  const ROOT = fileURLToPath(new URL('..', import.meta.url));
  const kivi = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'dist/cli/main.js'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });

  it('names a deployment that does not exist, and a load that cannot go with a CPU pattern (exit 2)', () => {
    const unknown = kivi('-p', 'examples/hpa-flapping', '-o', '--load', 'api=0:100:50');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('--load: no deployment "api" (the cluster has web)');
    const pattern = kivi('-p', 'examples/hpa-flapping', '-o', '--load', 'web=0:100:50');
    expect(pattern.status).toBe(2);
    expect(pattern.stderr).toContain('the pod template has a CPU pattern');
  });

  it('is explained in --help', () => {
    const help = kivi('--help');
    expect(help.stdout).toContain('--load <deployment=levels>');
  });
});
