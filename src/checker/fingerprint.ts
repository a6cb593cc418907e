/**
 * 64-bit state fingerprints: xxh64 (xxhash-wasm) over the state's bytes, split into two signed
 * 32-bit lanes so the visited set never stores a BigInt.
 */
import xxhash from 'xxhash-wasm';

export interface Fingerprinter {
  /** Hash `state`; the result is in `hi` and `lo`. */
  hash(state: Int32Array): void;
  hi: number;
  lo: number;
}

const LOW_MASK = 0xffffffffn;

let api: Awaited<ReturnType<typeof xxhash>> | undefined;

export async function createFingerprinter(): Promise<Fingerprinter> {
  api ??= await xxhash();
  const h64Raw = api.h64Raw;
  let view: Uint8Array = new Uint8Array(0);
  const fp: Fingerprinter = {
    hi: 0,
    lo: 0,
    hash(state: Int32Array): void {
      // One byte view per buffer, reused while the caller hashes the same scratch array.
      if (view.buffer !== state.buffer || view.byteOffset !== state.byteOffset || view.byteLength !== state.byteLength) {
        view = new Uint8Array(state.buffer, state.byteOffset, state.byteLength);
      }
      const h = h64Raw(view);
      fp.lo = Number(h & LOW_MASK) | 0;
      fp.hi = Number(h >> 32n) | 0;
    },
  };
  return fp;
}
