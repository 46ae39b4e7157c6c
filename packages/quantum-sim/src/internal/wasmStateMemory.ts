import type { adjointStep1 } from './adjointKernels.js';
import { compileWasm, instantiateWasm } from './compileWasm.js';
import {
  DIAGONAL_SUMS,
  FOLD_BLOCK_QUBITS,
  FOLD_SCRATCH,
  type offDiagonalSums,
} from './momentKernels.js';
import type { LinearPermutation } from './permutationKernel.js';
import { STATE_KERNELS_WASM } from './stateKernelsWasm.generated.js';

const PAGE = 65_536;
/** Qubits of the largest state a memory can hold: 16·2^27 bytes are {@link MAX_BYTES}. */
const MAX_QUBITS = 27;
/**
 * The first bytes of every memory: where `adjoint1` writes its 8 numbers (bytes 0…63),
 * `offDiagonals` its 16 (bytes 0…127) and `diagonals` its 8 per qubit (from byte 128).
 */
const DIAGONALS_AT = 128;
/** Views start on cache-line boundaries. */
const ALIGN = 64;
/** The largest read-out `zWeights` folds: half its state fits its scratch. */
const ZWEIGHTS_MAX_QUBITS = 12;
/**
 * Where `zWeights` folds: a scratch in the header rather than an allocation, so that a read-out
 * (often the first call, before any gradient) takes none of the room the caller sized.
 */
const WEIGHTS_AT = Math.ceil((DIAGONALS_AT + 8 * DIAGONAL_SUMS * MAX_QUBITS) / ALIGN) * ALIGN;
const HEADER = WEIGHTS_AT + 8 * 2 ** (ZWEIGHTS_MAX_QUBITS - 1);
/** The largest memory this module asks for (well inside wasm32's 4 GiB). */
const MAX_BYTES = 2 ** 31;

/** The functions of stateKernels.wat (described there); addresses are byte offsets. */
interface StateKernelExports {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  apply1(
    s: number,
    n: number,
    t: number,
    cmask: number,
    ...m: [number, number, number, number, number, number, number, number]
  ): void;
  anti1(
    s: number,
    n: number,
    t: number,
    cmask: number,
    ...m: [number, number, number, number]
  ): void;
  adjoint1(s: number, l: number, n: number, t: number, cmask: number): void;
  diagonals(s: number, l: number, scratch: number, n: number, k: number): void;
  offDiagonals(s: number, l: number, n: number, a: number, b: number): void;
  zWeights(s: number, z: number, n: number): void;
  contractOuter(t: number, p: number, out: number, outer: number, inner: number): void;
  contractInner(t: number, p: number, out: number, outer: number, inner: number): void;
  diagonalTimes(s: number, l: number, n: number, first: number): void;
  gather(
    s: number,
    out: number,
    lo: number,
    hi: number,
    loBits: number,
    hiSize: number,
    bytes: number,
  ): void;
}

/** Every live memory by its buffer. */
const byBuffer = new WeakMap<ArrayBufferLike, WasmStateMemory>();

/**
 * A WebAssembly memory holding state vectors, with the SIMD kernels of stateKernels.wat that
 * work on them in place. {@link allocate} hands out `Float64Array` views of it, so the JavaScript
 * kernels work on the same arrays; {@link wasmMemoryOf} tells whether an array is such a view.
 * The memory is sized once and never grows (growing would detach the views). One per compiled
 * circuit, so every worker thread has its own.
 */
export class WasmStateMemory {
  readonly #kernels: StateKernelExports;
  readonly #buffer: ArrayBuffer;
  /** The 8 numbers `adjoint1` writes. */
  readonly #w: Float64Array;
  /** The 16 numbers `offDiagonals` writes. */
  readonly #off: Float64Array;
  /** The numbers `diagonals` writes. */
  readonly #diagonals: Float64Array;
  /** The numbers `zWeights` writes and `diagonalTimes` reads. */
  readonly #perQubit: Float64Array;
  #next = HEADER;
  /** Byte offsets of each permutation's tables (lo, then hi), copied in on first use. */
  readonly #tables = new Map<LinearPermutation, number>();
  /** The gathers' scratch state (allocated on first use). */
  #scratch: Float64Array | undefined;
  /** The scratch of `diagonals` (allocated on first use). */
  #foldScratch: Float64Array | undefined;

  private constructor(module: object, bytes: number) {
    this.#kernels = instantiateWasm(module, {}) as StateKernelExports;
    const pages = Math.ceil((HEADER + bytes) / PAGE) - 1;
    if (pages > 0) this.#kernels.memory.grow(pages);
    this.#buffer = this.#kernels.memory.buffer;
    this.#w = new Float64Array(this.#buffer, 0, 8);
    this.#off = new Float64Array(this.#buffer, 0, 16);
    this.#diagonals = new Float64Array(this.#buffer, DIAGONALS_AT, DIAGONAL_SUMS * MAX_QUBITS);
    this.#perQubit = new Float64Array(this.#buffer, 0, MAX_QUBITS + 1);
    byBuffer.set(this.#buffer, this);
  }

  /**
   * A memory with room for `bytes` of views, or undefined when the engine cannot run the
   * kernels, the size is beyond what this module asks for (2 GiB), or the engine cannot reserve
   * it (the callers then use ordinary arrays and the JavaScript kernels).
   */
  static create(bytes: number): WasmStateMemory | undefined {
    const module = HEADER + bytes > MAX_BYTES ? null : compileWasm(STATE_KERNELS_WASM);
    if (module === null) return undefined;
    try {
      return new WasmStateMemory(module, bytes);
    } catch (error) {
      if (error instanceof RangeError) return undefined;
      throw error;
    }
  }

  /** A zeroed view of `count` numbers, or undefined when the rest of the memory is too small. */
  allocate(count: number): Float64Array | undefined {
    const start = this.#reserve(count * 8);
    return start === undefined ? undefined : new Float64Array(this.#buffer, start, count);
  }

  /** The byte offset of `bytes` zeroed bytes, or undefined when the rest is too small. */
  #reserve(bytes: number): number | undefined {
    const start = this.#next;
    if (start + bytes > this.#buffer.byteLength) return undefined;
    this.#next = Math.ceil((start + bytes) / ALIGN) * ALIGN;
    return start;
  }

  /** The WebAssembly memory itself, for kernel modules that import it (realWasmKernels.ts). */
  get memory(): object {
    return this.#kernels.memory;
  }

  /** Whether `a` is a view of this memory. */
  holds(a: Float64Array): boolean {
    return a.buffer === this.#buffer;
  }

  /** `apply1` of singleQubitKernels.ts on a view `s` of this memory. */
  apply1(s: Float64Array, n: number, t: number, cmask: number, m: Float64Array): void {
    this.#kernels.apply1(
      s.byteOffset,
      n,
      t,
      cmask,
      m[0]!,
      m[1]!,
      m[2]!,
      m[3]!,
      m[4]!,
      m[5]!,
      m[6]!,
      m[7]!,
    );
  }

  /** `applyAnti1` of singleQubitKernels.ts on a view `s` of this memory. */
  anti1(s: Float64Array, n: number, t: number, cmask: number, m: Float64Array): void {
    this.#kernels.anti1(s.byteOffset, n, t, cmask, m[2]!, m[3]!, m[4]!, m[5]!);
  }

  /**
   * `adjointStep1` of adjointKernels.ts, on views `s` and `l` of this memory: W from ψ and λ,
   * then λ ← uλ (and ψ ← uψ when undone) by the 2×2 kernel, with the JS kernel's products.
   */
  adjoint1(...[s, l, shape, u, w]: Parameters<typeof adjointStep1>): void {
    this.#kernels.adjoint1(s.byteOffset, l.byteOffset, shape.n, shape.t, shape.cmask);
    w.set(this.#w);
    this.apply1(l, shape.n, shape.t, shape.cmask, u);
    if (shape.undoPsi) this.apply1(s, shape.n, shape.t, shape.cmask, u);
  }

  /**
   * `diagonalSums` of momentKernels.ts on views `s` and `l` (states of `n` qubits) of this memory,
   * with a scratch of its own: false, `out` untouched, when there is no room for it.
   */
  diagonalSums(s: Float64Array, l: Float64Array, n: number, out: Float64Array): boolean {
    this.#foldScratch ??= this.allocate(FOLD_SCRATCH);
    if (this.#foldScratch === undefined) return false;
    const k = Math.min(n, FOLD_BLOCK_QUBITS);
    this.#kernels.diagonals(s.byteOffset, l.byteOffset, this.#foldScratch.byteOffset, n, k);
    out.set(this.#diagonals.subarray(0, DIAGONAL_SUMS * n));
    return true;
  }

  /**
   * The folds of a ⟨Z_q⟩ read-out of the interleaved complex view `s` (n ≥ 1 qubits), as
   * diagonalReadout.ts's `foldHalves` of |ψ|² computes them: qubit q's upper-half weight into
   * `upper[q]`; returns the total, or undefined (`upper` untouched) past
   * {@link ZWEIGHTS_MAX_QUBITS}.
   */
  zWeights(s: Float64Array, n: number, upper: Float64Array): number | undefined {
    if (n > ZWEIGHTS_MAX_QUBITS) return undefined;
    this.#kernels.zWeights(s.byteOffset, WEIGHTS_AT, n);
    upper.set(this.#perQubit.subarray(0, n));
    return this.#perQubit[n]!;
  }

  /**
   * λ = d ⊙ ψ on views `s` and `lambda` (n ≥ 1 qubits, interleaved complex) for the diagonal
   * d_0 = `first`, d_{j + 2^q} = d_j − 2·`coefficients[q]` (diagonalReadout.ts's doubling).
   */
  diagonalTimes(options: {
    s: Float64Array;
    lambda: Float64Array;
    n: number;
    first: number;
    coefficients: Float64Array;
  }): void {
    const { s, lambda, n, first, coefficients } = options;
    for (let q = 0; q < n; q++) this.#perQubit[q] = 2 * coefficients[q]!;
    this.#kernels.diagonalTimes(s.byteOffset, lambda.byteOffset, n, first);
  }

  /**
   * `out` = the contraction of the tensor `t` (outer × inner complex entries) with `p` over its
   * outer (`over: 'outer'`, `out` inner long) or inner index (productState.ts's contractOuter
   * and contractInner), all three views of this memory.
   */
  contract(options: {
    t: Float64Array;
    p: Float64Array;
    out: Float64Array;
    shape: readonly [number, number];
    over: 'outer' | 'inner';
  }): void {
    const { t, p, out, shape, over } = options;
    const kernel = over === 'outer' ? this.#kernels.contractOuter : this.#kernels.contractInner;
    kernel(t.byteOffset, p.byteOffset, out.byteOffset, shape[0], shape[1]);
  }

  /** `offDiagonalSums` of momentKernels.ts on views `s` and `l` of this memory. */
  offDiagonalSums(...[s, l, { n, a, b }, out]: Parameters<typeof offDiagonalSums>): void {
    this.#kernels.offDiagonals(s.byteOffset, l.byteOffset, n, a, b);
    out.set(this.#off);
  }

  /**
   * `gatherPermutation` of permutationKernel.ts on a view `s` of this memory (a state of `n`
   * qubits): false, with `s` untouched, when the memory has no room left for the permutation's
   * tables or a state-sized scratch (the caller then gathers in JavaScript).
   */
  gather(s: Float64Array, n: number, permutation: LinearPermutation): boolean {
    const bytes = 16 << n;
    if (this.#scratch === undefined || this.#scratch.length < 2 << n) {
      const scratch = this.allocate(2 << n);
      if (scratch === undefined) return false;
      this.#scratch = scratch;
    }
    const tables = this.#tables.get(permutation) ?? this.#place(permutation);
    if (tables === undefined) return false;
    const { lo, hi, loBits } = permutation;
    const hiTable = tables + 4 * lo.length;
    this.#kernels.gather(
      s.byteOffset,
      this.#scratch.byteOffset,
      tables,
      hiTable,
      loBits,
      hi.length,
      bytes,
    );
    return true;
  }

  /** Copies a permutation's tables in, as byte offsets of amplitudes (16 per index). */
  #place(permutation: LinearPermutation): number | undefined {
    const { lo, hi } = permutation;
    const start = this.#reserve(4 * (lo.length + hi.length));
    if (start === undefined) return undefined;
    const view = new Int32Array(this.#buffer, start, lo.length + hi.length);
    for (let i = 0; i < lo.length; i++) view[i] = lo[i]! << 4;
    for (let i = 0; i < hi.length; i++) view[lo.length + i] = hi[i]! << 4;
    this.#tables.set(permutation, start);
    return start;
  }
}

/** The memory `a` is a view of, if it is one of a {@link WasmStateMemory}. */
export function wasmMemoryOf(a: Float64Array): WasmStateMemory | undefined {
  return byBuffer.get(a.buffer);
}
