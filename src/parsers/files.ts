/** File-system access for the loaders: every failure becomes an InputError naming the path. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
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
