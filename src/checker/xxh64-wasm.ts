/**
 * XXH64 (seed 0) as a tiny WebAssembly module, assembled here from its instructions. It is the
 * same function xxhash-wasm's `h64` computes (test/fingerprint.test.ts checks them against each
 * other), but it writes the 64-bit result into its memory instead of returning it: a wasm i64
 * returned to JavaScript becomes a BigInt, one heap object per hash.
 *
 * The module imports one memory ("k", "m") and exports `h(ptr, len)`: hash bytes
 * [ptr, ptr + len) and store the result, little-endian, at bytes 0..7.
 *
 * The bytes kivi loads are XXH64_WASM below, what `xxh64ModuleBytes()` assembles (a test checks
 * they are equal): assembling them takes about a millisecond, which a small search would feel.
 *
 * In WAT, with locals $p $len (params), $end $limit (i32), $v1..$v4 $h (i64):
 *
 *   end = p + len
 *   if len >= 32:
 *     limit = end - 32; v1 = P1 + P2; v2 = P2; v3 = 0; v4 = -P1
 *     do { v1..v4 = round(v1..v4, load64(p + 0/8/16/24)); p += 32 } while p <= limit
 *     h = rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18)
 *     h = merge(h, v1); … merge(h, v4)
 *   else h = P5
 *   h += len
 *   while p + 8 <= end: h = rotl(h ^ round(0, load64(p)), 27) * P1 + P4; p += 8
 *   if p + 4 <= end:    h = rotl(h ^ load32(p) * P1, 23) * P2 + P3; p += 4
 *   while p < end:      h = rotl(h ^ load8(p) * P5, 11) * P1; p += 1
 *   h ^= h >> 33; h *= P2; h ^= h >> 29; h *= P3; h ^= h >> 32
 *   store64(0, h)
 *
 * where round(acc, x) = rotl(acc + x * P2, 31) * P1 and merge(h, v) = (h ^ round(0, v)) * P1 + P4.
 */

import { get, i32, i64, mem, name, OP, section, set, uleb, type WasmMemory, wasm } from './wasm-asm.js';

export type { WasmMemory } from './wasm-asm.js';

export const P1 = 0x9e3779b185ebca87n;
export const P2 = 0xc2b2ae3d27d4eb4fn;
export const P3 = 0x165667b19e3779f9n;
export const P4 = 0x85ebca77c2b2ae63n;
export const P5 = 0x27d4eb2f165667c5n;

// Locals.
const P = 0;
const LEN = 1;
const END = 2;
const LIMIT = 3;
const V1 = 4;
const H = 8;

// Opcodes.
const { BLOCK, LOOP, IF, ELSE, END: END_, BR, BR_IF, VOID, TEE, I64_LOAD, I64_LOAD8_U, I64_LOAD32_U, I64_STORE, I32_GT_U, I32_LE_U, I32_GE_U, I32_ADD, I32_SUB, I64_ADD, I64_MUL, I64_XOR, I64_SHR_U, I64_ROTL, I64_EXTEND_I32_U, I32, I64 } = OP;

/** acc = round(acc, load64(p + offset)) */
const round = (acc: number, offset: number): number[] => [
  ...get(acc), ...get(P), ...mem(I64_LOAD, 3, offset), ...i64(P2), I64_MUL, I64_ADD,
  ...i64(31n), I64_ROTL, ...i64(P1), I64_MUL, ...set(acc),
];

/** h = (h ^ round(0, v)) * P1 + P4 */
const merge = (v: number): number[] => [
  ...get(H), ...get(v), ...i64(P2), I64_MUL, ...i64(31n), I64_ROTL, ...i64(P1), I64_MUL, I64_XOR,
  ...i64(P1), I64_MUL, ...i64(P4), I64_ADD, ...set(H),
];

/** h = h ^ (h >> k) */
const xorShift = (k: bigint): number[] => [...get(H), ...get(H), ...i64(k), I64_SHR_U, I64_XOR, ...set(H)];

const advance = (by: number): number[] => [...get(P), ...i32(by), I32_ADD, ...set(P)];

function body(): number[] {
  return [
    ...get(P), ...get(LEN), I32_ADD, ...set(END),
    ...get(LEN), ...i32(32), I32_GE_U, IF, VOID,
    ...get(END), ...i32(32), I32_SUB, ...set(LIMIT),
    ...i64(P1 + P2), ...set(V1), ...i64(P2), ...set(V1 + 1), ...i64(0n), ...set(V1 + 2), ...i64(-P1), ...set(V1 + 3),
    LOOP, VOID,
    ...round(V1, 0), ...round(V1 + 1, 8), ...round(V1 + 2, 16), ...round(V1 + 3, 24),
    ...get(P), ...i32(32), I32_ADD, TEE, P, ...get(LIMIT), I32_LE_U, BR_IF, 0,
    END_,
    ...get(V1), ...i64(1n), I64_ROTL, ...get(V1 + 1), ...i64(7n), I64_ROTL, I64_ADD,
    ...get(V1 + 2), ...i64(12n), I64_ROTL, I64_ADD, ...get(V1 + 3), ...i64(18n), I64_ROTL, I64_ADD, ...set(H),
    ...merge(V1), ...merge(V1 + 1), ...merge(V1 + 2), ...merge(V1 + 3),
    ELSE,
    ...i64(P5), ...set(H),
    END_,
    ...get(H), ...get(LEN), I64_EXTEND_I32_U, I64_ADD, ...set(H),
    // 8 bytes at a time.
    BLOCK, VOID, LOOP, VOID,
    ...get(P), ...i32(8), I32_ADD, ...get(END), I32_GT_U, BR_IF, 1,
    ...get(H), ...get(P), ...mem(I64_LOAD, 3, 0), ...i64(P2), I64_MUL, ...i64(31n), I64_ROTL, ...i64(P1), I64_MUL, I64_XOR,
    ...i64(27n), I64_ROTL, ...i64(P1), I64_MUL, ...i64(P4), I64_ADD, ...set(H),
    ...advance(8), BR, 0,
    END_, END_,
    // Then 4.
    ...get(P), ...i32(4), I32_ADD, ...get(END), I32_LE_U, IF, VOID,
    ...get(H), ...get(P), ...mem(I64_LOAD32_U, 2, 0), ...i64(P1), I64_MUL, I64_XOR,
    ...i64(23n), I64_ROTL, ...i64(P2), I64_MUL, ...i64(P3), I64_ADD, ...set(H),
    ...advance(4),
    END_,
    // Then single bytes.
    BLOCK, VOID, LOOP, VOID,
    ...get(P), ...get(END), I32_GE_U, BR_IF, 1,
    ...get(H), ...get(P), ...mem(I64_LOAD8_U, 0, 0), ...i64(P5), I64_MUL, I64_XOR,
    ...i64(11n), I64_ROTL, ...i64(P1), I64_MUL, ...set(H),
    ...advance(1), BR, 0,
    END_, END_,
    // Avalanche.
    ...xorShift(33n), ...get(H), ...i64(P2), I64_MUL, ...set(H),
    ...xorShift(29n), ...get(H), ...i64(P3), I64_MUL, ...set(H),
    ...xorShift(32n),
    ...i32(0), ...get(H), ...mem(I64_STORE, 3, 0),
    END_,
  ];
}


/** The module's bytes, assembled. */
export function xxh64ModuleBytes(): Uint8Array {
  const locals = [2, 2, I32, 5, I64]; // two i32 locals, then five i64
  const code = [...locals, ...body()];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 2, I32, I32, 0]), // type 0: (i32, i32) -> ()
    ...section(2, [1, ...name('k'), ...name('m'), 0x02, 0x00, 1]), // import memory k.m, min 1 page
    ...section(3, [1, 0]), // function 0 has type 0
    ...section(7, [1, ...name('h'), 0x00, 0]), // export "h" = function 0
    ...section(10, [1, ...uleb(code.length), ...code]),
  ]);
}

/** xxh64ModuleBytes(), base64-encoded. */
export const XXH64_WASM =
  'AGFzbQEAAAABBgFgAn9/AAIIAQFrAW0CAAEDAgEABwUBAWgAAAqQBgGNBgICfwV+IAAgAWohAiABQSBPBEAgAkEgayEDQtbr' +
  'gu7q/Yn14AAhBELP1tO+0ser2UIhBUIAIQZC+erQ0OfJoeThACEHA0AgBCAAKQMAQs/W077Sx6vZQn58Qh+JQoeVr6+Ytt6b' +
  'nn9+IQQgBSAAKQMIQs/W077Sx6vZQn58Qh+JQoeVr6+Ytt6bnn9+IQUgBiAAKQMQQs/W077Sx6vZQn58Qh+JQoeVr6+Ytt6b' +
  'nn9+IQYgByAAKQMYQs/W077Sx6vZQn58Qh+JQoeVr6+Ytt6bnn9+IQcgAEEgaiIAIANNDQALIARCAYkgBUIHiXwgBkIMiXwg' +
  'B0ISiXwhCCAIIARCz9bTvtLHq9lCfkIfiUKHla+vmLbem55/foVCh5Wvr5i23puef35C49zKlfzO8vWFf3whCCAIIAVCz9bT' +
  'vtLHq9lCfkIfiUKHla+vmLbem55/foVCh5Wvr5i23puef35C49zKlfzO8vWFf3whCCAIIAZCz9bTvtLHq9lCfkIfiUKHla+v' +
  'mLbem55/foVCh5Wvr5i23puef35C49zKlfzO8vWFf3whCCAIIAdCz9bTvtLHq9lCfkIfiUKHla+vmLbem55/foVCh5Wvr5i2' +
  '3puef35C49zKlfzO8vWFf3whCAVCxc/ZsvHluuonIQgLIAggAa18IQgCQANAIABBCGogAksNASAIIAApAwBCz9bTvtLHq9lC' +
  'fkIfiUKHla+vmLbem55/foVCG4lCh5Wvr5i23puef35C49zKlfzO8vWFf3whCCAAQQhqIQAMAAsLIABBBGogAk0EQCAIIAA1' +
  'AgBCh5Wvr5i23puef36FQheJQs/W077Sx6vZQn5C+fPd8Zn2masWfCEIIABBBGohAAsCQANAIAAgAk8NASAIIAAxAABCxc/Z' +
  'svHluuonfoVCC4lCh5Wvr5i23puef34hCCAAQQFqIQAMAAsLIAggCEIhiIUhCCAIQs/W077Sx6vZQn4hCCAIIAhCHYiFIQgg' +
  'CEL5893xmfaZqxZ+IQggCCAIQiCIhSEIQQAgCDcDAAs=';

let compiled: object | undefined;

/**
 * A new instance with its own memory of `pages` 64 KiB pages: `h(ptr, len)` hashes bytes
 * [ptr, ptr + len) of `memory` and writes the hash at bytes 0..7. The module is compiled once
 * per thread.
 */
export function xxh64Instance(pages: number): { memory: WasmMemory; h: (ptr: number, len: number) => void } {
  compiled ??= new wasm.Module(Buffer.from(XXH64_WASM, 'base64'));
  const memory = new wasm.Memory({ initial: pages });
  const instance = new wasm.Instance(compiled, { k: { m: memory } });
  return { memory, h: instance.exports.h as (ptr: number, len: number) => void };
}
