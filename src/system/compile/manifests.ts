/** Deployment manifests that user commands apply or create later (`kubectl apply` / `kubectl create`). */
import type { ClusterSpec, DeploymentManifestSpec, DeploymentSpec } from '../../model/cluster.js';
import type { CompiledHpa, CompiledManifest, CompiledTemplate } from '../../model/config.js';
import { InputError } from '../../model/errors.js';
import { MAX_REPLICAS } from '../../model/cluster.js';
import { requireInt } from './input.js';
import { compileHpa, compileStrategy, DEFAULT_PERCENT } from './workloads.js';

/**
 * The declared deployments, then one for each manifest that names none of them.
 * Manifests may name deployments that do not exist yet: they get an absent slot (kubectl apply
 * or create brings them to life), named after the manifest (the reference left it unnamed).
 */
export function withManifestDeployments(spec: ClusterSpec): DeploymentSpec[] {
  const deployments: DeploymentSpec[] = [...spec.deployments];
  const known = new Set(deployments.map((d) => d.name));
  for (const m of spec.manifests ?? []) {
    if (known.has(m.name)) continue;
    if (m.template === undefined) throw new InputError('a manifest for a new deployment needs a pod template', `Deployment/${m.name}`, 'template');
    deployments.push({ name: m.name, replicas: 0, template: m.template, created: false });
    known.add(m.name);
  }
  return deployments;
}

/** What a manifest refers to: deployments and templates by name, and the HPA list it appends to. */
export interface ManifestRefs {
  deployments: DeploymentSpec[];
  depIdx: Map<string, number>;
  templateIdx: Map<string, number>;
  templates: CompiledTemplate[];
  hpas: CompiledHpa[];
}

export interface CompiledManifests {
  manifests: CompiledManifest[];
  /** Manifest id → position in `manifests`. */
  ids: Map<string, number>;
}

/** Compile every manifest, appending the HPAs they carry to `refs.hpas`. */
export function compileManifests(spec: ClusterSpec, refs: ManifestRefs): CompiledManifests {
  const ids = new Map<string, number>();
  const manifests = (spec.manifests ?? []).map((m, i) => {
    const id = m.id ?? m.name;
    const object = `manifest ${id}`;
    if (ids.has(id)) throw new InputError(`duplicate manifest id "${id}"`, object, 'id');
    ids.set(id, i);
    return compileManifest(m, id, object, refs);
  });
  return { manifests, ids };
}

/** One manifest: its deployment, replicas, template (0: keep the current one), strategy and HPA. */
function compileManifest(m: DeploymentManifestSpec, id: string, object: string, refs: ManifestRefs): CompiledManifest {
  const d = refs.depIdx.get(m.name)!;
  let template = 0;
  if (m.template !== undefined) {
    template = refs.templateIdx.get(m.template) ?? 0;
    if (template === 0) throw new InputError(`pod template "${m.template}" does not exist`, object, 'template');
  }
  // An omitted replicas is 1, as `SetDefaults_Deployment` (pkg/apis/apps/v1) defaults spec.replicas.
  const replicas = requireInt(m.replicas ?? 1, object, 'replicas', 0, MAX_REPLICAS);
  const st = m.strategy === undefined ? null : compileStrategy(m.strategy, object);
  let hpa = 0;
  if (m.hpa) {
    const tmpl = refs.templates[template || refs.templateIdx.get(refs.deployments[d - 1].template)!];
    refs.hpas.push(compileHpa(m.hpa, `HorizontalPodAutoscaler/${m.name} (${object})`, tmpl));
    hpa = refs.hpas.length - 1;
  }
  return {
    id, deployment: d, replicas, template,
    strategy: st ? st.type : -1, maxSurge: st ? st.surge : DEFAULT_PERCENT, maxUnavailable: st ? st.unavailable : DEFAULT_PERCENT,
    hpa, hpaGiven: m.hpa !== undefined,
  };
}

/** 1 for each deployment (by index) that some manifest gives another pod template. */
export function templateMayChange(deployments: DeploymentSpec[], manifests: CompiledManifest[], templateIdx: Map<string, number>): Uint8Array {
  return Uint8Array.from([0, ...deployments.map((d, i) => (manifests.some((m) => m.deployment === i + 1 && m.template !== 0 && m.template !== templateIdx.get(d.template)) ? 1 : 0))]);
}
