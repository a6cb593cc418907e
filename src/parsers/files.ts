/** File-system access for the loaders: every failure becomes an InputError naming the path. */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError } from '../model/errors.js';

function fsError(path: string, e: unknown): InputError {
  return new InputError(`cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`, undefined, undefined, path);
}

export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The regular files under a folder and its subfolders (hidden ones skipped, as kubectl's
 * `--recursive` does not skip them but editors' and git's folders are never manifests), sorted
 * by path.
 */
export function filesUnder(dir: string, pattern?: RegExp): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (e) {
    throw fsError(dir, e);
  }
  const out: string[] = [];
  for (const f of names) {
    if (f.startsWith('.')) continue;
    const path = join(dir, f);
    if (isFolder(path)) out.push(...filesUnder(path, pattern));
    else if ((!pattern || pattern.test(f)) && isFile(path)) out.push(path);
  }
  return out;
}

/** The regular files in a folder, sorted by name (dangling links and subfolders left out). */
export function filesIn(dir: string, pattern?: RegExp): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    throw fsError(dir, e);
  }
  return names
    .filter((f) => (!pattern || pattern.test(f)) && isFile(join(dir, f)))
    .sort()
    .map((f) => join(dir, f));
}

/** The largest input file kivi reads (docs/reliability.md, "Bounded parsing"). */
export const MAX_FILE_BYTES = 64 * 2 ** 20;

export function readText(file: string): string {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (e) {
    throw fsError(file, e);
  }
  if (size > MAX_FILE_BYTES) throw new InputError(`is ${Math.round(size / 2 ** 20)} MiB, more than the ${MAX_FILE_BYTES / 2 ** 20} MiB kivi reads`, undefined, undefined, file);
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw fsError(file, e);
  }
}

/**
 * `mkdir -p`, one level at a time, for the folders kivi writes (debug files, snapshots): Node
 * 20's `mkdirSync(dir, { recursive: true })` never returns for a path under /proc.
 */
export function makeFolder(dir: string): void {
  if (existsSync(dir)) return;
  const parent = dirname(dir);
  if (parent !== dir) makeFolder(parent);
  mkdirSync(dir);
}
