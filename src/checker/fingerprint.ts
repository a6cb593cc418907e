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

class WasmFingerprinter implements Fingerprinter {
  hi = 0;
  lo = 0;
  private readonly memory: WasmMemory;
  private readonly run: (ptr: number, len: number) => void;
  private words: Int32Array;

  constructor(stateWords: number) {
    const pages = Math.max(1, Math.ceil((4 * (INPUT_WORD + stateWords)) / PAGE_BYTES));
    const { memory, h } = xxh64Instance(pages);
    this.memory = memory;
    this.run = h;
    this.words = new Int32Array(this.memory.buffer);
  }

  hash(state: Int32Array): void {
    if (INPUT_WORD + state.length > this.words.length) {
      // A longer state than announced: grow once (growing replaces the memory's buffer).
      this.memory.grow(Math.ceil((4 * (INPUT_WORD + state.length) - this.words.byteLength) / PAGE_BYTES));
      this.words = new Int32Array(this.memory.buffer);
    }
    const words = this.words;
    words.set(state, INPUT_WORD);
    this.run(4 * INPUT_WORD, 4 * state.length);
    this.lo = words[0];
    this.hi = words[1];
  }
}

/** A fingerprinter sized for states of `stateWords` words (longer ones still work). */
export function createFingerprinter(stateWords = 0): Fingerprinter {
  return new WasmFingerprinter(stateWords);
}
