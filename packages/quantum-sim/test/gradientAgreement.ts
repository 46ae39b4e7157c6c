// Shared assertion of the gradient property tests: adjoint = parameter shift = finite differences.
import { expect } from 'vitest';
import type { CompiledCircuit } from '../src/compiledCircuit.js';
import { type GradientOptions, type GradientResult, gradient } from '../src/gradient.js';

/** The largest absolute difference of two equally long arrays (0 when empty). */
export const maxDiff = (a: Float64Array, b: Float64Array): number =>
  Math.max(0, ...a.map((v, i) => Math.abs(v - b[i]!)));

/**
 * Asserts that the adjoint gradient equals parameter shift and central finite differences to
 * 1e-9 (and the values to 1e-12); `afterAdjoint` runs right after the adjoint one (e.g. to check
 * which sweep it took). Returns the adjoint result.
 */
export function expectGradientsAgree(
  compiled: CompiledCircuit,
  options: GradientOptions,
  afterAdjoint?: () => void,
): GradientResult {
  const adjoint = gradient(compiled, options);
  afterAdjoint?.();
  const shift = gradient(compiled, { ...options, method: 'parameter-shift' });
  const fd = gradient(compiled, { ...options, method: 'finite-difference', step: 1e-5 });
  expect(maxDiff(adjoint.weights, shift.weights)).toBeLessThan(1e-9);
  expect(maxDiff(adjoint.inputs, shift.inputs)).toBeLessThan(1e-9);
  expect(maxDiff(adjoint.weights, fd.weights)).toBeLessThan(1e-9);
  expect(maxDiff(adjoint.inputs, fd.inputs)).toBeLessThan(1e-9);
  expect(Math.abs(adjoint.value - shift.value)).toBeLessThan(1e-12);
  return adjoint;
}
