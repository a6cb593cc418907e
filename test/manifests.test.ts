/** Kubernetes objects → ClusterSpec pieces (src/parsers/manifests.ts), against hand-checked values. */
import { describe, expect, it } from 'vitest';
import { compile } from '../src/system/compile.js';
import { InputError } from '../src/model/errors.js';
import { parseDocuments } from '../src/parsers/documents.js';
import {
  deploymentFromObject,
  deschedulerFromObject,
  hpaFromObject,
  nodeFromObject,
  podTemplateFromPodSpec,
  readManifests,
  schedulerProfileFromObject,
  type ParsedManifests,
} from '../src/parsers/manifests.js';
import { Warnings } from '../src/parsers/warnings.js';

const FILE = 'test.yaml';

function read(text: string, opts?: { namespace?: string }): { m: ParsedManifests; w: string[] } {
  const warnings = new Warnings();
  const m = readManifests(parseDocuments(text, FILE), warnings, opts);
  return { m, w: warnings.lines };
}

/** The InputError thrown by fn (fails the test when nothing is thrown). */
function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

function readError(text: string, opts?: { namespace?: string }): InputError {
  return inputError(() => read(text, opts));
}

/** A Deployment manifest with the given pod-spec lines (indented under `spec:` of the template). */
function deployment(name: string, podSpec: string, extra = '', labels = 'app: web'): string {
  const indent = (s: string, n: number): string => s.split('\n').map((l) => (l.trim() === '' ? l : ' '.repeat(n) + l)).join('\n');
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
${indent(extra, 2)}
  selector:
    matchLabels:
${indent(labels, 6)}
  template:
    metadata:
      labels:
${indent(labels, 8)}
    spec:
${indent(podSpec, 6)}
`;
}

const CONTAINER = `containers:
- name: c
  image: nginx
  resources:
    requests:
      cpu: 100m
      memory: 64Mi`;

// The c3 example manifests (../shared/kivi-examples/c3/configs/yaml), copied verbatim.
const C3_AUTOSCALER = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: php-apache
  namespace: default
spec:
  maxReplicas: 6
  metrics:
  - resource:
      name: cpu
      target:
        averageUtilization: 50
        type: Utilization
    type: Resource
  minReplicas: 1
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: php-apache`;

const C3_DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: php-apache
  labels:
    foo: bar
spec:
  replicas: 5
  selector:
    matchLabels:
      foo: bar
  template:
    metadata:
      labels:
        foo: bar
    spec:
      topologySpreadConstraints:
      - maxSkew: 1
        topologyKey: zone
        whenUnsatisfiable: DoNotSchedule
        labelSelector:
          matchLabels:
            foo: bar
      - maxSkew: 1
        topologyKey: hostname
        whenUnsatisfiable: DoNotSchedule
        labelSelector:
          matchLabels:
            foo: bar
      containers:
      - image: registry.k8s.io/hpa-example
        imagePullPolicy: IfNotPresent
        name: php-apache
        securityContext:
            capabilities:
              add:
                - NET_ADMIN
        ports:
        - containerPort: 80
          protocol: TCP
        resources:
          limits:
            cpu: 100m
          requests:
            cpu: 100m
      dnsPolicy: ClusterFirst
      restartPolicy: Always
      schedulerName: default-scheduler
      securityContext: {}
      terminationGracePeriodSeconds: 30`;

/** The reference's c3 manifest spreads on `hostname`, which no Kubernetes node carries as a label. */
const HOSTNAME_ALIAS_WARNING = 'deploy.yaml: Deployment/php-apache: spec.template.spec.topologySpreadConstraints[1].topologyKey: '
  + 'topology key "hostname" is read as its alias kubernetes.io/hostname; Kubernetes nodes have no "hostname" label, so there the constraint would match no node';

describe('the c3 example manifests', () => {
  it('read as one deployment with its HPA, in either file order, warning only of the hostname alias', () => {
    for (const objects of [
      [...parseDocuments(C3_AUTOSCALER, 'autoscaler.yaml'), ...parseDocuments(C3_DEPLOY, 'deploy.yaml')],
      [...parseDocuments(C3_DEPLOY, 'deploy.yaml'), ...parseDocuments(C3_AUTOSCALER, 'autoscaler.yaml')],
    ]) {
      const warnings = new Warnings();
      const m = readManifests(objects, warnings);
      expect(warnings.lines).toEqual([HOSTNAME_ALIAS_WARNING]);
      expect(m.nodes).toEqual([]);
      expect(m.pods).toEqual([]);
      expect(m.deployments).toEqual([
        {
          name: 'php-apache',
          replicas: 5,
          template: 'php-apache',
          strategy: { type: 'RollingUpdate', maxSurge: 25, maxUnavailable: 25 },
          hpa: { minReplicas: 1, maxReplicas: 6, metrics: [{ resource: 'cpu', type: 'Utilization', target: 50 }] },
        },
      ]);
      expect(m.deployments[0].created).toBeUndefined();
      expect(m.podTemplates).toEqual([
        {
          name: 'php-apache',
          labels: { foo: 'bar' },
          cpuRequest: 100,
          memoryRequest: 0,
          namespace: 'default',
          topologySpreadConstraints: [
            { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { foo: 'bar' } },
            { maxSkew: 1, topologyKey: 'hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { foo: 'bar' } },
          ],
        },
      ]);
      expect(m.sources.get('Deployment/php-apache')).toEqual({ file: 'deploy.yaml', line: 1 });
      expect(m.sources.get('HorizontalPodAutoscaler/php-apache')).toEqual({ file: 'autoscaler.yaml', line: 1 });
    }
  });

  it('deploymentFromObject returns the namespace and the selector', () => {
    const [doc] = parseDocuments(C3_DEPLOY, 'deploy.yaml');
    const d = deploymentFromObject(doc.value, { file: 'deploy.yaml', line: 1 }, new Warnings());
    expect(d.namespace).toBe('default');
    expect(d.selector).toEqual({ foo: 'bar' });
    expect(d.deployment.replicas).toBe(5);
  });
});

describe('Deployment', () => {
  it('applies Kubernetes defaults: 1 replica, RollingUpdate 25 %/25 %', () => {
    const { m, w } = read(deployment('web', CONTAINER));
    expect(m.deployments).toEqual([{ name: 'web', replicas: 1, template: 'web', strategy: { type: 'RollingUpdate', maxSurge: 25, maxUnavailable: 25 } }]);
    expect(m.podTemplates[0]).toEqual({ name: 'web', labels: { app: 'web' }, cpuRequest: 100, memoryRequest: 64, namespace: 'default' });
    // No constraints given: left undefined, so the system defaults apply.
    expect(m.podTemplates[0].topologySpreadConstraints).toBeUndefined();
    expect(w).toEqual([]);
  });

  it('reads Recreate, percentages, and converts absolute values with a warning', () => {
    expect(read(deployment('web', CONTAINER, 'replicas: 3\nstrategy:\n  type: Recreate')).m.deployments[0].strategy).toEqual({ type: 'Recreate' });
    expect(read(deployment('web', CONTAINER, 'strategy:\n  rollingUpdate:\n    maxSurge: 50%\n    maxUnavailable: "0%"')).m.deployments[0].strategy)
      .toEqual({ type: 'RollingUpdate', maxSurge: 50, maxUnavailable: 0 });
    const { m, w } = read(deployment('web', CONTAINER, 'replicas: 3\nstrategy:\n  type: RollingUpdate\n  rollingUpdate:\n    maxSurge: 1\n    maxUnavailable: 1'));
    // At 3 replicas, ceil(33 % of 3) = 1 extra pod and floor(34 % of 3) = 1 unavailable pod.
    expect(m.deployments[0].strategy).toEqual({ type: 'RollingUpdate', maxSurge: 33, maxUnavailable: 34 });
    expect(w).toHaveLength(2);
    expect(w[0]).toContain('test.yaml: Deployment/web: spec.strategy.rollingUpdate.maxSurge: the absolute value 1 is converted to 33%');
    expect(w[1]).toContain('spec.strategy.rollingUpdate.maxUnavailable');
  });

  it('rejects what Kubernetes rejects', () => {
    const both0 = readError(deployment('web', CONTAINER, 'strategy:\n  rollingUpdate:\n    maxSurge: 0\n    maxUnavailable: 0'));
    expect(both0.message).toContain('Deployment/web: spec.strategy.rollingUpdate: maxSurge and maxUnavailable may not both be 0');
    expect(readError(deployment('web', CONTAINER, 'replicas: -1')).message).toBe('test.yaml: Deployment/web: spec.replicas: must be an integer >= 0, got -1 (line 1)');
    expect(readError(deployment('web', CONTAINER, 'strategy:\n  type: Recreate\n  rollingUpdate: {maxSurge: 1}')).field).toBe('spec.strategy.rollingUpdate');
    expect(readError(deployment('web', CONTAINER, 'strategy:\n  type: Blue')).field).toBe('spec.strategy.type');
  });

  it('needs metadata.name and template labels', () => {
    const noName = readError(deployment('web', CONTAINER).replace('  name: web\n', '  annotations: {}\n'));
    expect(noName.message).toBe('test.yaml: Deployment/?: metadata.name: is required (line 1)');
    const noLabels = readError(`apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    spec:
${CONTAINER.split('\n').map((l) => `      ${l}`).join('\n')}`);
    expect(noLabels.object).toBe('Deployment/web');
    expect(noLabels.field).toBe('spec.template.metadata.labels');
  });

  it('the selector must match the template labels', () => {
    const text = deployment('web', CONTAINER).replace('    matchLabels:\n      app: web', '    matchLabels:\n      app: api');
    const e = readError(`---\n${text}`);
    expect(e.message).toMatch(/^test\.yaml: Deployment\/web: spec\.selector: does not match the template's labels/);
    expect(e.message).toContain('(line 2)');
    // Set-based selectors are evaluated; In with one value is folded into the returned selector.
    const ok = deploymentFromObject(parseDocuments(deployment('web', CONTAINER).replace(
      '    matchLabels:\n      app: web',
      '    matchExpressions:\n    - {key: app, operator: In, values: [web]}\n    - {key: tier, operator: DoesNotExist}',
    ), FILE)[0].value, { file: FILE, line: 1 }, new Warnings());
    expect(ok.selector).toEqual({ app: 'web' });
  });

  it('a malformed quantity names file, object, field and line', () => {
    const text = `apiVersion: v1\nkind: Service\nmetadata: {name: s}\n---\n${deployment('web', CONTAINER.replace('cpu: 100m', 'cpu: "lots"'))}`;
    const e = readError(text);
    expect(e).toBeInstanceOf(InputError);
    expect(e.file).toBe('test.yaml');
    expect(e.object).toBe('Deployment/web');
    expect(e.field).toBe('spec.template.spec.containers[0].resources.requests.cpu');
    expect(e.message).toBe('test.yaml: Deployment/web: spec.template.spec.containers[0].resources.requests.cpu: is not a Kubernetes quantity: "lots" (line 5)');
  });

  it('duplicate names are errors; across namespaces the message asks for --namespace', () => {
    const a = deployment('web', CONTAINER);
    const dup = readError(`${a}---\n${a}`);
    expect(dup.message).toContain('Deployment/web: metadata.name: duplicate Deployment in namespace default');
    const other = a.replace('  name: web\n', '  name: web\n  namespace: prod\n');
    const cross = readError(`${a}---\n${other}`);
    expect(cross.message).toContain('namespaces default and prod; choose one with --namespace');
    // The first has no namespace: like `kubectl apply -n prod`, it belongs to prod too.
    expect(readError(`${a}---\n${other}`, { namespace: 'prod' }).reason).toContain('duplicate Deployment in namespace prod');
    // With a namespace, objects of other namespaces are ignored silently.
    const staging = a.replace('  name: web\n', '  name: web\n  namespace: staging\n');
    const r = read(`${staging}---\n${other}`, { namespace: 'prod' });
    expect(r.m.deployments).toHaveLength(1);
    expect(r.m.podTemplates[0].namespace).toBe('prod');
    expect(r.w).toEqual([]);
  });
});

describe('pod spec', () => {
  const where = { file: FILE, object: 'Pod/p', line: 7 };
  const spec = (yamlText: string): unknown => parseDocuments(yamlText, FILE)[0].value;

  it('sums requests over containers; a missing request is the limit, else 0', () => {
    const w = new Warnings();
    const t = podTemplateFromPodSpec('p', { a: 'b' }, spec(`
containers:
- name: a
  resources: {requests: {cpu: "0.5", memory: 1Gi}}
- name: b
  resources: {limits: {cpu: 250m, memory: 128Mi}}
- name: c
initContainers:
- name: init
  resources: {requests: {cpu: "4"}}
`), where, w);
    // Containers: cpu 500 + 250 + 0 = 750 millicores, memory 1024 + 128 = 1152 MiB. The init
    // container needs 4000 millicores on its own, more than the containers: PodRequests takes
    // max(4000, 750) for cpu and max(0, 1152) for memory.
    // For scoring, a container naming no cpu or memory counts 100m / 200 MiB: cpu 500 + 250 +
    // 100 = 850 < 4000, so still 4000 (no separate figure); memory 1024 + 128 + 200 = 1352
    // against the init container's 200: 1352.
    expect(t).toEqual({ name: 'p', labels: { a: 'b' }, cpuRequest: 4000, memoryRequest: 1152, memoryNonZeroRequest: 1352, namespace: 'default' });
    expect(w.lines).toEqual([]);
  });

  it('counts sidecar init containers and overhead as PodRequests does', () => {
    const w = new Warnings();
    const t = podTemplateFromPodSpec('p', {}, spec(`
containers:
- {name: app, resources: {requests: {cpu: 500m, memory: 256Mi}}}
initContainers:
- {name: proxy, restartPolicy: Always, resources: {requests: {cpu: 100m, memory: 64Mi}}}
- {name: migrate, resources: {requests: {cpu: "1", memory: 128Mi}}}
overhead: {cpu: 50m, memory: 32Mi}
`), where, w);
    // The sidecar runs beside the app: 500 + 100 = 600 millicores, 256 + 64 = 320 MiB. The
    // migration runs beside the sidecar started before it: 1000 + 100 = 1100, 128 + 64 = 192.
    // max(600, 1100) + 50 = 1150 millicores; max(320, 192) + 32 = 352 MiB.
    expect([t.cpuRequest, t.memoryRequest]).toEqual([1150, 352]);
    expect(w.lines).toEqual([]);
  });

  it('reads spreading, node selection, tolerations, nodeName and criticality', () => {
    const w = new Warnings();
    const t = podTemplateFromPodSpec('p', { app: 'x' }, spec(`
containers: [{name: a, image: x, ports: [{containerPort: 80}], livenessProbe: {httpGet: {path: /, port: 80}}}]
topologySpreadConstraints:
- maxSkew: 2
  topologyKey: topology.kubernetes.io/zone
  whenUnsatisfiable: ScheduleAnyway
  labelSelector:
    matchLabels: {app: x}
    matchExpressions: [{key: tier, operator: In, values: [web]}]
  nodeAffinityPolicy: Ignore
  nodeTaintsPolicy: Honor
- maxSkew: 1
  topologyKey: kubernetes.io/hostname
  whenUnsatisfiable: DoNotSchedule
  minDomains: 3
nodeSelector: {disk: ssd}
affinity:
  nodeAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
      nodeSelectorTerms:
      - matchExpressions:
        - {key: zone, operator: In, values: [a, b]}
        - {key: pool, operator: In, values: [blue]}
      - matchFields:
        - {key: metadata.name, operator: In, values: [n1]}
    preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 10
      preference:
        matchExpressions: [{key: lifecycle, operator: In, values: [spot]}]
tolerations:
- {key: k1, operator: Equal, value: v1, effect: NoExecute}
- {operator: Exists}
- {key: k2, operator: Exists, effect: NoExecute, tolerationSeconds: 60}
- {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 300}
nodeName: n1
priorityClassName: system-node-critical
priority: 2000001000
schedulerName: default-scheduler
`), { ...where, namespace: 'kube-system' }, w);
    expect(t).toEqual({
      name: 'p',
      labels: { app: 'x' },
      cpuRequest: 0,
      memoryRequest: 0,
      namespace: 'kube-system',
      topologySpreadConstraints: [
        {
          maxSkew: 2, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway',
          labelSelector: { app: 'x', tier: 'web' }, nodeAffinityPolicy: 'Ignore', nodeTaintsPolicy: 'Honor',
        },
        { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', minDomains: 3 },
      ],
      nodeSelector: { disk: 'ssd' },
      nodeAffinity: {
        // Each NodeSelectorTerm is kept whole: its requirements ANDed, the terms ORed; matchFields
        // stay fields (metadata.name), not the hostname label.
        required: [
          {
            matchLabels: {},
            matchExpressions: [
              { key: 'zone', operator: 'In', values: ['a', 'b'] },
              { key: 'pool', operator: 'In', values: ['blue'] },
            ],
          },
          { matchLabels: {}, matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] },
        ],
        preferred: [{ weight: 10, term: { matchLabels: {}, matchExpressions: [{ key: 'lifecycle', operator: 'In', values: ['spot'] }] } }],
      },
      tolerations: [
        { key: 'k1', operator: 'Equal', value: 'v1', effect: 'NoExecute' },
        { operator: 'Exists' },
        { key: 'k2', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
      nodeName: 'n1',
      // Kept for the Priority admission plugin's resolution at compile time (docs/model.md §8.2.5).
      priorityClassName: 'system-node-critical',
      // spec.priority as given (admission checks it at compile time; the descheduler's evictor reads it).
      priority: 2000001000,
      critical: true,
    });
    // The constraint without a selector; nothing else (tolerationSeconds is modelled, docs/model.md §8.6).
    expect(w.lines).toEqual([
      "test.yaml: Pod/p: spec.topologySpreadConstraints[1].labelSelector: absent: Kubernetes then counts no pods for this constraint; kivi uses the template's own labels",
    ]);
  });

  it('warns about scheduling fields it does not model, naming each', () => {
    const w = new Warnings();
    podTemplateFromPodSpec('p', {}, spec(`
containers: [{name: a, resources: {requests: {cpu: 1, hugepages-2Mi: 2Mi}}}]
topologySpreadConstraints:
- {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {a: b}}, matchLabelKeys: [pod-template-hash]}
affinity:
  podAntiAffinity:
    requiredDuringSchedulingIgnoredDuringExecution: [{topologyKey: kubernetes.io/hostname, labelSelector: {matchLabels: {a: b}}, matchLabelKeys: [pod-template-hash]}]
  podAffinity: {}
schedulerName: my-scheduler
priorityClassName: high
overhead: {cpu: 10m}
volumes:
- {name: data, persistentVolumeClaim: {claimName: data}}
- {name: cfg, configMap: {name: cfg}}
`), where, w);
    expect(w.lines).toEqual([
      'test.yaml: Pod/p: spec.containers[0].resources.requests.hugepages-2Mi: resource hugepages-2Mi is not modelled (only cpu, memory and extended resources)',
      'test.yaml: Pod/p: spec.schedulerName: the pod asks for scheduler "my-scheduler"; kivi schedules it with its default scheduler',
      'test.yaml: Pod/p: spec.volumes[0]: volume binding and volume node affinity are not modelled',
    ]);
  });

  it('rejects what it cannot model or Kubernetes rejects, naming the field', () => {
    const fail = (text: string): InputError => inputError(() => podTemplateFromPodSpec('p', {}, spec(text), where, new Warnings()));
    const c = 'containers: [{name: a}]\n';
    const bad = fail(`${c}topologySpreadConstraints: [{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: Maybe}]`);
    expect(bad.message).toBe('test.yaml: Pod/p: spec.topologySpreadConstraints[0].whenUnsatisfiable: must be DoNotSchedule or ScheduleAnyway, got "Maybe" (line 7)');
    const expr = fail(`${c}topologySpreadConstraints:
- maxSkew: 1
  topologyKey: zone
  whenUnsatisfiable: DoNotSchedule
  labelSelector: {matchExpressions: [{key: app, operator: Gt, values: ["1"]}]}`);
    // A pod label selector has In, NotIn, Exists and DoesNotExist only (LabelSelectorOperator).
    expect(expr.field).toBe('spec.topologySpreadConstraints[0].labelSelector.matchExpressions[0].operator');
    expect(expr.reason).toBe('must be In, NotIn, Exists or DoesNotExist, got "Gt" (line 7)');
    // labels.NewRequirement: Exists takes no values, Gt one integer; field selectors know metadata.name only.
    const aff = fail(`${c}affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: gpu, operator: Exists, values: [x]}]}]}}}`);
    expect(aff.field).toBe('spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values');
    expect(aff.reason).toContain('operator Exists takes no values');
    const pref = fail(`${c}affinity: {nodeAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 1, preference: {matchExpressions: [{key: a, operator: Gt, values: ["x1"]}]}}]}}`);
    expect(pref.reason).toContain('operator Gt needs an integer, got "x1"');
    const op = fail(`${c}affinity: {nodeAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 1, preference: {matchExpressions: [{key: a, operator: Near, values: ["1"]}]}}]}}`);
    expect(op.reason).toContain('must be one of In, NotIn, Exists, DoesNotExist, Gt, Lt, got "Near"');
    const field = fail(`${c}affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchFields: [{key: metadata.uid, operator: In, values: [u]}]}]}}}`);
    expect(field.field).toBe('spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].key');
    expect(fail(`${c}tolerations: [{key: a, operator: Exists, value: b}]`).field).toBe('spec.tolerations[0].value');
    expect(fail(`${c}nodeSelector: {zone: 1}`).field).toBe('spec.nodeSelector.zone');
    expect(fail('containers: []').field).toBe('spec.containers');
    expect(fail(`${c}topologySpreadConstraints: [{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway, minDomains: 2}]`).field)
      .toBe('spec.topologySpreadConstraints[0].minDomains');
  });

  it('an empty constraint list means system defaults (undefined)', () => {
    const t = podTemplateFromPodSpec('p', {}, spec('containers: [{name: a}]\ntopologySpreadConstraints: []'), where, new Warnings());
    expect(t.topologySpreadConstraints).toBeUndefined();
  });
});

describe('HorizontalPodAutoscaler', () => {
  const hpa = (spec: string, api = 'autoscaling/v2'): string => `apiVersion: ${api}
kind: HorizontalPodAutoscaler
metadata: {name: h}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
${spec.split('\n').map((l) => `  ${l}`).join('\n')}
`;
  const one = (text: string, w = new Warnings()) => hpaFromObject(parseDocuments(text, FILE)[0].value, { file: FILE, line: 3 }, w);

  it('reads v2 Utilization and AverageValue for cpu and memory', () => {
    const h = one(hpa(`minReplicas: 2
maxReplicas: 10
metrics:
- {type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}}
- {type: Resource, resource: {name: cpu, target: {type: AverageValue, averageValue: 500m}}}
- {type: Resource, resource: {name: memory, target: {type: AverageValue, averageValue: 1Gi}}}`));
    expect(h).toEqual({
      target: 'web',
      namespace: 'default',
      hpa: {
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [
          { resource: 'cpu', type: 'Utilization', target: 70 },
          { resource: 'cpu', type: 'AverageValue', target: 500 },
          { resource: 'memory', type: 'AverageValue', target: 1024 },
        ],
      },
    });
  });

  it('defaults minReplicas to 1 and the target to 80 % CPU; reads v1 and v2beta2', () => {
    expect(one(hpa('maxReplicas: 4', 'autoscaling/v1')).hpa).toEqual({ minReplicas: 1, maxReplicas: 4, metrics: [{ resource: 'cpu', type: 'Utilization', target: 80 }] });
    expect(one(hpa('maxReplicas: 4\ntargetCPUUtilizationPercentage: 60', 'autoscaling/v1')).hpa.metrics).toEqual([{ resource: 'cpu', type: 'Utilization', target: 60 }]);
    expect(one(hpa('maxReplicas: 4')).hpa.metrics).toEqual([{ resource: 'cpu', type: 'Utilization', target: 80 }]);
    expect(one(hpa('maxReplicas: 4\nmetrics: [{type: Resource, resource: {name: memory, target: {type: Utilization, averageUtilization: 90}}}]', 'autoscaling/v2beta2')).hpa.metrics)
      .toEqual([{ resource: 'memory', type: 'Utilization', target: 90 }]);
  });

  it('reads behavior (docs/model.md §8.3.3) without a warning, omitted fields left to the defaults', () => {
    const w = new Warnings();
    const b = 'behavior: {scaleDown: {stabilizationWindowSeconds: 0, selectPolicy: Min, policies: [{type: Pods, value: 1, periodSeconds: 60}, {type: Percent, value: 10, periodSeconds: 30}]}, scaleUp: {selectPolicy: Disabled}}';
    expect(one(hpa(`maxReplicas: 4\n${b}`), w).hpa.behavior).toEqual({
      scaleDown: { stabilizationWindowSeconds: 0, selectPolicy: 'Min', policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }, { type: 'Percent', value: 10, periodSeconds: 30 }] },
      scaleUp: { selectPolicy: 'Disabled' },
    });
    expect(w.lines).toEqual([]);
    expect(one(hpa('maxReplicas: 4')).hpa.behavior).toBeUndefined();
  });

  it('rejects a behavior the API server rejects (validateScalingRules)', () => {
    const window = inputError(() => one(hpa('maxReplicas: 4\nbehavior: {scaleDown: {stabilizationWindowSeconds: 4000}}')));
    expect(window.message).toBe('test.yaml: HorizontalPodAutoscaler/h: spec.behavior.scaleDown.stabilizationWindowSeconds: must be at most 3600, got 4000 (line 3)');
    const select = inputError(() => one(hpa('maxReplicas: 4\nbehavior: {scaleUp: {selectPolicy: Fastest}}')));
    expect(select.field).toBe('spec.behavior.scaleUp.selectPolicy');
    const period = inputError(() => one(hpa('maxReplicas: 4\nbehavior: {scaleUp: {policies: [{type: Pods, value: 1, periodSeconds: 1801}]}}')));
    expect(period.field).toBe('spec.behavior.scaleUp.policies[0].periodSeconds');
    const empty = inputError(() => one(hpa('maxReplicas: 4\nbehavior: {scaleUp: {policies: []}}')));
    expect(empty.reason).toBe('must specify at least one policy (line 3)');
    const type = inputError(() => one(hpa('maxReplicas: 4\nbehavior: {scaleDown: {policies: [{type: Replicas, value: 1, periodSeconds: 15}]}}')));
    expect(type.reason).toBe('must be Pods or Percent, got "Replicas" (line 3)');
  });

  it('a Pods, Object, External or ContainerResource metric is a valid HPA kivi does not model: a warning, not an error', () => {
    // The API server accepts these (autoscaling/v2 MetricSourceType); their values come from a
    // metrics adapter kivi knows nothing of. Before, such an HPA was exit 2 ("bad input").
    const qps = '{type: Pods, pods: {metric: {name: qps}, target: {type: AverageValue, averageValue: 10}}}';
    const w = new Warnings();
    // Beside a cpu metric: the HPA scales on cpu in the model, the qps metric is listed.
    expect(one(hpa(`maxReplicas: 4\nmetrics:\n- ${qps}\n- {type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 60}}}`), w).hpa)
      .toEqual({ minReplicas: 1, maxReplicas: 4, metrics: [{ resource: 'cpu', type: 'Utilization', target: 60 }] });
    expect(w.lines).toEqual(["test.yaml: HorizontalPodAutoscaler/h: spec.metrics[0].type: metric type Pods is not modelled: kivi scales on the HPA's Resource metrics (cpu, memory) only"]);
    expect(w.affecting()).toHaveLength(1);
    // Alone: no metric to scale on, so no HPA in the model (the deployment keeps its replicas),
    // and not the default cpu 80 % an HPA without metrics gets.
    const alone = new Warnings();
    expect(one(hpa(`maxReplicas: 4\nmetrics:\n- ${qps}`), alone).hpa).toBeUndefined();
    expect(alone.lines[1]).toBe('test.yaml: HorizontalPodAutoscaler/h: spec.metrics: no metric kivi models: it keeps the deployment at its replica count, as if this HPA never scaled it');
    const m = read(`${deployment('web', CONTAINER, 'replicas: 2')}---\n${hpa(`maxReplicas: 4\nmetrics:\n- ${qps}`)}`).m;
    expect(m.deployments[0]).toMatchObject({ name: 'web', replicas: 2 });
    expect(m.deployments[0].hpa).toBeUndefined();
  });

  it('errors name file, object, field and line', () => {
    const noMax = inputError(() => one(hpa('minReplicas: 1')));
    expect(noMax.message).toBe('test.yaml: HorizontalPodAutoscaler/h: spec.maxReplicas: is required (line 3)');
    // A metric type the API does not define is refused (ValidateMetricSpec).
    const bogus = inputError(() => one(hpa('maxReplicas: 4\nmetrics: [{type: Qps}]')));
    expect(bogus.message).toBe('test.yaml: HorizontalPodAutoscaler/h: spec.metrics[0].type: must be Resource, Pods, Object, External or ContainerResource, got "Qps" (line 3)');
    const value = inputError(() => one(hpa('maxReplicas: 4\nmetrics: [{type: Resource, resource: {name: cpu, target: {type: Value, value: 1}}}]')));
    expect(value.field).toBe('spec.metrics[0].resource.target.type');
    expect(value.reason).toContain('not valid for a Resource metric');
    const kind = inputError(() => one(hpa('maxReplicas: 4').replace('kind: Deployment', 'kind: StatefulSet')));
    expect(kind.field).toBe('spec.scaleTargetRef.kind');
    expect(inputError(() => one(hpa('maxReplicas: 1\nminReplicas: 2'))).field).toBe('spec.maxReplicas');
  });

  it('must target a deployment among the manifests, once', () => {
    const missing = readError(`${deployment('api', CONTAINER)}---\n${hpa('maxReplicas: 3')}`);
    expect(missing.object).toBe('HorizontalPodAutoscaler/h');
    expect(missing.field).toBe('spec.scaleTargetRef.name');
    expect(missing.message).toContain('Deployment web is not among the manifests');
    expect(missing.message).toMatch(/\(line \d+\)$/);
    const twice = readError(`${deployment('web', CONTAINER)}---\n${hpa('maxReplicas: 3')}---\n${hpa('maxReplicas: 4')}`);
    expect(twice.reason).toContain('already has a HorizontalPodAutoscaler');
    // An HPA in another namespace does not see the deployment.
    const otherNs = readError(`${deployment('web', CONTAINER)}---\n${hpa('maxReplicas: 3').replace('metadata: {name: h}', 'metadata: {name: h, namespace: prod}')}`);
    expect(otherNs.reason).toContain('of namespace prod');
  });
});

describe('Node', () => {
  // The shape of one item of `kubectl get nodes -o json`.
  const NODE_JSON = JSON.stringify({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'kind-worker', labels: { 'kubernetes.io/hostname': 'kind-worker', zone: 'A' } },
    spec: { podCIDR: '10.244.2.0/24', taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoExecute' }], unschedulable: true },
    status: {
      allocatable: { cpu: '23500m', memory: '65910332Ki', pods: '110' },
      capacity: { cpu: '24', memory: '65910332Ki', pods: '110' },
      conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: 'True' }],
    },
  });

  it('reads allocatable, labels, taints, cordoning and readiness', () => {
    const n = nodeFromObject(JSON.parse(NODE_JSON), { file: 'nodes.json', line: 1 }, new Warnings());
    expect(n).toEqual({
      name: 'kind-worker',
      cpu: 23500,
      memory: 64366,
      allocatable: { pods: 110 },
      labels: { 'kubernetes.io/hostname': 'kind-worker', zone: 'A' },
      // spec.unschedulable is the node's cordon word (docs/model.md §9.8), which stands for the
      // node.kubernetes.io/unschedulable NoSchedule taint too.
      taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoExecute' }],
      unschedulable: true,
      status: 'Ready',
    });
  });

  it('falls back to capacity; Ready False or Unknown is NotReady; a kind: List works', () => {
    const obj = JSON.parse(NODE_JSON);
    delete obj.status.allocatable;
    obj.status.conditions[1].status = 'Unknown';
    delete obj.spec;
    const list = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [obj] });
    const { m } = read(list);
    expect(m.nodes).toEqual([{ name: 'kind-worker', cpu: 24000, memory: 64366, allocatable: { pods: 110 }, labels: { 'kubernetes.io/hostname': 'kind-worker', zone: 'A' }, status: 'NotReady' }]);
    expect(m.sources.get('Node/kind-worker')).toEqual({ file: FILE, line: 1 });
  });

  it('a hand-written node without status conditions is Ready; a missing cpu is an error', () => {
    const { m } = read('kind: Node\nmetadata: {name: n1}\nstatus: {capacity: {cpu: "2", memory: 4Gi}}');
    expect(m.nodes).toEqual([{ name: 'n1', cpu: 2000, memory: 4096, status: 'Ready' }]);
    const e = readError('kind: Node\nmetadata: {name: n1}\nstatus: {capacity: {memory: 4Gi}}');
    expect(e.message).toContain('Node/n1: status.allocatable.cpu: is required');
    expect(readError('kind: Node\nmetadata: {name: n1}\nstatus: {capacity: {cpu: 2, memory: 4Gi}}\n---\nkind: Node\nmetadata: {name: n1}\nstatus: {capacity: {cpu: 2, memory: 4Gi}}').message)
      .toContain('Node/n1: metadata.name: duplicate Node');
  });
});

describe('Pod', () => {
  const pod = (name: string, extra: string): string => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels: {app: web}
${extra}
`;

  it('a bare pod gets a template named after it; the phase follows status and nodeName', () => {
    const { m, w } = read([
      pod('p1', `spec:\n  nodeName: n1\n  ${CONTAINER.replace(/\n/g, '\n  ')}\nstatus: {phase: Running}`),
      pod('p2', `spec:\n  ${CONTAINER.replace(/\n/g, '\n  ')}\nstatus: {phase: Pending}`),
      pod('p3', `spec:\n  ${CONTAINER.replace(/\n/g, '\n  ')}\nstatus: {phase: Succeeded}`),
    ].join('---\n'));
    expect(m.pods).toEqual([
      { name: 'p1', phase: 'Running', node: 'n1', template: 'p1' },
      { name: 'p2', phase: 'Pending', template: 'p2' },
    ]);
    expect(m.podTemplates.map((t) => [t.name, t.cpuRequest, t.memoryRequest, t.nodeName])).toEqual([['p1', 100, 64, 'n1'], ['p2', 100, 64, undefined]]);
    expect(w).toEqual(['test.yaml: Pod/p3: status.phase: a Succeeded pod uses no resources, ignored']);
    expect(m.sources.get('Pod/p2')).toEqual({ file: FILE, line: 17 });
  });

  it("a pod of a deployment's ReplicaSet belongs to the deployment", () => {
    const owned = `apiVersion: v1
kind: Pod
metadata:
  name: web-6d4b75cb6d-k7wf7
  labels: {app: web, pod-template-hash: 6d4b75cb6d}
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-6d4b75cb6d, controller: true}]
spec:
  nodeName: n2
  ${CONTAINER.replace(/\n/g, '\n  ')}
status: {phase: Running}
`;
    // The pod comes first: pods are linked once every deployment is known.
    const { m, w } = read(`${owned}---\n${deployment('web', CONTAINER)}`);
    expect(m.pods).toEqual([{ name: 'web-6d4b75cb6d-k7wf7', phase: 'Running', node: 'n2', deployment: 'web' }]);
    expect(m.podTemplates.map((t) => t.name)).toEqual(['web']);
    expect(w).toEqual([]);
    // Without the deployment, the pod is bare (with one warning about its owner kind).
    const alone = read(owned);
    expect(alone.m.pods[0].template).toBe('web-6d4b75cb6d-k7wf7');
    expect(alone.w).toEqual(['test.yaml: metadata.ownerReferences: pods owned by a ReplicaSet (not a Deployment among the manifests) are kept as bare pods']);
  });
});

describe('DeschedulerPolicy', () => {
  const one = (text: string, w = new Warnings()) => deschedulerFromObject(parseDocuments(text, FILE)[0].value, { file: FILE, line: 1 }, w);

  it('a near miss of a top-level field names the field meant', () => {
    // `profile:` for `profiles:` leaves the policy without profiles: the descheduler evicts
    // nothing; both are listed, the typo with its right spelling.
    const w = new Warnings();
    one('apiVersion: descheduler/v1alpha2\nkind: DeschedulerPolicy\nprofile:\n- name: p\n', w);
    expect(w.lines).toContain('test.yaml: DeschedulerPolicy: profile: unknown field (did you mean profiles?), ignored');
  });

  it('reads v1alpha2 profiles, plugin args and the global limits', () => {
    const w = new Warnings();
    const d = one(`apiVersion: descheduler/v1alpha2
kind: DeschedulerPolicy
maxNoOfPodsToEvictPerNode: 2
maxNoOfPodsToEvictPerNamespace: 3
profiles:
- name: spread
  pluginConfig:
  - name: DefaultEvictor
    args: {evictSystemCriticalPods: true}
  - name: RemovePodsViolatingTopologySpreadConstraint
    args: {constraints: [DoNotSchedule, ScheduleAnyway]}
  plugins:
    balance:
      enabled: [RemovePodsViolatingTopologySpreadConstraint, RemoveDuplicates]
    deschedule:
      enabled: [PodLifeTime]
- name: dups
  plugins:
    balance: {enabled: [RemoveDuplicates]}
`, w);
    expect(d).toEqual({
      profiles: [
        {
          name: 'spread',
          plugins: ['RemovePodsViolatingTopologySpreadConstraint', 'RemoveDuplicates'],
          evictSystemCriticalPods: true,
          constraints: ['DoNotSchedule', 'ScheduleAnyway'],
          maxNoOfPodsToEvictPerNode: 2,
          maxNoOfPodsToEvictPerNamespace: 3,
        },
        { name: 'dups', plugins: ['RemoveDuplicates'], maxNoOfPodsToEvictPerNode: 2, maxNoOfPodsToEvictPerNamespace: 3 },
      ],
    });
    // PodLifeTime is in the descheduler's registry but not modelled (the others are: test/descheduler-policy.test.ts).
    expect(w.lines).toEqual([
      'test.yaml: DeschedulerPolicy: profiles[0].plugins.deschedule.enabled[0]: deschedule plugin PodLifeTime is not modelled, ignored',
    ]);
  });

  it('accepts deprecated v1alpha1 strategies with a warning', () => {
    const w = new Warnings();
    const d = one(`apiVersion: descheduler/v1alpha1
kind: DeschedulerPolicy
strategies:
  RemoveDuplicates: {enabled: true}
  RemovePodsViolatingTopologySpreadConstraint:
    enabled: true
    params: {includeSoftConstraints: true}
  LowNodeUtilization: {enabled: false}
`, w);
    // V1alpha1ToInternal: one profile per enabled strategy; the spread strategy gets topologyBalanceNodeFit true.
    expect(d).toEqual({
      profiles: [
        { name: 'strategy-RemoveDuplicates-profile', plugins: ['RemoveDuplicates'] },
        { name: 'strategy-RemovePodsViolatingTopologySpreadConstraint-profile', plugins: ['RemovePodsViolatingTopologySpreadConstraint'], constraints: ['DoNotSchedule', 'ScheduleAnyway'], topologyBalanceNodeFit: true },
      ],
    });
    expect(w.lines).toEqual(['test.yaml: DeschedulerPolicy: apiVersion: descheduler/v1alpha1 is deprecated (use descheduler/v1alpha2 profiles)']);
  });

  it('is found by readManifests; a second one is an error', () => {
    const text = 'apiVersion: descheduler/v1alpha2\nkind: DeschedulerPolicy\nprofiles: [{name: p, plugins: {balance: {enabled: [RemoveDuplicates]}}}]\n';
    expect(read(text).m.descheduler).toEqual({ profiles: [{ name: 'p', plugins: ['RemoveDuplicates'] }] });
    expect(readError(`${text}---\n${text}`).message).toContain('a second DeschedulerPolicy');
  });
});

describe('KubeSchedulerConfiguration', () => {
  const one = (text: string, w = new Warnings()) => schedulerProfileFromObject(parseDocuments(text, FILE)[0].value, { file: FILE, line: 1 }, w);

  it('a misspelled field is an error: kube-scheduler decodes its configuration strictly', () => {
    // pkg/scheduler/apis/config/scheme: Codecs = NewCodecFactory(Scheme, EnableStrict), so
    // kube-scheduler refuses to start with `percentageOfNodeToScore` or a profile's `plugin`;
    // kivi used to drop them and check with the defaults.
    const top = inputError(() => one('apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\npercentageOfNodeToScore: 100\n'));
    expect(top.message).toBe('test.yaml: KubeSchedulerConfiguration: percentageOfNodeToScore: unknown field (did you mean percentageOfNodesToScore?): kube-scheduler refuses its configuration (strict decoding error) (line 1)');
    const profile = inputError(() => one('apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles:\n- schedulerName: default-scheduler\n  plugin: {score: {disabled: [{name: "*"}]}}\n'));
    expect(profile.field).toBe('profiles[0].plugin');
    const point = inputError(() => one('apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles:\n- plugins: {scores: {disabled: [{name: "*"}]}}\n'));
    expect(point.message).toContain('profiles[0].plugins.scores: unknown field (did you mean score?)');
  });

  it('reads the default-scheduler profile: score weights, disabled plugins, warnings', () => {
    const w = new Warnings();
    const s = one(`apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles:
- schedulerName: other
  plugins: {score: {disabled: [{name: '*'}]}}
- schedulerName: default-scheduler
  plugins:
    multiPoint:
      enabled: [{name: PodTopologySpread, weight: 5}]
      disabled: [{name: NodeAffinity}]
    score:
      enabled: [{name: NodeResourcesFit, weight: 4}, {name: ImageLocality, weight: 1}, {name: TaintToleration}]
      disabled: [{name: NodeResourcesBalancedAllocation}]
  pluginConfig:
  - name: NodeResourcesFit
    args: {scoringStrategy: {type: MostAllocated}}
`, w);
    expect(s).toEqual({
      disabled: ['NodeAffinity'],
      weights: { PodTopologySpread: 5, NodeResourcesFit: 4, TaintToleration: 1, NodeResourcesBalancedAllocation: 0 },
      fitScoring: { type: 'MostAllocated' },
    });
    expect(w.lines).toEqual([
      "test.yaml: KubeSchedulerConfiguration: profiles: only profile #2 (the default-scheduler's or the first) is modelled; the others are ignored",
      'test.yaml: KubeSchedulerConfiguration: profiles[1].plugins.score.enabled[1].name: plugin ImageLocality is not modelled, ignored',
    ]);
  });

  it('reads NodeResourcesFitArgs.scoringStrategy and NodeResourcesBalancedAllocationArgs.resources', () => {
    const w = new Warnings();
    const s = one(`kind: KubeSchedulerConfiguration
profiles:
- pluginConfig:
  - name: NodeResourcesFit
    args:
      scoringStrategy:
        type: RequestedToCapacityRatio
        resources: [{name: cpu, weight: 3}, {name: memory}, {name: nvidia.com/gpu, weight: 2}]
        requestedToCapacityRatio: {shape: [{utilization: 0, score: 10}, {utilization: 100, score: 0}]}
  - name: NodeResourcesBalancedAllocation
    args: {resources: [{name: cpu, weight: 1}, {name: nvidia.com/gpu, weight: 1}]}
`, w);
    expect(s).toEqual({
      fitScoring: {
        type: 'RequestedToCapacityRatio',
        resources: [{ name: 'cpu', weight: 3 }, { name: 'memory', weight: 1 }, { name: 'nvidia.com/gpu', weight: 2 }],
        shape: [{ utilization: 0, score: 10 }, { utilization: 100, score: 0 }],
      },
      balancedResources: [{ name: 'cpu', weight: 1 }],
    });
    expect(w.lines).toEqual([
      // NodeResourcesFit scores extended resources; BalancedAllocation in kivi does not.
      'test.yaml: KubeSchedulerConfiguration: profiles[0].pluginConfig[1].args.resources[1].name: resource nvidia.com/gpu is not modelled (only cpu and memory), ignored',
    ]);
    expect(() => one('kind: KubeSchedulerConfiguration\nprofiles: [{pluginConfig: [{name: NodeResourcesFit, args: {scoringStrategy: {type: Fancy}}}]}]')).toThrow(
      'must be LeastAllocated, MostAllocated or RequestedToCapacityRatio',
    );
    expect(() => one('kind: KubeSchedulerConfiguration\nprofiles: [{pluginConfig: [{name: NodeResourcesFit, args: {scoringStrategy: {type: RequestedToCapacityRatio, requestedToCapacityRatio: {shape: [{utilization: 50, score: 1}, {utilization: 40, score: 2}]}}}}]}]')).toThrow(
      'sorted in increasing order',
    );
  });

  it("'*' disables every modelled plugin of that extension point", () => {
    expect(one('kind: KubeSchedulerConfiguration\nprofiles: [{plugins: {score: {disabled: [{name: "*"}]}}}]')).toEqual({
      weights: { NodeAffinity: 0, TaintToleration: 0, NodeResourcesFit: 0, NodeResourcesBalancedAllocation: 0, PodTopologySpread: 0, InterPodAffinity: 0 },
    });
    expect(one('kind: KubeSchedulerConfiguration\nprofiles: [{plugins: {multiPoint: {disabled: [{name: "*"}]}}}]')).toEqual({
      // multiPoint '*' turns off every default plugin, DefaultPreemption (the PostFilter) included.
      disabled: ['NodeUnschedulable', 'NodeName', 'NodeAffinity', 'TaintToleration', 'NodeResourcesFit', 'NodeResourcesBalancedAllocation', 'PodTopologySpread', 'InterPodAffinity', 'DefaultPreemption'],
    });
    expect(read('apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n').m.scheduler).toEqual({});
  });
});

describe('readManifests', () => {
  it('warns once per file and kind about kinds it does not model', () => {
    const svc = 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\n';
    const { m, w } = read(`${svc}---\n${svc.replace('name: s', 'name: t')}---\nkind: ConfigMap\nmetadata: {name: c}\n`);
    expect(m.deployments).toEqual([]);
    expect(w).toEqual(['test.yaml: kind Service is not modelled, ignored', 'test.yaml: kind ConfigMap is not modelled, ignored']);
  });

  it('a misspelled kind is named with the kind meant; a real kind kivi does not model gets no hint', () => {
    // `kind: Deploymnet` would be refused by the API server (no such kind); kivi skips it as a
    // kind it does not model, so the hint is what tells the user their Deployment is missing.
    const { w } = read('kind: Deploymnet\nmetadata: {name: a}\n---\nkind: Sevice\nmetadata: {name: b}\n---\nkind: Job\nmetadata: {name: c}\n---\nkind: Service\nmetadata: {name: d}\n');
    expect(w).toEqual([
      'test.yaml: kind Deploymnet is not modelled, ignored (did you mean Deployment?)',
      'test.yaml: kind Sevice is not modelled, ignored (did you mean Service?)',
      'test.yaml: kind Job is not modelled, ignored',
      'test.yaml: kind Service is not modelled, ignored',
    ]);
  });

  it('a document that is not a Kubernetes object is an error naming file and line', () => {
    const e = readError(`${deployment('web', CONTAINER)}---\njust a string\n`);
    expect(e.file).toBe(FILE);
    expect(e.message).toMatch(/^test\.yaml: kind: expected a Kubernetes object with a string "kind", got "just a string" \(line \d+\)$/);
    expect(readError('apiVersion: v1\nmetadata: {name: x}\n').message).toContain('(line 1)');
  });

  it('a YAML syntax error names the file and line', () => {
    const e = inputError(() => parseDocuments('kind: Deployment\nmetadata:\n  name: [web\n', FILE));
    expect(e.file).toBe(FILE);
    expect(e.message).toMatch(/^test\.yaml: .*\(line \d+\)$/);
  });

  it('an unrendered Helm template is a YAML error that says to render it first', () => {
    // `{{- include ... | nindent 4 }}` at the start of a mapping value is not YAML; a user who
    // points kivi at a chart's templates/ folder gets told what to run instead.
    const chart = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-web\n  labels:\n    {{- include "web.labels" . | nindent 4 }}\n';
    const e = inputError(() => parseDocuments(chart, FILE));
    expect(e.message).toMatch(/^test\.yaml: .*\(line \d+\); the file holds \{\{ … \}\}, a Helm or Go template: render it first \(helm template NAME CHART \| kivi check -\)$/);
  });
});

describe('misspelled fields', () => {
  // The API server drops a field its schema does not define (field validation Warn, as client-go
  // and Helm send) and kubectl apply refuses it (--validate=strict): either way the field the
  // user meant stays unset. Before this check kivi dropped them silently, so a typo turned into a
  // Kubernetes default (1 replica, requests of 0, minReplicas 1, no budget) and a plain "holds".
  const HPA = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplica: 2
  maxReplicas: 5
`;
  const PDB = `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web}
spec:
  minAvailabe: 2
  selector: {matchLabel: {app: web}}
`;
  const hint = (near: string): string => `unknown field (did you mean ${near}?): Kubernetes drops it (kubectl apply refuses it), and kivi ignores it`;

  it('spec.replica: the Deployment gets the default 1 replica, and a warning names the field and its right spelling', () => {
    const { m, w } = read(deployment('web', CONTAINER, 'replica: 3'));
    expect(m.deployments[0].replicas).toBe(1);
    expect(w).toEqual([`test.yaml: Deployment/web: spec.replica: ${hint('replicas')}`]);
  });

  it('a container\'s resource: or resources.request: leaves the pod requesting nothing, with a warning', () => {
    const wrongKey = read(deployment('web', CONTAINER.replace('  resources:', '  resource:')));
    // No requests at all: kube-scheduler fits the pod with 0 cpu and 0 memory.
    expect(wrongKey.m.podTemplates[0]).toMatchObject({ cpuRequest: 0, memoryRequest: 0 });
    expect(wrongKey.w).toEqual([`test.yaml: Deployment/web: spec.template.spec.containers[0].resource: ${hint('resources')}`]);
    const wrongList = read(deployment('web', CONTAINER.replace('requests:', 'request:')));
    expect(wrongList.m.podTemplates[0]).toMatchObject({ cpuRequest: 0, memoryRequest: 0 });
    expect(wrongList.w).toEqual([`test.yaml: Deployment/web: spec.template.spec.containers[0].resources.request: ${hint('requests')}`]);
  });

  it('an HPA\'s minReplica and a PDB\'s minAvailabe and matchLabel are named; the defaults apply', () => {
    const { m, w } = read(`${deployment('web', CONTAINER)}---\n${HPA}---\n${PDB}`);
    // minReplicas defaults to 1; a policy/v1 PDB with neither field has no minimum.
    expect(m.deployments[0].hpa).toMatchObject({ minReplicas: 1, maxReplicas: 5 });
    expect(m.podDisruptionBudgets?.[0].minAvailable).toBeUndefined();
    expect(w).toEqual([
      `test.yaml: PodDisruptionBudget/web: spec.minAvailabe: ${hint('minAvailable')}`,
      `test.yaml: PodDisruptionBudget/web: spec.selector.matchLabel: ${hint('matchLabels')}`,
      `test.yaml: HorizontalPodAutoscaler/web: spec.minReplica: ${hint('minReplicas')}`,
    ]);
  });

  it('a hand-written Node\'s spec.taint is named: the node keeps no taint, as Kubernetes would', () => {
    const node = 'apiVersion: v1\nkind: Node\nmetadata: {name: n1}\nspec:\n  taint: [{key: dedicated, value: gpu, effect: NoSchedule}]\nstatus:\n  allocatable: {cpu: "2", memory: 8Gi}\n';
    const { m, w } = read(node);
    expect(m.nodes[0].taints).toBeUndefined();
    expect(w).toEqual([`test.yaml: Node/n1: spec.taint: ${hint('taints')}`]);
    // A Node as kubectl get -o yaml prints it has none of these warnings.
    const live = 'apiVersion: v1\nkind: Node\nmetadata:\n  name: n2\n  uid: a1\n  resourceVersion: "9"\n  creationTimestamp: "2024-05-01T10:00:00Z"\n  labels: {kubernetes.io/hostname: n2}\n  annotations: {node.alpha.kubernetes.io/ttl: "0"}\nspec:\n  podCIDR: 10.0.0.0/24\n  podCIDRs: [10.0.0.0/24]\n  providerID: aws:///a/i-1\n  taints: [{key: dedicated, value: gpu, effect: NoSchedule}]\nstatus:\n  allocatable: {cpu: "2", memory: 8Gi, pods: "110"}\n  capacity: {cpu: "2", memory: 8Gi, pods: "110"}\n  conditions: [{type: Ready, status: "True"}]\n  nodeInfo: {kubeletVersion: v1.30.0}\n';
    expect(read(live).w).toEqual([]);
  });

  it('memory: 512m is read as Kubernetes reads it (512 milli-bytes), with a note that it is not 512Mi', () => {
    // resource.Quantity "512m" is 0.512 bytes: valid, and the pod requests (rounded up) 1 MiB in
    // kivi's unit. The verdict is Kubernetes', so it is a note (affectsCheck false), not a warning.
    const warnings = new Warnings();
    const m = readManifests(parseDocuments(deployment('web', CONTAINER.replace('memory: 64Mi', 'memory: 512m')), FILE), warnings);
    expect(m.podTemplates[0].memoryRequest).toBe(1);
    expect(warnings.items).toEqual([expect.objectContaining({
      field: 'spec.template.spec.containers[0].resources.requests.memory',
      message: '"512m" is 512 milli-bytes (a thousandth of a byte each), as Kubernetes reads it; for mebibytes write "512Mi"',
      affectsCheck: false,
    })]);
  });

  it('typos inside tolerations, node affinity and pod affinity selectors are named too', () => {
    // Each dropped field changes scheduling silently: without `effect` a toleration tolerates
    // every effect of its key (Toleration.ToleratesTaint); a node affinity whose required block
    // is misspelled constrains nothing; `labelSelector: {}` (matchLabel dropped) selects every
    // pod of the namespace for an anti-affinity term.
    const spec = `${CONTAINER}
tolerations:
- {key: dedicated, operator: Equal, value: gpu, efect: NoSchedule}
affinity:
  nodeAffinity:
    requiredDuringSchedulingIgnoredDuringExecutions:
      nodeSelectorTerms: [{matchExpressions: [{key: pool, operator: In, values: [gpu]}]}]
  podAntiAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
    - labelSelector: {matchLabel: {app: web}}
      topologyKey: kubernetes.io/hostname`;
    const { m, w } = read(deployment('web', spec));
    expect(m.podTemplates[0].tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'gpu' }]);
    expect(m.podTemplates[0].nodeAffinity).toBeUndefined();
    expect(w).toEqual([
      `test.yaml: Deployment/web: spec.template.spec.tolerations[0].efect: ${hint('effect')}`,
      `test.yaml: Deployment/web: spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecutions: ${hint('requiredDuringSchedulingIgnoredDuringExecution')}`,
      `test.yaml: Deployment/web: spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchLabel: ${hint('matchLabels')}`,
    ]);
  });

  it('a DaemonSet\'s spec typo and a PriorityClass\'s are named with the field meant', () => {
    // `templat:` leaves the DaemonSet without a template (an error: spec.template is required);
    // `nodeSelecter` in a DaemonSet's pod spec would put its pods on every node, taking room
    // kube-scheduler would not see taken; a PriorityClass's `globaldefault` leaves pods without
    // a class at priority 0.
    const ds = 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n  selector: {matchLabels: {app: a}}\n  updateStrategy: {type: RollingUpdate}\n  template:\n    metadata: {labels: {app: a}}\n    spec:\n      nodeSelecter: {pool: gpu}\n      containers: [{name: a, resources: {requests: {cpu: 100m}}}]\n';
    const pc = 'apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: high}\nvalue: 1000\nglobaldefault: true\n';
    const { m, w } = read(`${ds}---\n${pc}`);
    expect(m.daemonSets?.[0].template.nodeSelector).toBeUndefined();
    expect(m.priorityClasses?.[0]).toEqual({ name: 'high', value: 1000 });
    expect(w).toEqual([
      `test.yaml: DaemonSet/agent: spec.template.spec.nodeSelecter: ${hint('nodeSelector')}`,
      `test.yaml: PriorityClass/high: globaldefault: ${hint('globalDefault')}`,
    ]);
  });

  it('an HPA\'s behavior and metric typos are named; a per-HPA tolerance is unmodelled', () => {
    // `stabilizationWindowSecond` leaves scaleDown at the default 300 s window, `averageUtilisation`
    // (British spelling) leaves the target without its value: an error, it is required.
    const spec = `${HPA.replace('  minReplica: 2\n', '')}  metrics:
  - {type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 60}}}
  behavior:
    scaleDown: {stabilizationWindowSecond: 0, tolerance: 0.05}
`;
    const { m, w } = read(`${deployment('web', CONTAINER)}---\n${spec}`);
    expect(m.deployments[0].hpa?.behavior).toEqual({ scaleDown: {} });
    expect(w).toEqual([
      `test.yaml: HorizontalPodAutoscaler/web: spec.behavior.scaleDown.stabilizationWindowSecond: ${hint('stabilizationWindowSeconds')}`,
      "test.yaml: HorizontalPodAutoscaler/web: spec.behavior.scaleDown.tolerance: a per-HPA tolerance is not modelled: kivi uses the controller's (hpaController.tolerance, default 0.1)",
    ]);
    const british = readError(`${deployment('web', CONTAINER)}---\n${spec.replace('averageUtilization: 60', 'averageUtilisation: 60')}`);
    expect(british.field).toBe('spec.metrics[0].resource.target.averageUtilization');
  });

  it('a pod-spec typo suggests the field; every field kubectl get -o yaml prints is known', () => {
    const { w } = read(deployment('web', `${CONTAINER}\ntoleration: []`));
    expect(w).toEqual([`test.yaml: Deployment/web: spec.template.spec.toleration: ${hint('tolerations')}`]);
    // A Deployment as the API server returns it: status, managedFields, defaulted fields.
    const live = deployment('web', `${CONTAINER}\n  imagePullPolicy: IfNotPresent\n  terminationMessagePath: /dev/termination-log\n  terminationMessagePolicy: File\ndnsPolicy: ClusterFirst\nrestartPolicy: Always\nschedulerName: default-scheduler\nsecurityContext: {}\nterminationGracePeriodSeconds: 30`,
      'progressDeadlineSeconds: 600\nrevisionHistoryLimit: 10\nreplicas: 2')
      .replace('metadata:\n  name: web\n', 'metadata:\n  name: web\n  namespace: default\n  uid: 0b0e\n  resourceVersion: "12"\n  generation: 1\n  creationTimestamp: "2024-05-01T10:00:00Z"\n  annotations: {deployment.kubernetes.io/revision: "1"}\n  managedFields: [{manager: kubectl, operation: Update}]\n')
      .replace('    metadata:\n      labels:', '    metadata:\n      creationTimestamp: null\n      labels:')
      + 'status:\n  replicas: 2\n  readyReplicas: 2\n';
    expect(read(live).w).toEqual([]);
  });
});

describe('the pieces compile', () => {
  it('c3 manifests plus three kind nodes make a ClusterSpec that compile() accepts', () => {
    const nodes = ['kind-worker', 'kind-worker2', 'kind-worker3'].map((name, i) => `apiVersion: v1
kind: Node
metadata:
  name: ${name}
  labels: {zone: ${i < 2 ? 'A' : 'B'}}
status:
  allocatable: {cpu: "24", memory: 65910332Ki}
  conditions: [{type: Ready, status: "True"}]
`).join('---\n');
    const warnings = new Warnings();
    const m = readManifests([
      ...parseDocuments(nodes, 'nodes.yaml'),
      ...parseDocuments(C3_DEPLOY, 'deploy.yaml'),
      ...parseDocuments(C3_AUTOSCALER, 'autoscaler.yaml'),
    ], warnings);
    expect(warnings.lines).toEqual([HOSTNAME_ALIAS_WARNING]);
    expect(() => compile({
      name: 'c3', nodes: m.nodes, podTemplates: m.podTemplates, deployments: m.deployments, pods: m.pods,
      spareSlots: 9, events: [], intents: [],
    })).not.toThrow();
  });
});
