import type { Scheduled } from './cxSchedule.js';
import type { Step } from './fusionPlan.js';
import { DIAGONAL_SUMS, diagonalSums, momentW, offDiagonalSums } from './momentKernels.js';
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
  let qubits = 0;
  const flush = (): void => {
    const parametric = run.filter((i) => steps[i]!.slots.length > 0);
    if (parametric.length >= 2) out.push({ members: run, parametric });
    else out.push(...run);
    run = [];
    qubits = 0;
  };
  for (const entry of schedule) {
    const step = typeof entry === 'number' ? steps[entry]!.step : undefined;
    if (step === undefined || step.dim !== 2 || step.controlMask !== 0) {
      flush();
      out.push(entry);
      continue;
    }
    const bit = 1 << step.targets[0]!;
    if ((qubits & bit) !== 0) flush();
    run.push(entry as number);
    qubits |= bit;
  }
  flush();
  return out;
}

/**
 * The bracket sums of a moment from one pair (ψ, λ) of `n` qubits: the diagonals of every
 * qubit's W in one folding pass, then the two off-diagonal sums per member (half the
 * multiply-adds of a full W per member). On the SIMD kernels of `memory` when ψ and λ are views
 * of it (bit-identical to the JavaScript ones).
 */
export class MomentSums {
  readonly #n: number;
  readonly #memory: WasmStateMemory | undefined;
  readonly #diagonal: Float64Array;
  readonly #off = new Float64Array(8);
  readonly #shape: { n: number; t: number };
  /** The JavaScript fold's scratch (allocated on first use). */
  #scratch: Float64Array | undefined;

  constructor(n: number, memory: WasmStateMemory | undefined) {
    this.#n = n;
    this.#memory = memory;
    this.#diagonal = new Float64Array(DIAGONAL_SUMS * n);
    this.#shape = { n, t: 0 };
  }

  /** Takes the diagonal sums of every qubit from ψ = `s` and λ = `l`. */
  diagonals(s: Float64Array, l: Float64Array): void {
    const wasm = this.#wasm(s, l);
    if (wasm?.diagonalSums(s, l, this.#n, this.#diagonal)) return;
    this.#scratch ??= new Float64Array(2 << this.#n);
    diagonalSums(s, l, { n: this.#n, scratch: this.#scratch }, this.#diagonal);
  }

  /** Writes W of qubit `t` into `w` (8 numbers), after {@link diagonals} of the same pair. */
  w(s: Float64Array, l: Float64Array, t: number, w: Float64Array): void {
    this.#shape.t = t;
    const wasm = this.#wasm(s, l);
    if (wasm === undefined) offDiagonalSums(s, l, this.#shape, this.#off);
    else wasm.offDiagonalSums(s, l, this.#shape, this.#off);
    momentW(this.#diagonal, t, this.#off, w);
  }

  #wasm(s: Float64Array, l: Float64Array): WasmStateMemory | undefined {
    return this.#memory?.holds(s) && this.#memory.holds(l) ? this.#memory : undefined;
  }
}
