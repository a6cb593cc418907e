/** Reading one Kubernetes object: typed field access whose errors name file, object, field and line. */
import { InputError } from '../../model/errors.js';
import { isRecord } from '../documents.js';
import { dns1123LabelProblem, dns1123SubdomainProblem, labelKeyProblem, labelValueProblem } from '../names.js';
import type { Warnings } from '../warnings.js';

/** Where an object comes from, for messages. */
export interface ObjectWhere {
  file: string;
  /** `Kind/name`; the kind readers work it out themselves from metadata.name. */
  object?: string;
  /** 1-based line of the object's document. */
  line?: number;
  /**
   * Namespace of an object without `metadata.namespace` (what `kubectl apply -n NS` would use);
   * default `default`.
   */
  namespace?: string;
}

/** Where a pod spec sits: the object it belongs to and the path of the spec inside it. */
export interface PodSpecWhere extends ObjectWhere {
  object: string;
  /** Field path of the pod spec, for messages: `spec` (a Pod) or `spec.template.spec` (a Deployment). */
  path?: string;
}

/** Appends the document's line to InputErrors thrown while reading one object. */
export function guarded<T>(line: number | undefined, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof InputError && line !== undefined && !/\(line \d+\)/.test(e.reason)) {
      throw new InputError(`${e.reason} (line ${line})`, e.object, e.field, e.file);
    }
    throw e;
  }
}

/** A value for a message: JSON, shortened; never throws (a YAML map may have a key named toString). */
export function show(v: unknown): string {
  let s: string | undefined;
  try {
    s = JSON.stringify(v);
  } catch {
    s = undefined;
  }
  if (s === undefined) s = typeof v === 'object' && v !== null ? (Array.isArray(v) ? 'an array' : 'an object') : typeof v === 'symbol' || typeof v === 'function' ? typeof v : String(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** Reads fields of one object, failing with its file, object name and field. */
export class Reader {
  constructor(
    readonly file: string,
    public object: string,
    readonly warnings: Warnings,
  ) {}

  fail(field: string | undefined, reason: string): never {
    throw new InputError(reason, this.object, field, this.file);
  }

  warn(field: string | undefined, message: string): void {
    this.warnings.add(message, this.file, this.object, field);
  }

  /** A warning about something that cannot change the verdict (listed, never blocks a hold). */
  note(field: string | undefined, message: string): void {
    this.warnings.note(message, this.file, this.object, field);
  }

  /** A mapping, or undefined when absent (null counts as absent, as in Kubernetes). */
  rec(v: unknown, field: string): Record<string, unknown> | undefined {
    if (v === undefined || v === null) return undefined;
    if (!isRecord(v)) this.fail(field, `must be a mapping, got ${show(v)}`);
    return v;
  }

  needRec(v: unknown, field: string): Record<string, unknown> {
    const r = this.rec(v, field);
    if (r === undefined) this.fail(field, 'is required');
    return r;
  }

  list(v: unknown, field: string): unknown[] | undefined {
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) this.fail(field, `must be a list, got ${show(v)}`);
    return v;
  }

  str(v: unknown, field: string): string | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') this.fail(field, `must be a string, got ${show(v)}`);
    return v;
  }

  needStr(v: unknown, field: string): string {
    const s = this.str(v, field);
    if (s === undefined || s === '') this.fail(field, 'is required');
    return s;
  }

  int(v: unknown, field: string, min: number): number | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) this.fail(field, `must be an integer >= ${min}, got ${show(v)}`);
    return v;
  }

  needInt(v: unknown, field: string, min: number): number {
    const n = this.int(v, field, min);
    if (n === undefined) this.fail(field, 'is required');
    return n;
  }

  bool(v: unknown, field: string): boolean | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') this.fail(field, `must be true or false, got ${show(v)}`);
    return v;
  }

  oneOf<T extends string>(v: unknown, field: string, allowed: readonly T[]): T | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      this.fail(field, `must be ${allowed.join(' or ')}, got ${show(v)}`);
    }
    return v as T;
  }

  /** A string-to-string map (labels, nodeSelector): Kubernetes rejects non-string values. */
  labels(v: unknown, field: string): Record<string, string> {
    const r = this.rec(v, field);
    const out: Record<string, string> = {};
    if (!r) return out;
    for (const [k, val] of Object.entries(r)) {
      if (typeof val !== 'string') {
        this.fail(`${field}.${k}`, `label values must be strings, got ${show(val)}${typeof val === 'number' || typeof val === 'boolean' ? ` (quote it: "${val}")` : ''}`);
      }
      // ValidateLabels (apimachinery metav1validation): qualified-name keys, label values.
      const problem = labelKeyProblem(k) ?? labelValueProblem(val);
      if (problem) this.fail(`${field}.${k}`, problem);
      out[k] = val;
    }
    return out;
  }
}

export interface Meta {
  name: string;
  namespace: string | undefined;
}

/** metadata.name (required) and metadata.namespace; sets the reader's object to `Kind/name`. */
export function readMeta(r: Reader, obj: Record<string, unknown>, kind: string): Meta {
  r.object = `${kind}/?`;
  const meta = r.rec(obj.metadata, 'metadata');
  const name = meta?.name;
  if (typeof name !== 'string' || name === '') r.fail('metadata.name', name === undefined ? 'is required' : `must be a non-empty string, got ${show(name)}`);
  // Names are data: these kinds' names are DNS subdomains, namespaces DNS labels (ValidateObjectMeta).
  const bad = dns1123SubdomainProblem(name);
  if (bad) r.fail('metadata.name', bad);
  r.object = `${kind}/${name}`;
  const namespace = r.str(meta?.namespace, 'metadata.namespace') || undefined;
  const badNs = namespace === undefined ? undefined : dns1123LabelProblem(namespace);
  if (badNs) r.fail('metadata.namespace', badNs);
  return { name, namespace };
}

export function asObject(r: Reader, obj: unknown, kind: string): Record<string, unknown> {
  r.object = `${kind}/?`;
  if (!isRecord(obj)) r.fail(undefined, `expected a ${kind} object (a mapping), got ${show(obj)}`);
  return obj;
}
