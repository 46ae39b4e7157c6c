import type { QuboProblem } from '@qstore/core';
import { expectQStoreError } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { Circuit } from './circuit.js';
import { CompiledCircuit } from './compiledCircuit.js';
import { qaoaLayers } from './qaoaLayers.js';
import { qaoaSolver } from './qaoaSolver.js';
import { quboEnergy, quboToIsing } from './quboToIsing.js';
import { simulate } from './simulate.js';

// Max-Cut of a 5-node ring with a chord, as a QUBO: minimise −Σ_(i,j) (x_i + x_j − 2 x_i x_j).
const edges = [
  [0, 1],
  [1, 2],
  [2, 3],
  [3, 4],
  [0, 4],
  [0, 2],
] as const;
const linear = new Float64Array(5);
for (const [i, j] of edges) {
  linear[i] = linear[i]! - 1;
  linear[j] = linear[j]! - 1;
}
const problem: QuboProblem = {
  numVariables: 5,
  linear,
  quadratic: edges.map(([i, j]) => ({ i, j, weight: 2 })),
  offset: 0.5,
};

function bruteForce(p: QuboProblem): number {
  let best = Number.POSITIVE_INFINITY;
  for (let k = 0; k < 2 ** p.numVariables; k++)
    best = Math.min(
      best,
      quboEnergy(
        p,
        Array.from({ length: p.numVariables }, (_, i) => (k >> i) & 1),
      ),
    );
  return best;
}

describe('quboToIsing', () => {
  it('should give the QUBO energy of every assignment as ⟨x|H|x⟩ + constant', () => {
    const { cost, constant } = quboToIsing(problem);
    for (let k = 0; k < 32; k++) {
      const x = Array.from({ length: 5 }, (_, i) => (k >> i) & 1);
      const basis = new Circuit(5);
      x.forEach((bit, q) => {
        if (bit) basis.x(q);
      });
      expect(simulate(basis).expectation(cost) + constant).toBeCloseTo(quboEnergy(problem, x), 12);
    }
  });
});

describe('qaoaSolver', () => {
  it('should lower ⟨C⟩ by gradient descent and return the optimum, reproducibly', async () => {
    const solver = qaoaSolver({ layers: 2, steps: 40, restarts: 2, shots: 256 });
    const solution = await solver.solve(problem, { seed: 4 });
    expect(solution.energy).toBe(bruteForce(problem));
    expect(quboEnergy(problem, solution.assignment)).toBe(solution.energy);
    expect(await solver.solve(problem, { seed: 4 })).toEqual(solution);
    const { cost } = quboToIsing(problem);
    const compiled = new CompiledCircuit(qaoaLayers({ numQubits: 5, cost, layers: 1 }));
    const observables = [cost];
    let weights = Float64Array.of(0.1, 0.1);
    const before = compiled.expectations({ weights, observables })[0]!;
    for (let step = 0; step < 30; step++) {
      const g = compiled.vjp({ weights, observables, upstream: Float64Array.of(1) }).weightGradient;
      weights = weights.map((w, k) => w - 0.1 * g[k]!);
    }
    expect(compiled.expectations({ weights, observables })[0]!).toBeLessThan(before - 0.5);
  });

  it('should reject malformed and oversized problems and aborted runs', async () => {
    const solver = qaoaSolver({ maxVariables: 4 });
    await expectQStoreError(() => solver.solve(problem), 'RESOURCE_LIMIT', /5 variables/);
    await expectQStoreError(
      () =>
        qaoaSolver().solve({
          numVariables: 2,
          linear: new Float64Array(2),
          quadratic: [{ i: 1, j: 0, weight: 1 }],
        }),
      'INVALID_ARGUMENT',
      /0 ≤ i < j/,
    );
    await expectQStoreError(
      () => qaoaSolver().solve(problem, { signal: AbortSignal.abort() }),
      'ABORTED',
    );
  });
});
