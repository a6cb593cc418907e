/**
 * A Buffer over an Int32Array's bytes for memcmp and memcpy (`compare`, `copy`), made again only
 * when the array changes: the search passes the same few state arrays over and over, so the
 * loop allocates nothing.
 */
export class ByteView {
  private array: Int32Array | null = null;
  private view: Buffer = Buffer.alloc(0);

  of(a: Int32Array): Buffer {
    if (a !== this.array || this.view.byteLength !== a.byteLength) {
      this.array = a;
      this.view = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    }
    return this.view;
  }
}
