/**
 * The source tree's layers only import downward (README, "Architecture"). Every relative import
 * under src/ is read from the files themselves and checked against the order below; a file that
 * imports a layer above its own, or a sibling layer of the same rank, fails here.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname, '../src');

/** From the ground up. Layers of equal rank may not import each other. */
const RANK: Record<string, number> = {
  checker: 0, // knows nothing of Kubernetes
  model: 1,
  controllers: 2,
  intents: 3,
  system: 4, // the composition root
  'check.ts': 5,
  scaling: 6,
  parsers: 7,
  cases: 7,
  report: 8,
  live: 8, // reads a live cluster into a folder of kubectl output
  cli: 9,
  'api.ts': 9,
  'index.ts': 10,
};
/** Lower layers that a layer may still not import. */
const FORBIDDEN: Record<string, string[]> = {
  model: ['checker'],
  // Inputs produce a cluster description and nothing else (scaling derives its templates). The
  // profile reader reads the scheduler's plugin registry in controllers/.
  parsers: ['checker', 'system', 'check.ts', 'scaling'],
  cases: ['checker', 'controllers', 'system', 'check.ts', 'scaling'],
  // Reports read results: they never compile a cluster or step a model.
  report: ['controllers', 'system'],
  live: ['checker', 'controllers', 'system', 'check.ts', 'scaling'],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function layerOf(file: string): string {
  return relative(SRC, file).split(/[\\/]/)[0];
}

/** Relative import specifiers of a file: `from '…'`, `import '…'`, `import('…')`. */
export function importsOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)(['"])(\.{1,2}\/[^'"]+)\1/g)) out.push(m[2]);
  return out;
}

export function violations(): string[] {
  const bad: string[] = [];
  for (const file of files(SRC)) {
    const from = layerOf(file);
    for (const spec of importsOf(readFileSync(file, 'utf8'))) {
      const target = resolve(dirname(file), spec);
      if (!target.startsWith(SRC)) {
        bad.push(`${relative(SRC, file)} imports ${spec}, outside src/`);
        continue;
      }
      const to = layerOf(target.replace(/\.js$/, '.ts'));
      if (to === from) continue;
      const ok = RANK[from] !== undefined && RANK[to] !== undefined && RANK[to] < RANK[from] && !(FORBIDDEN[from] ?? []).includes(to);
      if (!ok) bad.push(`${relative(SRC, file)} (${from}) imports ${spec} (${to})`);
    }
  }
  return bad;
}

describe('layers', () => {
  it('every folder and top-level file under src/ has a rank', () => {
    const unranked = [...new Set(files(SRC).map(layerOf))].filter((l) => RANK[l] === undefined);
    expect(unranked).toEqual([]);
  });

  it('imports only run downward', () => {
    expect(violations()).toEqual([]);
  });

  it('the check itself can fail: an upward import is reported', () => {
    // model/ importing a controller is the shape the layering forbids.
    const text = "import { x } from '../controllers/hpa.js';\nimport type { y } from './layout.js';";
    expect(importsOf(text)).toEqual(['../controllers/hpa.js', './layout.js']);
    const from = 'model';
    const to = layerOf(resolve(SRC, 'model', '../controllers/hpa.ts'));
    expect(to).toBe('controllers');
    expect(RANK[to] < RANK[from]).toBe(false);
  });
});
