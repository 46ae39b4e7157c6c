import type { DataSplit, Tensor } from '@qstore/core';
import { planarToHwc } from './cifar.js';
import type { CifarRows } from './cifarBatcher.js';

const PIXELS = 3072;

/** The rows one member wrote: where they start in the buffer (in rows), how many, their labels. */
interface Block {
  readonly member: number;
  readonly start: number;
  n: number;
  readonly labels: number[];
}

/**
 * Builds one CIFAR split `(n, 32, 32, 3)` from the row runs of its members, which may arrive in
 * any order (the real `cifar-10-python.tar.gz` stores `data_batch_4` first): each member's rows go
 * channels-last straight into one buffer in the order they come, which {@link finish} then puts in
 * member order in place. The buffer is sized on the first member (its upper bound of rows times
 * the number of members: exact when members are alike) and doubles if the others hold more.
 * Memory: the split plus, when members came out of order, one member's rows as scratch.
 */
export class CifarSplitBuilder {
  #x = new Uint8Array(0);
  #rows = 0;
  readonly #blocks: Block[] = [];

  /** `members`: how many members the split has; `int64`: labels as int64, else uint8. */
  constructor(
    readonly members: number,
    readonly int64: boolean,
  ) {}

  /**
   * Writes the rows of member `member` (its index in the split's order); `maxRows` bounds how many
   * it can hold (e.g. its byte size / 3072), to size the buffer.
   */
  async add(member: number, runs: AsyncIterable<CifarRows>, maxRows: number): Promise<void> {
    if (this.#x.length === 0) this.#grow(maxRows * this.members);
    const block: Block = { member, start: this.#rows, n: 0, labels: [] };
    this.#blocks.push(block);
    for await (const run of runs) {
      const k = run.labels.length;
      if ((this.#rows + k) * PIXELS > this.#x.length)
        this.#grow(Math.max(2 * (this.#x.length / PIXELS), this.#rows + k));
      for (let r = 0; r < k; r++) {
        planarToHwc(run.src, run.base + r * run.stride, this.#x, (this.#rows + r) * PIXELS);
        block.labels.push(run.labels[r]!);
      }
      this.#rows += k;
      block.n += k;
    }
  }

  /** The split, members in order: x `(n, 32, 32, 3)` uint8 (a view), y `(n, 1)` uint8 or int64. */
  finish(): DataSplit {
    const blocks = [...this.#blocks].sort((a, b) => a.member - b.member);
    const n = this.#rows;
    const x = this.#inOrder(blocks).subarray(0, n * PIXELS);
    const labels = blocks.flatMap((b) => b.labels);
    const y = this.int64 ? BigInt64Array.from(labels, (l) => BigInt(l)) : Uint8Array.from(labels);
    return {
      x: { dtype: 'uint8', shape: [n, 32, 32, 3], data: x },
      y: { dtype: this.int64 ? 'int64' : 'uint8', shape: [n, 1], data: y } as Tensor,
    };
  }

  /** The buffer with the blocks moved into member order (in place when they are alike). */
  #inOrder(sorted: readonly Block[]): Uint8Array {
    const arrived = this.#blocks;
    if (arrived.every((b, i) => b === sorted[i])) return this.#x;
    const size = sorted[0]!.n;
    if (!sorted.every((b) => b.n === size)) {
      // members of different sizes: copied in order into a new buffer
      const out = new Uint8Array(this.#rows * PIXELS);
      let at = 0;
      for (const b of sorted) {
        out.set(this.#x.subarray(b.start * PIXELS, (b.start + b.n) * PIXELS), at);
        at += b.n * PIXELS;
      }
      return out;
    }
    // equal sizes: block i of the buffer holds member arrived[i].member; follow each cycle with one
    // block of scratch
    const bytes = size * PIXELS;
    const rank = arrived.map((b) => sorted.indexOf(b));
    const slotOf = new Map(rank.map((r, slot) => [r, slot]));
    const scratch = new Uint8Array(bytes);
    for (let start = 0; start < rank.length; start++) {
      if (rank[start] === start) continue;
      scratch.set(this.#x.subarray(start * bytes, (start + 1) * bytes));
      const parked = rank[start]!;
      let hole = start;
      while (hole !== parked) {
        const from = slotOf.get(hole)!;
        this.#x.copyWithin(hole * bytes, from * bytes, (from + 1) * bytes);
        rank[hole] = hole;
        hole = from;
      }
      this.#x.set(scratch, hole * bytes);
      rank[hole] = hole;
    }
    return this.#x;
  }

  #grow(rows: number): void {
    const x = new Uint8Array(rows * PIXELS);
    x.set(this.#x.subarray(0, this.#rows * PIXELS));
    this.#x = x;
  }
}
