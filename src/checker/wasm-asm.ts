/**
 * The little a hand-assembled WebAssembly module needs: LEB128 encoders, section framing, and
 * the few members of the WebAssembly JS API kivi uses (the build has no DOM library).
 */

export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

export function sleb(value: bigint): number[] {
  let v = BigInt.asIntN(64, value);
  const out: number[] = [];
  for (;;) {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    if ((v === 0n && (byte & 0x40) === 0) || (v === -1n && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/** The opcodes and value types the modules use (SIMD ones follow the 0xfd prefix). */
export const OP = {
  BLOCK: 0x02,
  LOOP: 0x03,
  IF: 0x04,
  ELSE: 0x05,
  END: 0x0b,
  BR: 0x0c,
  BR_IF: 0x0d,
  VOID: 0x40,
  GET: 0x20,
  SET: 0x21,
  TEE: 0x22,
  I32_LOAD: 0x28,
  I64_LOAD: 0x29,
  I64_LOAD8_U: 0x31,
  I64_LOAD32_U: 0x35,
  I64_STORE: 0x37,
  I32_CONST: 0x41,
  I64_CONST: 0x42,
  I32_NE: 0x47,
  I32_GT_U: 0x4b,
  I32_LE_U: 0x4d,
  I32_GE_U: 0x4f,
  I32_ADD: 0x6a,
  I32_SUB: 0x6b,
  I32_AND: 0x71,
  I32_SHL: 0x74,
  I32_SHR_U: 0x76,
  I64_ADD: 0x7c,
  I64_MUL: 0x7e,
  I64_XOR: 0x85,
  I64_SHR_U: 0x88,
  I64_ROTL: 0x89,
  I64_EXTEND_I32_U: 0xad,
  CALL: 0x10,
  I32_MUL: 0x6c,
  I32_STORE: 0x36,
  I32_XOR: 0x73,
  I32_LT_U: 0x49,
  I32_EQ: 0x46,
  RETURN: 0x0f,
  SIMD: 0xfd,
  V128_LOAD: 0x00,
  V128_STORE: 0x0b,
  V128_OR: 0x50,
  V128_XOR: 0x51,
  V128_ANY_TRUE: 0x53,
  I32: 0x7f,
  I64: 0x7e,
} as const;

export const i32 = (n: number): number[] => [OP.I32_CONST, ...sleb(BigInt(n))];
export const i64 = (n: bigint): number[] => [OP.I64_CONST, ...sleb(n)];
export const get = (local: number): number[] => [OP.GET, local];
export const set = (local: number): number[] => [OP.SET, local];
/** load/store with alignment (log2 of the width) and offset. */
export const mem = (op: number, align: number, offset: number): number[] => [op, align, ...uleb(offset)];

export const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
export const section = (id: number, content: number[]): number[] => [id, ...uleb(content.length), ...content];

/** The few members of the WebAssembly JS API used here (the build has no DOM library). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
export interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}
export const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

