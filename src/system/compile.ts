/**
 * ClusterSpec → CompiledCluster: static configuration plus the initial state vector
 * (docs/model.md §3.2 preprocessing, with docs/model.md §12, decision 4's label semantics).
 *
 * `compileSpec` is the pipeline; each step lives in ./compile/ and runs in the order below, so
 * that of two mistakes in the input, the same one is reported first.
 */
import type { ClusterSpec } from '../model/cluster.js';
import type { CompiledCluster } from '../model/config.js';
import { EV_CORDON, EV_DRAIN, EV_MAINTENANCE } from '../model/config.js';
import { InputError } from '../model/errors.js';
import { EVICTED_NOT_RESCHEDULED } from '../model/violations.js';
import { compileBudgets } from './compile/budgets.js';
import { reserveDaemonSets } from './compile/daemon-sets.js';
import { compileEvents } from './compile/events.js';
import { compileHpaController, cpuSampleAfter, hpaHistorySizes, resolveHpaDefaults } from './compile/hpa.js';
import { buildInitialState } from './compile/initial-state.js';
import { indexByName, indexObjects } from './compile/input.js';
import { compileIntents } from './compile/intents.js';
import { compileLoads, writeLoads } from './compile/load.js';
import { compileManifests, templateMayChange, withManifestDeployments } from './compile/manifests.js';
import { compileAutoscaler, withNodeGroupNodes } from './compile/node-groups.js';
import { compileNodes } from './compile/nodes.js';
import { compileScheduler } from './compile/profiles.js';
import { noExecutePossible } from './compile/taints.js';
import { compileDescheduler } from './compile/descheduler.js';
import { compileTemplates } from './compile/templates.js';
import { compilePriorities, resolvePriorities } from './compile/priorities.js';
import { compileDeployments } from './compile/workloads.js';

export { canonicalTopologyKey } from './compile/labels.js';
export { tolerates } from '../controllers/scheduler/taint-toleration.js';

export { MAX_REPLICAS } from '../model/cluster.js';

/**
 * ClusterSpec → CompiledCluster. An input mistake found here is reported against the file the
 * object came from (spec.sources), when the loaders recorded it.
 */
export function compile(spec: ClusterSpec): CompiledCluster {
  try {
    return compileSpec(spec);
  } catch (e) {
    if (!(e instanceof InputError) || e.file !== undefined || !spec.sources) throw e;
    const owner = e.object?.replace(/^PodTemplate\//, 'Deployment/').replace(/ \(.*\)$/, '');
    const own = e.object ? spec.sources[e.object] : undefined;
    const src = own ?? (owner && spec.sources[owner]) ?? spec.sources['*'];
    if (!src) throw e;
    const { object, field } = manifestNames(e.object, e.field, own !== undefined ? 'Pod' : src === (owner && spec.sources[owner]) ? 'Deployment' : undefined);
    throw new InputError(src.line ? `${e.reason} (line ${src.line})` : e.reason, object, field, src.file);
  }
}

/** The pod-spec fields compile reports by their own name (`nodeName`, `tolerations[0].effect`). */
const POD_SPEC_ROOTS = new Set(['nodeName', 'nodeSelector', 'affinity', 'tolerations', 'topologySpreadConstraints', 'priorityClassName', 'priority', 'preemptionPolicy']);

/**
 * A pod template's object and field as the manifest names them: `PodTemplate/web` is the pod
 * template of `Deployment/web` (field under `spec.template.spec`) or of a bare `Pod/web` (under
 * `spec`); other objects are left as they are.
 */
function manifestNames(object: string | undefined, field: string | undefined, kind: 'Pod' | 'Deployment' | undefined): { object?: string; field?: string } {
  if (!object?.startsWith('PodTemplate/') || kind === undefined) return { object, field };
  const name = object.slice('PodTemplate/'.length).replace(/^Pod\//, '');
  const root = field?.split(/[.[]/)[0];
  const prefix = kind === 'Pod' ? 'spec.' : 'spec.template.spec.';
  return { object: `${kind}/${name}`, field: field !== undefined && root !== undefined && POD_SPEC_ROOTS.has(root) ? `${prefix}${field}` : field };
}

/** The pipeline: each step checks its part of the input and compiles it, in a fixed order. */
function compileSpec(input: ClusterSpec): CompiledCluster {
  const spec = withNodeGroupNodes(input);
  const index = indexObjects(spec);
  const nodes = compileNodes(spec);
  reserveDaemonSets(spec, nodes);
  const { templates, namespaces } = compileTemplates(spec, index.nodes, nodes);
  resolvePriorities(spec, templates);
  const deployments = withManifestDeployments(spec);
  const depIdx = indexByName(deployments, 'Deployment');
  const { hpas, depHpa } = compileDeployments(deployments, index.templates, templates);
  const { manifests, ids } = compileManifests(spec, { deployments, depIdx, templateIdx: index.templates, templates, hpas });
  const { events, kernelPanicOn } = compileEvents(spec, { nodeIdx: index.nodes, depIdx, manifestIds: ids, manifests, taints: nodes.taints });
  const autoscaler = compileAutoscaler(spec, index.nodes, templates, namespaces);
  const { intents, goalIntents, monitors } = compileIntents(spec, depIdx, kernelPanicOn, autoscaler !== null);
  // evicted_pod_rescheduled watches the taint manager, which deletes only for a NoExecute taint.
  if (intents.includes(EVICTED_NOT_RESCHEDULED) && !noExecutePossible(spec)) {
    throw new InputError('evicted_pod_rescheduled needs a NoExecute taint some node can get (a nodeFailure or kernelPanic event, a taint command, or a Node with one)', 'intents', 'evicted_pod_rescheduled');
  }
  const descheduler = compileDescheduler(spec, { templates, namespaces, nodes });
  const priorities = compilePriorities(spec, templates);
  const { budgets, budgetOfTemplate } = compileBudgets(spec);
  const hpaController = compileHpaController(spec);
  resolveHpaDefaults(hpas, hpaController);
  const hpaHistory = hpaHistorySizes(hpas, hpaController);
  const loads = compileLoads(deployments, index.templates, templates);
  const { layout, initial, podNames } = buildInitialState(spec, {
    nodeIdx: index.nodes, templateIdx: index.templates, depIdx, templates, deployments, depHpa, events,
    monitorCount: monitors.length, kernelPanicOn, taints: nodes.taints, nodeLifecycle: nodes.nodeLifecycle, autoscaler: autoscaler !== null,
    preemptionOn: priorities.preemptionOn,
    hpaOn: hpas.length > 1, hpaRecSlots: hpaHistory.recs, hpaEventSlots: hpaHistory.events,
    loadOn: loads.loads.some((x) => x !== null),
  });
  writeLoads(initial, layout, loads);
  const scheduler = compileScheduler(spec, nodes.extended);
  return {
    name: spec.name,
    layout,
    nodeNames: nodes.names,
    nodeCpu: nodes.cpu,
    nodeMemory: nodes.memory,
    nodeAllocCpu: nodes.allocCpu,
    nodeAllocMem: nodes.allocMem,
    nodeAllocPods: nodes.allocPods,
    nodeReservedCpu: nodes.reservedCpu,
    nodeReservedMem: nodes.reservedMem,
    nodeReservedPods: nodes.reservedPods,
    extendedResources: nodes.extended,
    nodeAllocExtended: nodes.allocExtended,
    nodeReservedExtended: nodes.reservedExtended,
    deploymentNames: ['', ...deployments.map((d) => d.name)],
    podNames,
    templates,
    hpas,
    manifests,
    templateMayChange: templateMayChange(deployments, manifests, index.templates),
    hpaOn: hpas.length > 1,
    hpaController,
    loads: loads.loads,
    hpaCpuSampleAfter: cpuSampleAfter(spec.podTemplates, hpaController),
    taintsOn: nodes.taintsOn,
    taints: nodes.taints,
    noExecuteMask: nodes.noExecuteMask,
    nodeLifecycle: nodes.nodeLifecycle,
    ...priorities,
    cordonOn: spec.nodes.some((n) => n.unschedulable === true) || events.some((e) => e.kind === EV_MAINTENANCE || e.kind === EV_CORDON || e.kind === EV_DRAIN),
    cpuPatternOn: templates.some((t, i) => i > 0 && t.cpuPattern !== null && t.cpuPattern.usage.length > 1),
    descheduler,
    scheduler,
    namespaces,
    events,
    budgets,
    budgetOfTemplate,
    hasAfterStableEvents: events.some((e) => e.afterStable),
    hasFirstEvents: events.some((e) => e.first),
    kernelPanicOn,
    intents,
    goalIntents,
    monitors,
    ...(autoscaler ? { autoscaler } : {}),
    initial,
  };
}
