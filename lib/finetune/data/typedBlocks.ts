// A typed array that grows by fixed-size blocks while a file is streamed in (CSV rows, their
// labels and line numbers), so that reading never holds more than the values plus one block, and
// never copies what it has read until the one exact-size array is made at the end.

type TypedArray = Float32Array | Int32Array;

export class TypedBlocks<T extends TypedArray> {
  private readonly blocks: T[] = [];
  private used = 0;
  /** How many values were pushed. */
  length = 0;

  constructor(
    private readonly make: (length: number) => T,
    private readonly blockLength = 1 << 16,
  ) {}

  push(value: number): void {
    let block = this.blocks[this.blocks.length - 1];
    if (block === undefined || this.used === this.blockLength) {
      block = this.make(this.blockLength);
      this.blocks.push(block);
      this.used = 0;
    }
    block[this.used++] = value;
    this.length++;
  }

  /** The value at `index` (0 ≤ index < length). */
  at(index: number): number {
    return this.blocks[Math.floor(index / this.blockLength)]![index % this.blockLength]!;
  }

  /** Every value in one array of exactly `length`; the blocks are released as they are copied. */
  toArray(): T {
    const out = this.make(this.length);
    let offset = 0;
    while (this.blocks.length > 0) {
      const block = this.blocks.shift()!;
      const n = Math.min(block.length, this.length - offset);
      const part: ArrayLike<number> = block.subarray(0, n);
      out.set(part, offset);
      offset += n;
    }
    this.used = 0;
    return out;
  }
}
