import type { LongWorkOptions } from './progress.js';
import type { Seed } from './rng.js';

/**
 * A quadratic unconstrained binary optimisation problem: minimise
 * `offset + Σ_i linear[i]·x_i + Σ_{i<j} Q_ij·x_i·x_j` over `x ∈ {0,1}^n`.
 */
export interface QuboProblem {
  readonly numVariables: number;
  /** `numVariables` diagonal coefficients. */
  readonly linear: Float64Array;
  /** Off-diagonal couplings with `i < j`. */
  readonly quadratic: readonly {
    readonly i: number;
    readonly j: number;
    readonly weight: number;
  }[];
  /** @default 0 */
  readonly offset?: number;
  /** Names of the variables, for reports. */
  readonly variableNames?: readonly string[];
}

/** The best assignment a solver found. */
export interface QuboSolution {
  /** One 0/1 entry per variable. */
  readonly assignment: Uint8Array;
  readonly energy: number;
  /** How many energies the solver evaluated. */
  readonly evaluations: number;
  /** Whether the solver proved the solution optimal (exact solvers). */
  readonly optimal: boolean;
}

/** Options every QUBO solver accepts. */
export interface QuboSolveOptions extends Pick<LongWorkOptions, 'signal'> {
  readonly seed?: Seed;
  /** Stop after this many milliseconds and return the best so far. */
  readonly timeLimitMs?: number;
}

/** A QUBO solver: exact, simulated annealing, tabu search, QAOA, or a user's own. */
export interface QuboSolver {
  readonly name: string;
  solve(problem: QuboProblem, options?: QuboSolveOptions): Promise<QuboSolution>;
}
