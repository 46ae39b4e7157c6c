import type { Step } from './fusionPlan.js';
import { applyRealStateCxChain } from './realChainKernel.js';
import { applyRealState1, applyRealState2, applyRealStateCxPair } from './realStateKernels.js';

/**
 * Chunks of 2^this real amplitudes (256 KiB) stay in the L2 cache: consecutive steps that touch
 * only lower qubits are applied chunk by chunk, in one pass over memory instead of one each.
 */
export const REAL_BLOCK_QUBITS = 15;

/** From this many qubits two chained CNOT links share a sweep (measured: +10–16% from 10 qubits,
 * −8% at 8 and −35% at 6, where the four nested loops of the chain kernel are too short). */
export const CHAIN_MIN_QUBITS = 10;

/** Tuning knobs of {@link runRealFromZero} (tests set them to reach every path on few qubits). */
export interface RealPathTuning {
  readonly blockQubits?: number;
  readonly chainMinQubits?: number;
}

function isIdentity(m: Float64Array): boolean {
  return m[0] === 1 && m[2] === 0 && m[4] === 0 && m[6] === 1;
}

/**
 * Applies `steps[from..to)` to the real state `r` of `n` qubits; two real CNOT·(A⊗B) links that
 * chain (the second's control is the first's target and has no rotation of its own) share one
 * sweep. Returns the number of sweeps made.
 */
function applyRealSteps(
  r: Float64Array,
  n: number,
  steps: readonly Step[],
  [from, to, chain]: readonly [number, number, boolean],
): number {
  let sweeps = 0;
  for (let i = from; i < to; i++, sweeps++) {
    const step = steps[i]!;
    const t = step.targets;
    const pair = step.cxPair;
    if (pair?.real) {
      const next = i + 1 < to ? steps[i + 1]! : undefined;
      const nextPair = next?.cxPair;
      if (
        chain &&
        nextPair?.real &&
        next!.targets[0] === t[1] &&
        next!.targets[1] !== t[0] &&
        isIdentity(nextPair.a)
      ) {
        applyRealStateCxChain(r, n, [t[0]!, t[1]!, next!.targets[1]!], pair, nextPair);
        i++;
      } else applyRealStateCxPair(r, n, t[0]!, t[1]!, pair.a, pair.b);
    } else if (step.dim === 2) applyRealState1(r, n, t[0]!, step.controlMask, step.matrix);
    else applyRealState2(r, n, t[0]!, t[1]!, step.controlMask, step.matrix);
  }
  return sweeps;
}

function highestQubit(step: Step): number {
  let q = 31 - Math.clz32(step.controlMask);
  for (const t of step.targets) q = Math.max(q, t);
  return q;
}

/**
 * Runs `steps` from |0…0⟩ on `n` qubits as a real state when every step is a real matrix (then
 * the state stays real): the 2^n real amplitudes are left in the first half of `state`. Returns
 * the number of passes over the real state (besides the initial fill), or undefined, leaving
 * `state` untouched, when some step is complex. Above {@link REAL_BLOCK_QUBITS} qubits, runs of
 * steps on lower qubits are applied chunk by chunk (cache blocking).
 */
export function runRealState(
  steps: readonly Step[],
  n: number,
  state: Float64Array,
  tuning: RealPathTuning = {},
): number | undefined {
  for (const step of steps) if (!step.real) return undefined;
  const dim = 1 << n;
  const r = state.subarray(0, dim);
  r.fill(0);
  r[0] = 1;
  const block = tuning.blockQubits ?? REAL_BLOCK_QUBITS;
  const chain = n >= (tuning.chainMinQubits ?? CHAIN_MIN_QUBITS);
  let passes = 0;
  for (let i = 0; i < steps.length; ) {
    // The longest run of steps from i that are all on low qubits, or all not.
    const low = n > block && highestQubit(steps[i]!) < block;
    let j = i + 1;
    while (j < steps.length && (n > block && highestQubit(steps[j]!) < block) === low) j++;
    if (low && j - i > 1) {
      for (let c = 0; c < dim; c += 1 << block) {
        applyRealSteps(r.subarray(c, c + (1 << block)), block, steps, [i, j, chain]);
      }
      passes++;
    } else passes += applyRealSteps(r, n, steps, [i, j, chain]);
    i = j;
  }
  return passes;
}

/**
 * {@link runRealState}, then the real amplitudes are widened in place to the interleaved complex
 * layout. Returns the passes, or undefined (state untouched) when some step is complex.
 */
export function runRealFromZero(
  steps: readonly Step[],
  n: number,
  state: Float64Array,
  tuning: RealPathTuning = {},
): number | undefined {
  const passes = runRealState(steps, n, state, tuning);
  if (passes === undefined) return undefined;
  // Widen from the top down: amplitude i moves to 2i ≥ i, so nothing is overwritten before use.
  for (let i = (1 << n) - 1; i >= 0; i--) {
    state[2 * i] = state[i]!;
    state[2 * i + 1] = 0;
  }
  return passes;
}
