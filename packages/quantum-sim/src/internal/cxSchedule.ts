import type { CircuitIR } from '@qstore/core';
import type { Step } from './fusionPlan.js';
import { type LinearPermutation, linearPermutation } from './permutationKernel.js';

/**
 * Consecutive CNOT steps applied as one permutation of the amplitudes (a gather each way instead
 * of one swap pass per CNOT).
 */
export interface CxBlock {
  /** Indices of its CNOT steps in the plan, in order. */
  readonly steps: readonly number[];
  /** out[j] = in[P⁻¹(j)]: the block applied. */
  readonly forward: LinearPermutation;
  /** out[i] = in[P(i)]: the block undone (P† = P⁻¹ for a permutation). */
  readonly backward: LinearPermutation;
}

/** A plan's step (its index) or a block of its CNOT steps. */
export type Scheduled = number | CxBlock;

/**
 * Up to this many qubits CNOT blocks are gathered. The gather's reads jump around the state: a
 * ring of n CNOTs measured 1.5–5× faster as one gather up to 18 qubits, but from 20 qubits as
 * often slower as faster.
 */
export const CX_BLOCK_MAX_QUBITS = 18;

/**
 * Room the WebAssembly gathers of a circuit's CNOT blocks take in its state memory: a scratch
 * state and the tables of every permutation (at most one block per two CNOTs in each of the
 * three schedules made per circuit — the forward plan with and without its product start and
 * the adjoint plan's — with a forward and a backward table pair each). 0 above
 * {@link CX_BLOCK_MAX_QUBITS}.
 */
export function gatherBytes(ir: CircuitIR): number {
  const n = ir.numQubits;
  if (n > CX_BLOCK_MAX_QUBITS) return 0;
  const cx = ir.operations.filter((op) => op.gate === 'cx').length;
  const tableBytes = 4 * ((1 << Math.ceil(n / 2)) + (1 << Math.floor(n / 2))) + 64;
  return (16 << n) + 64 + 3 * cx * tableBytes;
}

const isCx = (step: Step): boolean => step.core?.gate === 'cx' && step.runs.length === 0;
const isRun = (step: Step): boolean => step.core === undefined && step.controlMask === 0;

function qubitMask(step: Step): number {
  let mask = step.controlMask;
  for (const q of step.targets) mask |= 1 << q;
  return mask;
}

/** The map i ↦ P(i) of a sequence of CNOT steps (P: what the block does to basis states). */
function cxMap(steps: readonly Step[]): (index: number) => number {
  return (index) => {
    let i = index;
    for (const step of steps) if ((i & step.controlMask) !== 0) i ^= 1 << step.targets[0]!;
    return i;
  };
}

function block(steps: readonly Step[], indices: number[], numQubits: number): CxBlock {
  const cxs = indices.map((i) => steps[i]!);
  const reversed = [...cxs].reverse();
  return {
    steps: indices,
    // Each CNOT is its own inverse: P⁻¹ applies them in reverse order.
    forward: linearPermutation(numQubits, cxMap(reversed)),
    backward: linearPermutation(numQubits, cxMap(cxs)),
  };
}

/**
 * The order in which to apply a plan's steps (those `skip` marks left out), with runs of
 * CNOTs as {@link CxBlock}s. A single-qubit run moves ahead of the CNOTs right before it when
 * none of them touches its qubit, so that the CNOTs of an entangling layer end up together. CNOTs only
 * move amplitudes, so this changes no arithmetic: the results are the same to the last bit.
 */
export function scheduleSteps(
  steps: readonly Step[],
  numQubits: number,
  skip?: readonly boolean[],
): Scheduled[] {
  const order: number[] = [];
  for (let i = 0; i < steps.length; i++) {
    if (skip?.[i]) continue;
    order.push(i);
    if (!isRun(steps[i]!)) continue;
    // Ahead of the CNOTs right before it when none touches its qubit (only past all of them:
    // moving into the middle would split their block).
    const mask = qubitMask(steps[i]!);
    let p = order.length - 1;
    while (p > 0 && isCx(steps[order[p - 1]!]!) && (qubitMask(steps[order[p - 1]!]!) & mask) === 0)
      p--;
    if (p > 0 && isCx(steps[order[p - 1]!]!)) continue;
    order.splice(p, 0, order.pop()!);
  }
  if (numQubits > CX_BLOCK_MAX_QUBITS) return order;
  const out: Scheduled[] = [];
  let pending: number[] = [];
  const flush = (): void => {
    if (pending.length >= 2) out.push(block(steps, pending, numQubits));
    else out.push(...pending);
    pending = [];
  };
  for (const i of order) {
    if (isCx(steps[i]!)) {
      pending.push(i);
      continue;
    }
    flush();
    out.push(i);
  }
  flush();
  return out;
}
