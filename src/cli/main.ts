#!/usr/bin/env node
import { run } from './run.js';

// `kivi ... | head` closes the pipe early: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

try {
  process.exitCode = await run(process.argv.slice(2), {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    progress: (s) => process.stderr.write(s),
  });
} catch (e) {
  // Not a user mistake: a bug in kivi. Say so, with the stack, and fail distinctly.
  process.stderr.write(`kivi: internal error (please report it): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 70;
}
