/**
 * The loops of the search that are proportional to a state's length, as a small WebAssembly
 * module assembled here (like xxh64-wasm.ts). States are cut into blocks of 64 bytes (16 words;
 * a state's region is padded with zeros to whole blocks). The module imports one memory ("k",
 * "m") and exports
 *
 *   d(a, b, n) -> k    the byte offset k < n of the first 4-byte word where [a, a + n) and
 *                      [b, b + n) differ, or n. 16 bytes at a time (v128: xor, any_true), then 4.
 *   b(p, first, count, tab)   for each block j in [first, first + count): its hash (below)
 *                      stored at tab + 8·j; their XOR at bytes 0..7.
 *   n(cur, next, tab, blocks, list) -> count   the XOR, over the blocks where next differs
 *                      from cur, of the block's hash in next and its hash in tab (cur's), at
 *                      bytes 0..7: cur's fingerprint XOR this is next's. The differing blocks'
 *                      indices go to list (i32 each, the first CHANGED_LIST of them); their
 *                      count is returned.
 *   l(cur, from, tab, blocks) the same for `from`, and tab and cur follow it: each differing
 *                      block's new hash is stored in tab and its 64 bytes copied into cur.
 *   k(cur, from, tab, list, count)   `l` over the blocks listed at list (count i32 block
 *                      indices) only: the others are known to be equal.
 *   q(state, last, pairs, words, most) -> count   the words where state differs from last, as
 *                      (index, state XOR last) pairs of i32 at pairs; -1 once there are more
 *                      than `most`.
 *   c(a, b, blocks, list) -> count   the indices of the blocks among the first `blocks` at a
 *                      and b where they differ, every one of them, to list (i32 each).
 *   m(cur, next, tab, list, count, out) -> count   `n` over the `count` blocks listed at list
 *                      (i32 block indices, each once) only: the others are known to be equal.
 *
 * Blocks are compared four v128 lanes at a time: any_true of the OR of the XORs.
 *
 * A block's hash (internal function h(p, j) -> i64) is xxh64's tail loop over its eight 8-byte
 * lanes and its avalanche, started at j·P1 + P5 instead of P5 + length: the steps are
 * bijections of the running hash, so the same content in two blocks hashes differently, and a
 * state's fingerprint (the XOR of its blocks' hashes, state-engine.ts) changes when two blocks
 * swap.
 */
import { P1, P2, P4, P3, P5 } from './xxh64-wasm.js';
import { get, i32, i64, mem, name, OP, section, set, uleb, wasm, type WasmMemory } from './wasm-asm.js';

const { BLOCK, LOOP, IF, END, BR, BR_IF, VOID, CALL, RETURN, I32_LOAD, I32_STORE, I64_LOAD, I64_STORE, I32_NE, I32_EQ, I32_GT_U, I32_GE_U, I32_ADD, I32_AND, I32_SHL, I32_SHR_U, I32_XOR, I64_ADD, I64_MUL, I64_XOR, I64_SHR_U, I64_ROTL, I64_EXTEND_I32_U, SIMD, V128_LOAD, V128_STORE, V128_OR, V128_XOR, V128_ANY_TRUE, I32, I64 } = OP;

/** Bytes per hashed block (16 words). */
export const BLOCK_BYTES = 64;

/** Function indices. */
const F_HASH = 2;

/** The differing blocks `n` lists (a power of two): with more, only their count says so (and `restoreNext` copies the whole state: a memcpy beats copying more blocks one by one). */
export const CHANGED_LIST = 512;

const addTo = (local: number, by: number): number[] => [...get(local), ...i32(by), I32_ADD, ...set(local)];
const plus = (a: number, b: number): number[] => [...get(a), ...get(b), I32_ADD];
const v128 = (op: number, offset: number): number[] => [SIMD, op, 2, ...uleb(offset)];
/** `while (j < n) { body; j++ }` over locals j and n (j starts where it is). */
const forEach = (j: number, n: number, body: number[]): number[] => [
  BLOCK, VOID, LOOP, VOID,
  ...get(j), ...get(n), I32_GE_U, BR_IF, 1,
  ...body,
  ...addTo(j, 1), BR, 0,
  END, END,
];
/** Pushes 1 when the 64-byte blocks at locals a + off and b + off (off a local) differ. */
const blocksDiffer = (a: number, b: number, off: number): number[] => {
  const lane = (k: number): number[] => [...plus(a, off), ...v128(V128_LOAD, k), ...plus(b, off), ...v128(V128_LOAD, k), SIMD, V128_XOR];
  return [...lane(0), ...lane(16), SIMD, V128_OR, ...lane(32), SIMD, V128_OR, ...lane(48), SIMD, V128_OR, SIMD, V128_ANY_TRUE];
};
/** off = j << 6 */
const blockOffset = (j: number, off: number): number[] => [...get(j), ...i32(6), I32_SHL, ...set(off)];
/** Pushes tab + 8·j. */
const slot = (tab: number, j: number): number[] => [...get(tab), ...get(j), ...i32(3), I32_SHL, I32_ADD];

function diffBody(): number[] {
  const [A, B, N, K] = [0, 1, 2, 3];
  const at = (base: number): number[] => plus(base, K);
  return [
    BLOCK, VOID, LOOP, VOID,
    ...get(K), ...i32(16), I32_ADD, ...get(N), I32_GT_U, BR_IF, 1,
    ...at(A), ...v128(V128_LOAD, 0), ...at(B), ...v128(V128_LOAD, 0), SIMD, V128_XOR, SIMD, V128_ANY_TRUE, BR_IF, 1,
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

/** h(p, j) -> i64: the hash of the block at p, seeded with j. */
function hashBody(): number[] {
  const [P, J, H] = [0, 1, 2];
  const lane = (offset: number): number[] => [
    ...get(H), ...get(P), ...mem(I64_LOAD, 3, offset), ...i64(P2), I64_MUL, ...i64(31n), I64_ROTL, ...i64(P1), I64_MUL, I64_XOR,
    ...i64(27n), I64_ROTL, ...i64(P1), I64_MUL, ...i64(P4), I64_ADD, ...set(H),
  ];
  const xorShift = (k: bigint): number[] => [...get(H), ...get(H), ...i64(k), I64_SHR_U, I64_XOR, ...set(H)];
  return [
    ...get(J), I64_EXTEND_I32_U, ...i64(P1), I64_MUL, ...i64(P5), I64_ADD, ...set(H),
    ...lane(0), ...lane(8), ...lane(16), ...lane(24), ...lane(32), ...lane(40), ...lane(48), ...lane(56),
    ...xorShift(33n), ...get(H), ...i64(P2), I64_MUL, ...set(H),
    ...xorShift(29n), ...get(H), ...i64(P3), I64_MUL, ...set(H),
    ...xorShift(32n),
    ...get(H),
    END,
  ];
}

/** b(p, first, count, tab) */
function blockHashBody(): number[] {
  const [P, FIRST, COUNT, TAB, LAST, J, H, X] = [0, 1, 2, 3, 4, 5, 6, 7];
  return [
    ...get(FIRST), ...set(J), ...get(FIRST), ...get(COUNT), I32_ADD, ...set(LAST),
    ...forEach(J, LAST, [
      ...get(P), ...get(J), ...i32(6), I32_SHL, I32_ADD, ...get(J), CALL, F_HASH, ...set(H),
      ...slot(TAB, J), ...get(H), ...mem(I64_STORE, 3, 0),
      ...get(X), ...get(H), I64_XOR, ...set(X),
    ]),
    ...i32(0), ...get(X), ...mem(I64_STORE, 3, 0),
    END,
  ];
}

/** n(cur, next, tab, blocks, list) -> count, or with `load`, l(cur, from, tab, blocks). */
function changedBlocksBody(load: boolean): number[] {
  const [CUR, NEXT, TAB, BLOCKS, LIST] = [0, 1, 2, 3, 4];
  // Locals after the parameters: j, off (and n's count), then x, h.
  const J = load ? 4 : 5;
  const OFF = J + 1;
  const COUNT = J + 2;
  const X = load ? 6 : 8;
  const H = X + 1;
  // n: list[count & (CHANGED_LIST − 1)] = j; count++
  const note = load ? [] : [
    ...get(LIST), ...get(COUNT), ...i32(CHANGED_LIST - 1), I32_AND, ...i32(2), I32_SHL, I32_ADD, ...get(J), ...mem(I32_STORE, 2, 0),
    ...addTo(COUNT, 1),
  ];
  const copy = (k: number): number[] => [...plus(CUR, OFF), ...plus(NEXT, OFF), ...v128(V128_LOAD, k), ...v128(V128_STORE, k)];
  return [
    ...forEach(J, BLOCKS, [
      ...blockOffset(J, OFF),
      ...blocksDiffer(CUR, NEXT, OFF), IF, VOID,
      ...plus(NEXT, OFF), ...get(J), CALL, F_HASH, ...set(H),
      ...get(X), ...get(H), I64_XOR, ...slot(TAB, J), ...mem(I64_LOAD, 3, 0), I64_XOR, ...set(X),
      ...(load ? [...slot(TAB, J), ...get(H), ...mem(I64_STORE, 3, 0), ...copy(0), ...copy(16), ...copy(32), ...copy(48)] : []),
      ...note,
      END,
    ]),
    ...i32(0), ...get(X), ...mem(I64_STORE, 3, 0),
    ...(load ? [] : get(COUNT)),
    END,
  ];
}

/**
 * k(cur, from, tab, list, count): `l` over the listed blocks; or without `load`,
 * m(cur, next, tab, list, count, out) -> changed: `n` over them, noting the changed ones at out.
 */
function listedBlocksBody(load: boolean): number[] {
  const [CUR, FROM, TAB, LIST, COUNT, OUT] = [0, 1, 2, 3, 4, 5];
  // Locals after the parameters: k, j, off (and m's count of changed blocks), then x, h.
  const K = load ? 5 : 6;
  const [J, OFF, CH] = [K + 1, K + 2, K + 3];
  const X = load ? K + 3 : K + 4;
  const H = X + 1;
  const copy = (k: number): number[] => [...plus(CUR, OFF), ...plus(FROM, OFF), ...v128(V128_LOAD, k), ...v128(V128_STORE, k)];
  const keep = load
    ? [...slot(TAB, J), ...get(H), ...mem(I64_STORE, 3, 0), ...copy(0), ...copy(16), ...copy(32), ...copy(48)]
    : [...get(OUT), ...get(CH), ...i32(CHANGED_LIST - 1), I32_AND, ...i32(2), I32_SHL, I32_ADD, ...get(J), ...mem(I32_STORE, 2, 0), ...addTo(CH, 1)];
  return [
    ...forEach(K, COUNT, [
      ...get(LIST), ...get(K), ...i32(2), I32_SHL, I32_ADD, ...mem(I32_LOAD, 2, 0), ...set(J),
      ...blockOffset(J, OFF),
      ...blocksDiffer(CUR, FROM, OFF), IF, VOID,
      ...plus(FROM, OFF), ...get(J), CALL, F_HASH, ...set(H),
      ...get(X), ...get(H), I64_XOR, ...slot(TAB, J), ...mem(I64_LOAD, 3, 0), I64_XOR, ...set(X),
      ...keep,
      END,
    ]),
    ...i32(0), ...get(X), ...mem(I64_STORE, 3, 0),
    ...(load ? [] : get(CH)),
    END,
  ];
}

/** q(state, last, pairs, words, most) -> count or -1 */
function pairsBody(): number[] {
  const [S, LAST, PAIRS, WORDS, MOST, J, OFF, I, END_I, N, A, B, BLOCKS] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const word = (base: number): number[] => [...get(base), ...get(I), ...i32(2), I32_SHL, I32_ADD, ...mem(I32_LOAD, 2, 0)];
  const pair = (): number[] => [...get(PAIRS), ...get(N), ...i32(3), I32_SHL, I32_ADD];
  return [
    ...get(WORDS), ...i32(15), I32_ADD, ...i32(4), I32_SHR_U, ...set(BLOCKS), // (words + 15) >>> 4
    ...forEach(J, BLOCKS, [
      ...blockOffset(J, OFF),
      ...blocksDiffer(S, LAST, OFF), IF, VOID,
      ...get(J), ...i32(4), I32_SHL, ...set(I),
      ...get(I), ...i32(16), I32_ADD, ...set(END_I),
      // the last block stops at `words`
      ...get(END_I), ...get(WORDS), I32_GT_U, IF, VOID, ...get(WORDS), ...set(END_I), END,
      ...forEach(I, END_I, [
        ...word(S), ...set(A), ...word(LAST), ...set(B),
        ...get(A), ...get(B), I32_NE, IF, VOID,
        ...get(N), ...get(MOST), I32_EQ, IF, VOID, ...i32(-1), RETURN, END,
        ...pair(), ...get(I), ...mem(I32_STORE, 2, 0),
        ...pair(), ...get(A), ...get(B), I32_XOR, ...mem(I32_STORE, 2, 4),
        ...addTo(N, 1),
        END,
      ]),
      END,
    ]),
    ...get(N),
    END,
  ];
}

/** c(a, b, blocks, list) -> count */
function listBlocksBody(): number[] {
  const [A, B, BLOCKS, LIST, J, OFF, COUNT] = [0, 1, 2, 3, 4, 5, 6];
  return [
    ...forEach(J, BLOCKS, [
      ...blockOffset(J, OFF),
      ...blocksDiffer(A, B, OFF), IF, VOID,
      ...get(LIST), ...get(COUNT), ...i32(2), I32_SHL, I32_ADD, ...get(J), ...mem(I32_STORE, 2, 0),
      ...addTo(COUNT, 1),
      END,
    ]),
    ...get(COUNT),
    END,
  ];
}

/** The module's bytes. */
export function stateEngineModuleBytes(): Uint8Array {
  const d = [1, 1, I32, ...diffBody()]; // k
  const b = [2, 2, I32, 2, I64, ...blockHashBody()]; // last, j; h, x
  const h = [1, 1, I64, ...hashBody()]; // h
  const n = [2, 3, I32, 2, I64, ...changedBlocksBody(false)]; // j, off, count; x, h
  const l = [2, 2, I32, 2, I64, ...changedBlocksBody(true)];
  const q = [1, 8, I32, ...pairsBody()]; // j, off, i, end, n, a, b, blocks
  const k = [2, 3, I32, 2, I64, ...listedBlocksBody(true)]; // k, j, off; x, h
  const c = [1, 3, I32, ...listBlocksBody()]; // j, off, count
  const m = [2, 4, I32, 2, I64, ...listedBlocksBody(false)]; // k, j, off, changed; x, h
  const fn = (body: number[]): number[] => [...uleb(body.length), ...body];
  const t3 = [0x60, 5, I32, I32, I32, I32, I32, 1, I32];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    // types: 0 (i32 i32 i32) -> i32, 1 (i32 i32 i32 i32) -> (), 2 (i32 i32) -> i64, 3 (i32 × 5) -> i32
    // 4 (i32 × 5) -> (), 5 (i32 × 4) -> i32, 6 (i32 × 6) -> i32
    ...section(1, [7, 0x60, 3, I32, I32, I32, 1, I32, 0x60, 4, I32, I32, I32, I32, 0, 0x60, 2, I32, I32, 1, I64, ...t3, 0x60, 5, I32, I32, I32, I32, I32, 0, 0x60, 4, I32, I32, I32, I32, 1, I32, 0x60, 6, I32, I32, I32, I32, I32, I32, 1, I32]),
    ...section(2, [1, ...name('k'), ...name('m'), 0x02, 0x00, 1]), // import memory k.m, min 1 page
    ...section(3, [9, 0, 1, 2, 3, 1, 3, 4, 5, 6]), // d b h n l q k c m
    ...section(7, [8, ...name('d'), 0x00, 0, ...name('b'), 0x00, 1, ...name('n'), 0x00, 3, ...name('l'), 0x00, 4, ...name('q'), 0x00, 5, ...name('k'), 0x00, 6, ...name('c'), 0x00, 7, ...name('m'), 0x00, 8]),
    ...section(10, [9, ...fn(d), ...fn(b), ...fn(h), ...fn(n), ...fn(l), ...fn(q), ...fn(k), ...fn(c), ...fn(m)]),
  ]);
}

export interface StateEngineExports {
  memory: WasmMemory;
  d: (a: number, b: number, n: number) => number;
  b: (p: number, first: number, count: number, tab: number) => void;
  n: (cur: number, next: number, tab: number, blocks: number, list: number) => number;
  l: (cur: number, from: number, tab: number, blocks: number) => void;
  q: (state: number, last: number, pairs: number, words: number, most: number) => number;
  k: (cur: number, from: number, tab: number, list: number, count: number) => void;
  c: (a: number, b: number, blocks: number, list: number) => number;
  m: (cur: number, next: number, tab: number, list: number, count: number, out: number) => number;
}

let compiled: object | undefined;

/** A new instance with its own memory of `pages` 64 KiB pages; the module is compiled once per thread. */
export function stateEngineInstance(pages: number): StateEngineExports {
  compiled ??= new wasm.Module(stateEngineModuleBytes());
  const memory = new wasm.Memory({ initial: pages });
  const { exports: e } = new wasm.Instance(compiled, { k: { m: memory } });
  const x = e as unknown as Omit<StateEngineExports, 'memory'>;
  return { memory, d: x.d, b: x.b, n: x.n, l: x.l, q: x.q, k: x.k, c: x.c, m: x.m };
}
