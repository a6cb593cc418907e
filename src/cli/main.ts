#!/usr/bin/env node
// The signal handlers are installed before anything is loaded: the clock and the handlers
// start with the process.
const startedAt = Date.now();

// `kivi ... | head` closes the pipe early: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

// The first SIGINT or SIGTERM stops the search: the run writes what was asked for, marked
// "interrupted, not a proof", and exits 128 + the signal's number (130, 143). A second one
// ends the process at once (docs/reliability.md, "Signals").
const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };
const interrupt = new AbortController();
let received: string | undefined;
for (const name of Object.keys(SIGNAL_EXIT)) {
  process.on(name, () => {
    if (received !== undefined) process.exit(SIGNAL_EXIT[name]);
    received = name;
    process.stderr.write(`kivi: ${name}: stopping the search (another ${name} ends at once)\n`);
    interrupt.abort();
  });
}

try {
  const { run } = await import('./run.js');
  const code = await run(process.argv.slice(2), {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    progress: (s) => process.stderr.write(s),
  }, { signal: interrupt.signal, startedAt });
  process.exitCode = received !== undefined && code !== 2 ? SIGNAL_EXIT[received] : code;
} catch (e) {
  // Not a user mistake: a bug in kivi. Say so, with the stack, and fail distinctly.
  process.stderr.write(`kivi: internal error (please report it): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 70;
}
