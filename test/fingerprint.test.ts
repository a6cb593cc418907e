/**
 * The fingerprint is xxh64 with seed 0, computed by kivi's own small WebAssembly module
 * (src/checker/xxh64-wasm.ts): it must equal xxhash-wasm's h64 bit for bit, so the collision
 * estimate of a 64-bit hash still applies.
 */
import fc from 'fast-check';
import xxhash from 'xxhash-wasm';
import { describe, expect, it } from 'vitest';
import { createFingerprinter } from '../src/checker/fingerprint.js';
import { XXH64_WASM, xxh64Instance, xxh64ModuleBytes } from '../src/checker/xxh64-wasm.js';

const reference = await xxhash();
const lanes = (h: bigint): [number, number] => [Number(h >> 32n) | 0, Number(h & 0xffffffffn) | 0];

describe('fingerprints', () => {
  it('load the module that xxh64-wasm.ts assembles', () => {
    expect(Buffer.from(xxh64ModuleBytes()).toString('base64')).toBe(XXH64_WASM);
  });

  it('equal xxh64 (seed 0) of the state bytes, for every length and content', () => {
    const fp = createFingerprinter(8);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 200 }), (words) => {
        const s = Int32Array.from(words);
        fp.hash(s); // longer states than announced grow the fingerprinter's memory
        expect([fp.hi, fp.lo]).toEqual(lanes(reference.h64Raw(new Uint8Array(s.buffer))));
      }),
    );
  });

  it('a state larger than the memory (past 64 KiB) gets a new instance: still xxh64, for the fingerprinters made before too', () => {
    const small = createFingerprinter(4);
    const big = Int32Array.from({ length: 20_000 }, (_, i) => Math.imul(i, 0x9e3779b1));
    const tiny = Int32Array.of(1, 2, 3);
    small.hash(big); // 80,008 bytes with the result's words: more than the first instance's page
    expect([small.hi, small.lo]).toEqual(lanes(reference.h64Raw(new Uint8Array(big.buffer))));
    const other = createFingerprinter(30_000);
    for (const fp of [small, other]) {
      fp.hash(tiny);
      expect([fp.hi, fp.lo]).toEqual(lanes(reference.h64Raw(new Uint8Array(tiny.buffer))));
      fp.hash(big);
      expect([fp.hi, fp.lo]).toEqual(lanes(reference.h64Raw(new Uint8Array(big.buffer))));
    }
  });

  it('hash any byte length, tails of 4 and 1 bytes included', () => {
    const { memory, h } = xxh64Instance(1);
    const bytes = new Uint8Array(memory.buffer);
    const out = new Int32Array(memory.buffer, 0, 2);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (input) => {
        bytes.set(input, 16);
        h(16, input.length);
        expect([out[1], out[0]]).toEqual(lanes(reference.h64Raw(input)));
      }),
    );
  });

  it('give equal states equal fingerprints and keep nothing from the previous state', () => {
    const fp = createFingerprinter(4);
    fp.hash(Int32Array.of(1, 2, 3, 4));
    const first = [fp.hi, fp.lo];
    fp.hash(Int32Array.of(1, 2, 3, 5));
    expect([fp.hi, fp.lo]).not.toEqual(first);
    fp.hash(Int32Array.of(1, 2, 3, 4));
    expect([fp.hi, fp.lo]).toEqual(first);
  });
});
