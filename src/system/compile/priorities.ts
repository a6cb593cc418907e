/**
 * Pod priorities (docs/model.md §8.2.5): each template's priority and preemption policy as the
 * Priority admission plugin resolves them (plugin/pkg/admission/priority/admission.go
 * `admitPod`), whether the scheduler's queue must be priority-ordered, whether DefaultPreemption
 * can act, and the templates that the priority-class intents watch.
 */
import type { ClusterSpec, PriorityClassSpec } from '../../model/cluster.js';
import type { CompiledTemplate } from '../../model/config.js';
import { InputError } from '../../model/errors.js';
import { SYSTEM_PRIORITY_CLASSES } from '../../model/priority-classes.js';
import { intentByName, PREEMPTED_CLASS, PENDING_CLASS } from '../../intents/catalog.js';

/** Every class the cluster has: the input's and the built-in ones. */
function allClasses(spec: ClusterSpec): Map<string, PriorityClassSpec> {
  const m = new Map<string, PriorityClassSpec>();
  for (const c of SYSTEM_PRIORITY_CLASSES) m.set(c.name, c);
  for (const c of spec.priorityClasses ?? []) m.set(c.name, c);
  return m;
}

/**
 * The globalDefault class (`getDefaultPriorityClass`: the one with the lowest value if several
 * are marked), or undefined.
 */
function defaultClass(spec: ClusterSpec): PriorityClassSpec | undefined {
  let out: PriorityClassSpec | undefined;
  for (const c of spec.priorityClasses ?? []) if (c.globalDefault && (out === undefined || out.value > c.value)) out = c;
  return out;
}

/**
 * Sets each compiled template's priority, class and preemption policy as admission does
 * (`admitPod`): a named class must exist and gives its value and policy; no class gives the
 * globalDefault class's, or 0 and PreemptLowerPriority (`getDefaultPriority`). A pod that states
 * a priority or policy other than the computed one is refused. A pod that carries a `priority`
 * with a class the input does not define, or with no class where no globalDefault class exists,
 * was admitted where it was read (kubectl output of a live cluster): its priority stands.
 */
export function resolvePriorities(spec: ClusterSpec, templates: CompiledTemplate[]): void {
  const classes = allClasses(spec);
  const dflt = defaultClass(spec);
  spec.podTemplates.forEach((t, i) => {
    const object = `PodTemplate/${t.name}`;
    let name: string;
    let priority: number;
    let policy: string;
    let admitted = false; // the pod carries what admission wrote: nothing to check it against
    if (t.priorityClassName === undefined || t.priorityClassName === '') {
      name = dflt?.name ?? '';
      priority = dflt?.value ?? 0; // scheduling.DefaultPriorityWhenNoDefaultClassExists
      policy = dflt?.preemptionPolicy ?? 'PreemptLowerPriority';
      if (t.priority !== undefined && dflt === undefined) {
        // A priority without a class: a pod admitted where it was read (or a library description).
        priority = t.priority;
        policy = t.preemptionPolicy ?? policy;
        admitted = true;
      }
    } else {
      name = t.priorityClassName;
      const pc = classes.get(name);
      if (pc === undefined) {
        if (t.priority === undefined) throw new InputError(`no PriorityClass with name ${name} was found`, object, 'priorityClassName');
        // Admitted already in the cluster it was read from: its priority stands.
        priority = t.priority;
        policy = t.preemptionPolicy ?? 'PreemptLowerPriority';
        admitted = true;
      } else {
        priority = pc.value;
        policy = pc.preemptionPolicy ?? 'PreemptLowerPriority'; // SetDefaults_PriorityClass
      }
    }
    if (!admitted && t.priority !== undefined && t.priority !== priority) {
      throw new InputError(`the integer value of priority (${t.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`, object, 'priority');
    }
    if (!admitted && t.preemptionPolicy !== undefined && t.preemptionPolicy !== policy) {
      throw new InputError(`the string value of PreemptionPolicy (${t.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`, object, 'preemptionPolicy');
    }
    const ct = templates[i + 1];
    ct.priority = priority;
    ct.priorityClass = name;
    ct.preemptNever = policy === 'Never';
  });
}

export interface CompiledPriorities {
  priorityOrder: boolean;
  preemptionOn: boolean;
  watchPreempted: Uint8Array | null;
  watchPending: Uint8Array | null;
}

/** The per-template flags of one priority-class intent kind; null when no intent of it is given. */
function watched(spec: ClusterSpec, templates: CompiledTemplate[], code: number): Uint8Array | null {
  let out: Uint8Array | null = null;
  const known = allClasses(spec);
  spec.intents.forEach((it, i) => {
    if (intentByName(it.name)?.code !== code) return;
    const object = `intent #${i + 1} (${it.name})`;
    const name = it.params?.priorityClass;
    if (typeof name !== 'string' || name === '') throw new InputError('names no priority class', object, 'params.priorityClass');
    if (!known.has(name) && !templates.some((t, j) => j > 0 && t.priorityClass === name)) {
      throw new InputError(`PriorityClass "${name}" does not exist`, object, 'params.priorityClass');
    }
    out ??= new Uint8Array(templates.length);
    for (let j = 1; j < templates.length; j++) if (templates[j].priorityClass === name) out[j] = 1;
  });
  return out;
}

/**
 * Whether priorities differ (the queue is ordered by them), whether DefaultPreemption can act
 * (it is not disabled, and some template that may preempt outranks another), and the
 * templates the priority-class intents watch.
 */
export function compilePriorities(spec: ClusterSpec, templates: CompiledTemplate[]): CompiledPriorities {
  let priorityOrder = false;
  let preemptionOn = false;
  for (let a = 1; a < templates.length; a++) {
    for (let b = 1; b < templates.length; b++) {
      if (templates[a].priority === templates[b].priority) continue;
      priorityOrder = true;
      if (templates[a].priority > templates[b].priority && !templates[a].preemptNever) preemptionOn = true;
    }
  }
  if ((spec.scheduler?.disabled ?? []).includes('DefaultPreemption')) preemptionOn = false;
  return {
    priorityOrder,
    preemptionOn,
    watchPreempted: watched(spec, templates, PREEMPTED_CLASS),
    watchPending: watched(spec, templates, PENDING_CLASS),
  };
}
