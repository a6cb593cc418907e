/**
 * The two loops of the search that are proportional to a state's length, as a small WebAssembly
 * module assembled here (like xxh64-wasm.ts): where two states first differ, and the hashes of
 * fixed blocks of a state.
 *
 * The module imports one memory ("k", "m") and exports
 *
 *   d(a, b, n) -> k: the byte offset k < n of the first 4-byte word where [a, a + n) and
 *                    [b, b + n) differ, or n. 16 bytes at a time (v128: xor, any_true), then 4.
 *   b(p, first, count, tab): for each block j in [first, first + count), the 64 bytes at
 *                    p + 64·j hashed with j as seed, stored at tab + 8·j; their XOR at bytes 0..7.
 *
 * A block's hash is xxh64's tail loop over its eight 8-byte lanes and its avalanche, started at
 * j·P1 + P5 instead of P5 + length: the steps are bijections of the running hash, so the same
 * content in two blocks hashes differently, and a state's fingerprint (the XOR of its blocks'
 * hashes, state-engine.ts) changes when two blocks swap.
 *
 * In WAT, d: loop { if k + 16 > n break; if any_true(v128.load(a + k) ^ v128.load(b + k))
 * break; k += 16 } loop { if k >= n break; if load32(a + k) != load32(b + k) break; k += 4 }
 * return k.
 */
import { P1, P2, P4, P3, P5 } from './xxh64-wasm.js';
import { get, i32, i64, mem, name, OP, section, set, uleb, wasm, type WasmMemory } from './wasm-asm.js';

const { BLOCK, LOOP, END, BR, BR_IF, VOID, I32_LOAD, I64_LOAD, I64_STORE, I32_NE, I32_GT_U, I32_GE_U, I32_ADD, I32_SHL, I64_ADD, I64_MUL, I64_XOR, I64_SHR_U, I64_ROTL, I64_EXTEND_I32_U, SIMD, V128_LOAD, V128_XOR, V128_ANY_TRUE, I32, I64 } = OP;

/** Bytes per hashed block (16 words). */
export const BLOCK_BYTES = 64;

const addTo = (local: number, by: number): number[] => [...get(local), ...i32(by), I32_ADD, ...set(local)];

function diffBody(): number[] {
  const [A, B, N, K] = [0, 1, 2, 3];
  const at = (base: number): number[] => [...get(base), ...get(K), I32_ADD];
  return [
    BLOCK, VOID, LOOP, VOID,
    ...get(K), ...i32(16), I32_ADD, ...get(N), I32_GT_U, BR_IF, 1,
    ...at(A), SIMD, V128_LOAD, 2, 0, ...at(B), SIMD, V128_LOAD, 2, 0, SIMD, V128_XOR, SIMD, V128_ANY_TRUE, BR_IF, 1,
    ...addTo(K, 16), BR, 0,
    END, END,
    BLOCK, VOID, LOOP, VOID,
    ...get(K), ...get(N), I32_GE_U, BR_IF, 1,
    ...at(A), ...mem(I32_LOAD, 2, 0), ...at(B), ...mem(I32_LOAD, 2, 0), I32_NE, BR_IF, 1,
    ...addTo(K, 4), BR, 0,
    END, END,
    ...get(K),
    END,
  ];
}

function blockHashBody(): number[] {
  const [P, FIRST, COUNT, TAB, LAST, J, Q, H, X] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const lane = (offset: number): number[] => [
    ...get(H), ...get(Q), ...mem(I64_LOAD, 3, offset), ...i64(P2), I64_MUL, ...i64(31n), I64_ROTL, ...i64(P1), I64_MUL, I64_XOR,
    ...i64(27n), I64_ROTL, ...i64(P1), I64_MUL, ...i64(P4), I64_ADD, ...set(H),
  ];
  const xorShift = (k: bigint): number[] => [...get(H), ...get(H), ...i64(k), I64_SHR_U, I64_XOR, ...set(H)];
  return [
    ...get(FIRST), ...set(J), ...get(FIRST), ...get(COUNT), I32_ADD, ...set(LAST),
    BLOCK, VOID, LOOP, VOID,
    ...get(J), ...get(LAST), I32_GE_U, BR_IF, 1,
    ...get(P), ...get(J), ...i32(6), I32_SHL, I32_ADD, ...set(Q),
    ...get(J), I64_EXTEND_I32_U, ...i64(P1), I64_MUL, ...i64(P5), I64_ADD, ...set(H),
    ...lane(0), ...lane(8), ...lane(16), ...lane(24), ...lane(32), ...lane(40), ...lane(48), ...lane(56),
    ...xorShift(33n), ...get(H), ...i64(P2), I64_MUL, ...set(H),
    ...xorShift(29n), ...get(H), ...i64(P3), I64_MUL, ...set(H),
    ...xorShift(32n),
    ...get(TAB), ...get(J), ...i32(3), I32_SHL, I32_ADD, ...get(H), ...mem(I64_STORE, 3, 0),
    ...get(X), ...get(H), I64_XOR, ...set(X),
    ...addTo(J, 1), BR, 0,
    END, END,
    ...i32(0), ...get(X), ...mem(I64_STORE, 3, 0),
    END,
  ];
}

/** The module's bytes. */
export function stateEngineModuleBytes(): Uint8Array {
  const d = [1, 1, I32, ...diffBody()]; // one i32 local: k
  const b = [2, 3, I32, 2, I64, ...blockHashBody()]; // last, j, q; h, x
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [2, 0x60, 3, I32, I32, I32, 1, I32, 0x60, 4, I32, I32, I32, I32, 0]),
    ...section(2, [1, ...name('k'), ...name('m'), 0x02, 0x00, 1]), // import memory k.m, min 1 page
    ...section(3, [2, 0, 1]),
    ...section(7, [2, ...name('d'), 0x00, 0, ...name('b'), 0x00, 1]),
    ...section(10, [2, ...uleb(d.length), ...d, ...uleb(b.length), ...b]),
  ]);
}

export interface StateEngineExports {
  memory: WasmMemory;
  d: (a: number, b: number, n: number) => number;
  b: (p: number, first: number, count: number, tab: number) => void;
}

let compiled: object | undefined;

/** A new instance with its own memory of `pages` 64 KiB pages; the module is compiled once per thread. */
export function stateEngineInstance(pages: number): StateEngineExports {
  compiled ??= new wasm.Module(stateEngineModuleBytes());
  const memory = new wasm.Memory({ initial: pages });
  const { exports } = new wasm.Instance(compiled, { k: { m: memory } });
  return { memory, d: exports.d as StateEngineExports['d'], b: exports.b as StateEngineExports['b'] };
}
