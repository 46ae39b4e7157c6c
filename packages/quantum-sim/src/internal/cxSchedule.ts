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
 * Up to this many qubits CNOT blocks are gathered (the gather's reads jump around the state; it
 * was measured faster while the state fits the L2 cache).
 */
export const CX_BLOCK_MAX_QUBITS = 14;

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
 * CNOTs as {@link CxBlock}s. A single-qubit run moves ahead of the CNOTs before it that do not
 * touch its qubit, so that the CNOTs of an entangling layer end up next to each other. CNOTs only
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
    const mask = qubitMask(steps[i]!);
    for (let p = order.length - 1; p > 0; p--) {
      const before = steps[order[p - 1]!]!;
      if (!isCx(before) || (qubitMask(before) & mask) !== 0) break;
      [order[p - 1], order[p]] = [order[p]!, order[p - 1]!];
    }
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
