/**
 * Worker threads cannot load TypeScript: the module a worker imports is the compiled one. This
 * file sits one folder below the package's source root (src/ or dist/), so a module's path from
 * that root names its compiled file beside this one when kivi runs from dist/, and the one in
 * dist/ when it runs from the TypeScript sources (the tests; `npm run build` first).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The compiled module at `fromRoot` (e.g. 'scaling/worker.js'), as a file: URL. */
export function builtModule(fromRoot: string): URL {
  const beside = new URL(`../${fromRoot}`, import.meta.url);
  if (existsSync(fileURLToPath(beside))) return beside;
  return new URL(`../../dist/${fromRoot}`, import.meta.url);
}
