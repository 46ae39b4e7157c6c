import type { QuboProblem, QuboSolution, QuboSolveOptions, QuboSolver } from '@qstore/core';
import { createRng, ResourceError, StateError } from '@qstore/core';
import { CompiledCircuit } from './compiledCircuit.js';
import { SCOPE } from './internal/scope.js';
import { qaoaLayers } from './qaoaLayers.js';
import { quboEnergy, quboToIsing } from './quboToIsing.js';
import { sampleCounts } from './sampleCounts.js';

/** Options of {@link qaoaSolver}. */
export interface QaoaSolverOptions {
  /** QAOA depth p. @default 2 */
  readonly layers?: number;
  /** Adam steps per restart. @default 80 */
  readonly steps?: number;
  /** Adam learning rate. @default 0.05 */
  readonly learningRate?: number;
  /** Independent random starts of the angles. @default 3 */
  readonly restarts?: number;
  /** Measurements sampled from the optimised state. @default 1024 */
  readonly shots?: number;
  /** Largest problem accepted (one qubit per variable). @default 22 */
  readonly maxVariables?: number;
}

/**
 * A `QuboSolver` by QAOA on the local simulator: the QUBO becomes an Ising cost, the angles
 * (γ, β per layer) minimise ⟨C⟩ by Adam on exact adjoint gradients from several seeded starts,
 * and the best of `shots` samples of the optimised state (plus its most likely bitstring) wins.
 */
export function qaoaSolver(options: QaoaSolverOptions = {}): QuboSolver {
  const layers = options.layers ?? 2;
  const steps = options.steps ?? 80;
  const rate = options.learningRate ?? 0.05;
  const restarts = options.restarts ?? 3;
  const shots = options.shots ?? 1024;
  const maxVariables = options.maxVariables ?? 22;
  return {
    name: 'qaoa',
    async solve(problem: QuboProblem, solveOptions: QuboSolveOptions = {}): Promise<QuboSolution> {
      const { cost } = quboToIsing(problem);
      const n = problem.numVariables;
      if (n > maxVariables) {
        throw new ResourceError(
          'RESOURCE_LIMIT',
          `QAOA simulates one qubit per variable; ${n} variables exceed the limit of ${maxVariables}`,
          {
            scope: SCOPE,
          },
        );
      }
      const deadline =
        solveOptions.timeLimitMs === undefined
          ? Number.POSITIVE_INFINITY
          : Date.now() + solveOptions.timeLimitMs;
      const compiled = new CompiledCircuit(qaoaLayers({ numQubits: n, cost, layers }));
      const rng = createRng(solveOptions.seed ?? 0);
      const observables = [cost];
      const upstream = Float64Array.of(1);
      let best = { value: Number.POSITIVE_INFINITY, weights: new Float64Array(2 * layers) };
      for (let restart = 0; restart < restarts && Date.now() < deadline; restart++) {
        const weights = Float64Array.from({ length: 2 * layers }, () => rng.uniform(0, 0.5));
        const m = new Float64Array(weights.length);
        const v = new Float64Array(weights.length);
        for (let step = 1; step <= steps && Date.now() < deadline; step++) {
          if (solveOptions.signal?.aborted)
            throw new StateError('ABORTED', 'QAOA was aborted', { scope: SCOPE });
          const { expectations, weightGradient } = compiled.vjp({ weights, observables, upstream });
          if (expectations[0]! < best.value)
            best = { value: expectations[0]!, weights: weights.slice() };
          weightGradient.forEach((g, k) => {
            m[k] = 0.9 * m[k]! + 0.1 * g;
            v[k] = 0.999 * v[k]! + 0.001 * g * g;
            const mHat = m[k]! / (1 - 0.9 ** step);
            const vHat = v[k]! / (1 - 0.999 ** step);
            weights[k] = weights[k]! - (rate * mHat) / (Math.sqrt(vHat) + 1e-8);
          });
        }
      }
      const amplitudes = compiled.state({ weights: best.weights });
      const probabilities = Float64Array.from(
        { length: 2 ** n },
        (_, i) => amplitudes[2 * i]! ** 2 + amplitudes[2 * i + 1]! ** 2,
      );
      const candidates = new Set(
        Object.keys(sampleCounts(probabilities, { shots, seed: rng.int(0, 2 ** 31) })).map((b) =>
          Number.parseInt(b, 2),
        ),
      );
      candidates.add(probabilities.indexOf(Math.max(...probabilities)));
      let assignment = new Uint8Array(n);
      let energy = Number.POSITIVE_INFINITY;
      for (const index of candidates) {
        const x = Uint8Array.from({ length: n }, (_, i) => (index >> i) & 1);
        const e = quboEnergy(problem, x);
        if (e < energy) {
          energy = e;
          assignment = x;
        }
      }
      return { assignment, energy, evaluations: candidates.size, optimal: false };
    },
  };
}
