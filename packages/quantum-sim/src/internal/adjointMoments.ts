import type { Scheduled } from './cxSchedule.js';
import type { Step } from './fusionPlan.js';
import {
  DIAGONAL_SUMS,
  diagonalSums,
  FOLD_SCRATCH,
  momentW,
  offDiagonalSums,
} from './momentKernels.js';
import type { WasmStateMemory } from './wasmStateMemory.js';

/**
 * A moment of the adjoint sweep: consecutive single-qubit, uncontrolled steps of the schedule on
 * distinct qubits, at least two of them with parameters. For a member on qubit q, W (the 2×2
 * reduced matrix Tr_{¬q} |ψ⟩⟨λ| right after it) is the same from the pair (ψ, λ) at the
 * moment's end: the later members act on other qubits, unitarily, on both, and the partial trace
 * over those qubits does not see them. So the forward pass keeps ψ at the end only, and the
 * backward sweep takes every member's W from that one pair ({@link MomentSums}), then undoes the
 * members.
 */
export interface Moment {
  /** Its steps (indices in the plan), in the order they are applied. */
  readonly members: readonly number[];
  /** Those of its steps with parameters, at least two. */
  readonly parametric: readonly number[];
  /** The qubits of {@link parametric}. */
  readonly qubits: readonly number[];
}

/** An entry of the backward sweep: a scheduled step or CNOT block, or a {@link Moment}. */
export type SweepUnit = Scheduled | Moment;

/** Whether `unit` is a {@link Moment}. */
export const isMoment = (unit: SweepUnit): unit is Moment =>
  typeof unit !== 'number' && 'members' in unit;

/**
 * The schedule with its moments grouped: maximal runs of single-qubit, uncontrolled steps on
 * pairwise distinct qubits (a CNOT block, another step or a repeated qubit ends one). A run with
 * fewer than two steps with parameters stays as single steps: it has at most one W to compute.
 */
export function groupMoments(
  schedule: readonly Scheduled[],
  steps: readonly { readonly step: Step; readonly slots: readonly unknown[] }[],
): SweepUnit[] {
  const out: SweepUnit[] = [];
  let run: number[] = [];
  let used = 0;
  const flush = (): void => {
    const parametric = run.filter((i) => steps[i]!.slots.length > 0);
    const qubits = parametric.map((i) => steps[i]!.step.targets[0]!);
    if (parametric.length >= 2) out.push({ members: run, parametric, qubits });
    else out.push(...run);
    run = [];
    used = 0;
  };
  for (const entry of schedule) {
    const step = typeof entry === 'number' ? steps[entry]!.step : undefined;
    if (step === undefined || step.dim !== 2 || step.controlMask !== 0) {
      flush();
      out.push(entry);
      continue;
    }
    const bit = 1 << step.targets[0]!;
    if ((used & bit) !== 0) flush();
    run.push(entry as number);
    used |= bit;
  }
  flush();
  return out;
}

/**
 * The bracket sums of a moment from one pair (ψ, λ) of `n` qubits: the diagonals of every
 * qubit's W in one folding pass, then the off-diagonal sums of the members two qubits per pass
 * (about half the multiply-adds of a full W per member, and a quarter of the loads). On the SIMD
 * kernels of `memory` when ψ and λ are views of it (bit-identical to the JavaScript ones).
 */
export class MomentSums {
  readonly #n: number;
  readonly #memory: WasmStateMemory | undefined;
  readonly #diagonal: Float64Array;
  /** Per qubit, its 8 off-diagonal sums (of the qubits of the last {@link take}). */
  readonly #off: Float64Array;
  /** The 16 sums of one pass of two qubits. */
  readonly #pair = new Float64Array(16);
  readonly #shape = { n: 0, a: 0, b: 0 };
  /** Where {@link w} finds a qubit's off-diagonal sums. */
  readonly #at: { readonly off: Float64Array; o: number };
  /** The JavaScript fold's scratch (allocated on first use). */
  #scratch: Float64Array | undefined;

  constructor(n: number, memory: WasmStateMemory | undefined) {
    this.#n = n;
    this.#memory = memory;
    this.#diagonal = new Float64Array(DIAGONAL_SUMS * n);
    this.#off = new Float64Array(8 * n);
    this.#shape.n = n;
    this.#at = { off: this.#off, o: 0 };
  }

  /** Takes the sums of `qubits` (at least two, distinct) from ψ = `s` and λ = `l`. */
  take(s: Float64Array, l: Float64Array, qubits: readonly number[]): void {
    const wasm = this.#memory?.holds(s) && this.#memory.holds(l) ? this.#memory : undefined;
    if (!wasm?.diagonalSums(s, l, this.#n, this.#diagonal)) {
      this.#scratch ??= new Float64Array(FOLD_SCRATCH);
      diagonalSums(s, l, { n: this.#n, scratch: this.#scratch }, this.#diagonal);
    }
    for (let k = 0; k < qubits.length; k += 2) {
      const a = qubits[k]!;
      // An odd one out goes with another of the moment's qubits, its sums left unused.
      const b = k + 1 < qubits.length ? qubits[k + 1]! : qubits[0]!;
      const shape = this.#shape;
      shape.a = a;
      shape.b = b;
      if (wasm === undefined) offDiagonalSums(s, l, shape, this.#pair);
      else wasm.offDiagonalSums(s, l, shape, this.#pair);
      const [off, pair] = [this.#off, this.#pair];
      for (let e = 0; e < 8; e++) off[8 * a + e] = pair[e]!;
      if (k + 1 < qubits.length) for (let e = 0; e < 8; e++) off[8 * b + e] = pair[8 + e]!;
    }
  }

  /** Writes W of qubit `t` (one of the last {@link take}'s) into `w` (8 numbers). */
  w(t: number, w: Float64Array): void {
    this.#at.o = 8 * t;
    momentW(this.#diagonal, t, this.#at, w);
  }
}
