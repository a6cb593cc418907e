/**
 * Reading manifest files: multi-document YAML (`---`), JSON, and `kind: List` (as `kubectl get
 * -o json|yaml` prints) flattened into their items. Each object remembers its file and the
 * line its document starts on, for error messages.
 */
import { loadYaml } from './bounded-yaml.js';
import { readText } from './files.js';

export interface SourceObject {
  /** The parsed object (a Kubernetes resource, or whatever the file holds). */
  value: unknown;
  file: string;
  /** 1-based line where the object's document starts. */
  line: number;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses YAML or JSON text into documents; throws an InputError naming the file and line. */
export function parseDocuments(text: string, file: string): SourceObject[] {
  const out: SourceObject[] = [];
  // Document start lines, for messages: line 1, then each line after a `---` separator.
  const starts = [1];
  text.split('\n').forEach((l, i) => {
    if (/^---(\s|$)/.test(l)) starts.push(i + 2);
  });
  const docs = loadYaml(text, file, true);
  let docIndex = 0;
  const hasLeadingSeparator = /^---(\s|$)/.test(text.trimStart());
  for (const doc of docs) {
    const line = starts[Math.min(starts.length - 1, docIndex + (hasLeadingSeparator ? 1 : 0))] ?? 1;
    docIndex++;
    if (doc === null || doc === undefined) continue;
    flattenList(doc, file, line, out);
  }
  return out;
}

function flattenList(doc: unknown, file: string, line: number, out: SourceObject[]): void {
  if (isRecord(doc) && typeof doc.kind === 'string' && doc.kind.endsWith('List') && Array.isArray(doc.items)) {
    for (const item of doc.items) flattenList(item, file, line, out);
    return;
  }
  if (Array.isArray(doc)) {
    for (const item of doc) flattenList(item, file, line, out);
    return;
  }
  out.push({ value: doc, file, line });
}

export function readDocuments(file: string): SourceObject[] {
  return parseDocuments(readText(file), file);
}

/** A file holding one JSON or YAML value (intents.json, cluster_configs.json), read as is. */
export function readValue(file: string): unknown {
  const docs = loadYaml(readText(file), file, false);
  return docs[0];
}
