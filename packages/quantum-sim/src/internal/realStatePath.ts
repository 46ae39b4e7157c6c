import type { Step } from './fusionPlan.js';
import { applyRealState1, applyRealState2, applyRealStateCxPair } from './realStateKernels.js';

/**
 * Runs `steps` from |0…0⟩ on `n` qubits as a real state when every step is a real matrix (then
 * the state stays real): the 2^n real amplitudes live in the first half of `state`, which is
 * widened in place to the interleaved complex layout at the end. Returns false, leaving `state`
 * untouched, when some step is complex.
 */
export function runRealFromZero(steps: readonly Step[], n: number, state: Float64Array): boolean {
  for (const step of steps) if (!step.real) return false;
  const dim = 1 << n;
  const r = state.subarray(0, dim);
  r.fill(0);
  r[0] = 1;
  for (const step of steps) {
    const t = step.targets;
    const pair = step.cxPair;
    if (pair?.real) applyRealStateCxPair(r, n, t[0]!, t[1]!, pair.a, pair.b);
    else if (step.dim === 2) applyRealState1(r, n, t[0]!, step.controlMask, step.matrix);
    else applyRealState2(r, n, t[0]!, t[1]!, step.controlMask, step.matrix);
  }
  // Widen from the top down: amplitude i moves to 2i ≥ i, so nothing is overwritten before use.
  for (let i = dim - 1; i >= 0; i--) {
    state[2 * i] = state[i]!;
    state[2 * i + 1] = 0;
  }
  return true;
}
