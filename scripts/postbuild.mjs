// npm links `bin` entries itself, but a local `node dist/cli/main.js` or a direct exec of the
// file needs the executable bit after tsc rewrote it. dist/require.cjs answers CommonJS
// consumers (kivi is an ES module) with a clear message instead of ERR_REQUIRE_ESM.
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
const bin = new URL('../dist/cli/main.js', import.meta.url);
if (existsSync(bin)) chmodSync(bin, 0o755);
writeFileSync(
  new URL('../dist/require.cjs', import.meta.url),
  "throw new Error(\"kivi is an ES module: load it with `import { check } from 'kivi'` or `await import('kivi')`, not require('kivi').\");\n",
);
