/**
 * 64-bit state fingerprints: xxh64 (seed 0) over the state's bytes, split into two signed 32-bit
 * lanes so the visited set never stores a BigInt. The hash runs in a small WebAssembly module
 * (xxh64-wasm.ts) that writes its result into its own memory: no BigInt, no allocation per hash.
 * The state is copied into that memory first (a memcpy, far cheaper than the hash).
 *
 * The fingerprints are xxhash-wasm's h64 bit for bit (test/fingerprint.test.ts). The collision
 * probability the statistics print, d·(g − d) / 2^64 for d distinct states and g generated ones
 * (TLC's optimistic estimate, result.ts), treats them as uniform 64-bit values, which is what
 * xxh64 is designed and tested for; the visited set stores all 64 bits.
 */
import { type WasmMemory, xxh64Instance } from './xxh64-wasm.js';

export interface Fingerprinter {
  /** Hash `state`; the result is in `hi` and `lo`. */
  hash(state: Int32Array): void;
  hi: number;
  lo: number;
}

const PAGE_BYTES = 65536;
/** The module writes the hash at bytes 0..7; the input starts at byte 8 (word 2). */
const INPUT_WORD = 2;

/**
 * One instance per thread, shared by every fingerprinter (a scaling search runs many searches):
 * a hash copies the state in, runs and reads the result back without yielding, so no two
 * hashes can interleave.
 */
interface Engine {
  memory: WasmMemory;
  run: (ptr: number, len: number) => void;
  /** The memory's words. */
  words: Int32Array;
}
let engine: Engine | undefined;

/**
 * The engine, with room for a state of `stateWords` words. A larger state gets a new instance,
 * not a grown memory: growing detaches the memory's old buffer, and once an ArrayBuffer has been
 * detached V8's optimized code checks every typed array access of the thread for it (the search
 * about 7 % slower from then on; docs/performance.md).
 */
function engineFor(stateWords: number): Engine {
  const bytes = 4 * (INPUT_WORD + stateWords);
  if (engine === undefined || bytes > engine.words.byteLength) {
    const { memory, h } = xxh64Instance(Math.max(1, Math.ceil(bytes / PAGE_BYTES)));
    engine = { memory, run: h, words: new Int32Array(memory.buffer) };
  }
  return engine;
}

class WasmFingerprinter implements Fingerprinter {
  hi = 0;
  lo = 0;

  hash(state: Int32Array): void {
    let e = engine!;
    if (INPUT_WORD + state.length > e.words.length) e = engineFor(state.length); // longer than announced
    const words = e.words;
    words.set(state, INPUT_WORD);
    e.run(4 * INPUT_WORD, 4 * state.length);
    this.lo = words[0];
    this.hi = words[1];
  }
}

/** A fingerprinter sized for states of `stateWords` words (longer ones still work). */
export function createFingerprinter(stateWords = 0): Fingerprinter {
  engineFor(stateWords);
  return new WasmFingerprinter();
}
