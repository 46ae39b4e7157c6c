import type { Step } from './fusionPlan.js';
import type { ProgramOp } from './program.js';
import { type WasmStateMemory, wasmMemoryOf } from './wasmStateMemory.js';

/**
 * Which steps of a plan act on |0…0⟩ as a product state: the uncontrolled single-qubit runs that
 * are the first step to touch their qubit (e.g. an angle encoding fused with the first rotation
 * layer). Each commutes with every step before it (those act on other qubits), so all of them
 * can be applied first. None when fewer than two (one step alone is no cheaper as a product).
 * With `heads`, only runs whose first gate is in it (another plan's members, so that both plans
 * compute the very same state).
 */
export function productMembers(steps: readonly Step[], heads?: ReadonlySet<ProgramOp>): boolean[] {
  let touched = 0;
  let count = 0;
  const members = steps.map((step) => {
    let mask = step.controlMask;
    for (const q of step.targets) mask |= 1 << q;
    const member =
      step.core === undefined &&
      step.dim === 2 &&
      (touched & mask) === 0 &&
      (heads === undefined || heads.has(step.runs[0]![0]!));
    touched |= mask;
    if (member) count++;
    return member;
  });
  return count >= 2 ? members : members.map(() => false);
}

/** In place, p[0 … 2^(hi−lo)) ← ⊗_{q ∈ [lo, hi)} (a_q, b_q) (bit 0 = qubit lo) by doubling. */
function tensorProduct(p: Float64Array, columns: Float64Array, lo: number, hi: number): void {
  p[0] = 1;
  p[1] = 0;
  for (let q = lo; q < hi; q++) {
    const half = 1 << (q - lo);
    const ar = columns[4 * q]!,
      ai = columns[4 * q + 1]!,
      br = columns[4 * q + 2]!,
      bi = columns[4 * q + 3]!;
    for (let j = 0; j < half; j++) {
      const pr = p[2 * j]!,
        pi = p[2 * j + 1]!;
      p[2 * (j + half)] = pr * br - pi * bi;
      p[2 * (j + half) + 1] = pr * bi + pi * br;
      p[2 * j] = pr * ar - pi * ai;
      p[2 * j + 1] = pr * ai + pi * ar;
    }
  }
}

/** out[j] = Σ_h t[h·inner + j]·p[h] for j < inner, h < outer (complex, interleaved). */
function contractOuter(
  t: Float64Array,
  p: Float64Array,
  out: Float64Array,
  [outer, inner]: readonly [number, number],
): void {
  out.fill(0, 0, 2 * inner);
  for (let h = 0; h < outer; h++) {
    const pr = p[2 * h]!,
      pi = p[2 * h + 1]!;
    const base = 2 * h * inner;
    for (let j = 0; j < inner; j++) {
      const tr = t[base + 2 * j]!,
        ti = t[base + 2 * j + 1]!;
      out[2 * j] = out[2 * j]! + tr * pr - ti * pi;
      out[2 * j + 1] = out[2 * j + 1]! + tr * pi + ti * pr;
    }
  }
}

/** out[h] = Σ_j t[h·inner + j]·p[j] for h < outer, j < inner (complex, interleaved). */
function contractInner(
  t: Float64Array,
  p: Float64Array,
  out: Float64Array,
  [outer, inner]: readonly [number, number],
): void {
  for (let h = 0; h < outer; h++) {
    let accR = 0;
    let accI = 0;
    const base = 2 * h * inner;
    for (let j = 0; j < inner; j++) {
      const tr = t[base + 2 * j]!,
        ti = t[base + 2 * j + 1]!;
      const pr = p[2 * j]!,
        pi = p[2 * j + 1]!;
      accR += tr * pr - ti * pi;
      accI += tr * pi + ti * pr;
    }
    out[2 * h] = accR;
    out[2 * h + 1] = accI;
  }
}

/**
 * The contraction's buffers: the product of columns and one tensor per recursion depth. In λ's
 * WebAssembly memory (`memory` set) the SIMD kernels contract them.
 */
interface Buffers {
  readonly product: Float64Array;
  readonly levels: Float64Array[];
  readonly memory?: WasmStateMemory;
}

/** Buffers of `length` numbers in `memory`, or undefined when it has no room left. */
function wasmBuffers(memory: WasmStateMemory, length: number, depths: number): Buffers | undefined {
  const product = memory.allocate(length);
  const levels: Float64Array[] = [];
  for (let d = 0; d < depths; d++) {
    const level = memory.allocate(length);
    if (level === undefined) return undefined;
    levels.push(level);
  }
  return product === undefined ? undefined : { product, levels, memory };
}

/**
 * A plan's {@link productMembers}, handled without sweeping the state once per step.
 *
 * Forward: from |0…0⟩ those steps give ⊗_q v_q with v_q = U_q|0⟩, written in one O(2^n) pass;
 * the other steps follow in order.
 *
 * Backward: with λ after those steps (at the end of the sweep over the others), the gradient of a parameter θ of qubit q's step is
 * 2 Re Σ_b conj(F_q[b])·(∂U_q/∂θ)[b][0], where F_q is λ contracted with conj(v_p) on every other
 * qubit. Every F_q comes from one divide-and-conquer contraction (about two passes over λ),
 * instead of one adjoint step per qubit; λ itself is not propagated further.
 */
export class ProductStart {
  /** Per step of the plan, whether it is part of the product. */
  readonly members: readonly boolean[];
  /** How many steps form the product (0: none, the plan starts from |0…0⟩). */
  readonly count: number;
  readonly #steps: readonly Step[];
  readonly #numQubits: number;
  /** Per qubit, v_q (re/im of both entries); conjugated while contracting. */
  readonly #columns: Float64Array;
  /** Per qubit, F_q (4 numbers); valid after {@link contract}. */
  readonly environments: Float64Array;
  /** Buffers for λ outside a WebAssembly memory. */
  readonly #js: Buffers;
  /** Buffers in λ's WebAssembly memory; `js` when it had no room for them. */
  #wasm: Buffers | undefined;

  /** `heads`: see {@link productMembers}. */
  constructor(steps: readonly Step[], numQubits: number, heads?: ReadonlySet<ProgramOp>) {
    this.members = productMembers(steps, heads);
    this.count = this.members.filter(Boolean).length;
    this.#steps = steps;
    this.#numQubits = numQubits;
    this.#columns = new Float64Array(4 * numQubits);
    this.environments = new Float64Array(4 * numQubits);
    this.#js = { product: new Float64Array(2 << Math.ceil(numQubits / 2)), levels: [] };
  }

  /** The first gate of every member run. */
  get heads(): ReadonlySet<ProgramOp> {
    return new Set(this.#steps.filter((_, i) => this.members[i]).map((s) => s.runs[0]![0]!));
  }

  /** Reads v_q from the member steps' current matrices (column 0); |0⟩ for other qubits. */
  #readColumns(conjugate: boolean): void {
    const columns = this.#columns;
    columns.fill(0);
    for (let q = 0; q < this.#numQubits; q++) columns[4 * q] = 1;
    const sign = conjugate ? -1 : 1;
    for (let i = 0; i < this.#steps.length; i++) {
      if (!this.members[i]) continue;
      const { matrix, targets } = this.#steps[i]!;
      const q = targets[0]!;
      columns[4 * q] = matrix[0]!;
      columns[4 * q + 1] = sign * matrix[1]!;
      columns[4 * q + 2] = matrix[4]!;
      columns[4 * q + 3] = sign * matrix[5]!;
    }
  }

  /** Writes into `psi` (interleaved complex) the state the member steps give from |0…0⟩. */
  write(psi: Float64Array): void {
    this.#readColumns(false);
    tensorProduct(psi, this.#columns, 0, this.#numQubits);
  }

  /** Computes every F_q into {@link environments} from λ (interleaved complex) after the members. */
  contract(lambda: Float64Array): void {
    this.#readColumns(true);
    this.#split(lambda, [0, this.#numQubits], 0, this.#buffersFor(lambda));
  }

  /** The buffers to contract `lambda` with: in its WebAssembly memory if it has one and room. */
  #buffersFor(lambda: Float64Array): Buffers {
    const memory = wasmMemoryOf(lambda);
    if (memory === undefined) return this.#js;
    if (this.#wasm?.memory !== memory && this.#wasm !== this.#js) {
      // Depth d splits at most ⌈n / 2^d⌉ qubits; none below 2.
      const depths = Math.ceil(Math.log2(Math.max(this.#numQubits, 2)));
      this.#wasm = wasmBuffers(memory, this.#js.product.length, depths) ?? this.#js;
    }
    return this.#wasm!;
  }

  /** `t` holds a tensor on qubits [lo, hi) (bit 0 = qubit lo); writes F_q for those qubits. */
  #split(t: Float64Array, [lo, hi]: readonly [number, number], depth: number, b: Buffers): void {
    if (hi - lo === 1) {
      for (let k = 0; k < 4; k++) this.environments[4 * lo + k] = t[k]!;
      return;
    }
    const mid = lo + ((hi - lo) >> 1);
    const shape = [1 << (hi - mid), 1 << (mid - lo)] as const;
    b.levels[depth] ??= new Float64Array(b.product.length);
    const out = b.levels[depth]!;
    const p = b.product;
    // The SIMD kernels when all three are views of the memory (a level past `depths` is not).
    const memory = b.memory?.holds(t) && b.memory.holds(out) ? b.memory : undefined;
    // Keep the low qubits, contract the high ones; then the other way round.
    tensorProduct(p, this.#columns, mid, hi);
    if (memory) memory.contract({ t, p, out, shape, over: 'outer' });
    else contractOuter(t, p, out, shape);
    this.#split(out, [lo, mid], depth + 1, b);
    tensorProduct(p, this.#columns, lo, mid);
    if (memory) memory.contract({ t, p, out, shape, over: 'inner' });
    else contractInner(t, p, out, shape);
    this.#split(out, [mid, hi], depth + 1, b);
  }
}
