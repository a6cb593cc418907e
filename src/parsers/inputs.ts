/**
 * Manifests given as paths (`kivi check PATH...`, docs/inputs.md "Files, folders and stdin"), as
 * kubeconform, conftest and kubectl take them: files, folders read recursively, and `-` for
 * standard input (`helm template … | kivi check - --cluster c.yaml`). YAML or JSON, several
 * documents per file, `kind: List`. The cluster profile comes from `--cluster FILE` (node types,
 * replica counts, events, and the intents), or the nodes from Node objects among the inputs.
 */
import { basename } from 'node:path';
import type { ClusterSpec } from '../model/cluster.js';
import { InputError } from '../model/errors.js';
import { assembleCluster, readProfile, type FolderOptions } from './config-folder.js';
import { isRecord, parseDocuments, readDocuments, type SourceObject } from './documents.js';
import { filesUnder, isFile, isFolder } from './files.js';
import { parseIntents } from './intents.js';
import type { Warnings } from './warnings.js';

const MANIFEST_EXT = /\.(ya?ml|json)$/i;

/** What messages call standard input. */
export const STDIN = '<stdin>';

export interface InputsOptions extends FolderOptions {
  /** The cluster profile file (`--cluster`). */
  cluster?: string;
  /** Reads standard input once, for the path `-`. */
  readStdin?: () => string;
}

function objectsOf(path: string, opts: InputsOptions, seen: { stdin: boolean }): SourceObject[] {
  if (path === '-') {
    if (seen.stdin) throw new InputError('standard input is named twice', undefined, undefined, STDIN);
    if (!opts.readStdin) throw new InputError('standard input is not available here', undefined, undefined, STDIN);
    seen.stdin = true;
    return parseDocuments(opts.readStdin(), STDIN);
  }
  if (isFolder(path)) return filesUnder(path, MANIFEST_EXT).flatMap((f) => readDocuments(f));
  if (isFile(path)) return readDocuments(path);
  throw new InputError('no such file or folder', undefined, undefined, path);
}

export function loadInputs(paths: readonly string[], warnings: Warnings, opts: InputsOptions = {}): ClusterSpec {
  if (paths.length === 0) throw new InputError('give the manifests to check: files, folders or - for standard input', undefined, undefined, 'kivi check');
  const seen = { stdin: false };
  const objects = paths.flatMap((p) => objectsOf(p, opts, seen));
  const where = paths.map((p) => (p === '-' ? STDIN : p)).join(', ');
  let profile: Record<string, unknown> = {};
  let intents: ClusterSpec['intents'] = [];
  if (opts.cluster !== undefined) {
    profile = readProfile(opts.cluster, warnings, true);
    if (isRecord(profile) && profile.intents !== undefined) intents = parseIntents(profile.intents, opts.cluster);
  }
  const first = paths[0] === '-' ? 'stdin' : basename(paths[0].replace(/\/+$/, '')).replace(MANIFEST_EXT, '');
  return assembleCluster(
    {
      name: paths.length === 1 ? first : `${first} and ${paths.length - 1} more`,
      where,
      manifests: paths.length === 1 ? (paths[0] === '-' ? 'standard input' : paths[0]) : 'the inputs',
      objects,
      profile,
      profileFile: opts.cluster ?? '',
      intents,
      intentFile: opts.cluster,
    },
    warnings,
    opts,
  );
}
