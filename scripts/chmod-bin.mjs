// npm links `bin` entries itself, but a local `node dist/cli/main.js` or a direct exec of the
// file needs the executable bit after tsc rewrote it.
import { chmodSync, existsSync } from 'node:fs';
const bin = new URL('../dist/cli/main.js', import.meta.url);
if (existsSync(bin)) chmodSync(bin, 0o755);
