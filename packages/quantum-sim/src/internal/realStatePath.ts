import type { Step } from './fusionPlan.js';
import { applyRealState1, applyRealState2, applyRealStateCxPair } from './realStateKernels.js';

/**
 * Chunks of 2^this real amplitudes (256 KiB) stay in the L2 cache: consecutive steps that touch
 * only lower qubits are applied chunk by chunk, in one pass over memory instead of one each.
 */
export const REAL_BLOCK_QUBITS = 15;

function applyRealStep(r: Float64Array, n: number, step: Step): void {
  const t = step.targets;
  const pair = step.cxPair;
  if (pair?.real) applyRealStateCxPair(r, n, t[0]!, t[1]!, pair.a, pair.b);
  else if (step.dim === 2) applyRealState1(r, n, t[0]!, step.controlMask, step.matrix);
  else applyRealState2(r, n, t[0]!, t[1]!, step.controlMask, step.matrix);
}

function highestQubit(step: Step): number {
  let q = 31 - Math.clz32(step.controlMask);
  for (const t of step.targets) q = Math.max(q, t);
  return q;
}

/**
 * Runs `steps` from |0…0⟩ on `n` qubits as a real state when every step is a real matrix (then
 * the state stays real): the 2^n real amplitudes live in the first half of `state`, which is
 * widened in place to the interleaved complex layout at the end. Returns false, leaving `state`
 * untouched, when some step is complex. Above `blockQubits` qubits, runs of steps on lower qubits
 * are applied chunk by chunk (cache blocking).
 */
export function runRealFromZero(
  steps: readonly Step[],
  n: number,
  state: Float64Array,
  blockQubits = REAL_BLOCK_QUBITS,
): boolean {
  for (const step of steps) if (!step.real) return false;
  const dim = 1 << n;
  const r = state.subarray(0, dim);
  r.fill(0);
  r[0] = 1;
  const block = blockQubits;
  for (let i = 0; i < steps.length; ) {
    let j = i;
    if (n > block) while (j < steps.length && highestQubit(steps[j]!) < block) j++;
    if (j - i < 2) {
      applyRealStep(r, n, steps[i]!);
      i++;
      continue;
    }
    for (let c = 0; c < dim; c += 1 << block) {
      const chunk = r.subarray(c, c + (1 << block));
      for (let k = i; k < j; k++) applyRealStep(chunk, block, steps[k]!);
    }
    i = j;
  }
  // Widen from the top down: amplitude i moves to 2i ≥ i, so nothing is overwritten before use.
  for (let i = dim - 1; i >= 0; i--) {
    state[2 * i] = state[i]!;
    state[2 * i + 1] = 0;
  }
  return true;
}
