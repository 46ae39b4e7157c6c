import type { LongWorkOptions } from './progress.js';
import type { Seed } from './rng.js';

/** The gate vocabulary every quantum backend understands (OpenQASM 2 / qelib1 names where they exist). */
export const GATE_NAMES = [
  'id',
  'h',
  'x',
  'y',
  'z',
  's',
  'sdg',
  't',
  'tdg',
  'sx',
  'sxdg',
  'rx',
  'ry',
  'rz',
  'p',
  'u',
  'cx',
  'cy',
  'cz',
  'ch',
  'swap',
  'iswap',
  'crx',
  'cry',
  'crz',
  'cp',
  'rxx',
  'ryy',
  'rzz',
  'ccx',
  'cswap',
  'mcx',
  'mcz',
  'unitary',
] as const;

/** A gate name. */
export type GateName = (typeof GATE_NAMES)[number];

/**
 * A gate parameter: a number, or an expression over named parameters such as `"theta"` or
 * `"2*x0 + pi/4"`.
 */
export type ParamValue = number | string;

/** One gate applied to qubits. */
export interface GateOperation {
  readonly gate: GateName;
  /** Qubit indices; for controlled gates the controls come first, the target last. */
  readonly qubits: readonly number[];
  readonly params?: readonly ParamValue[];
  /**
   * For `unitary`: the matrix as rows of `[re, im]` pairs, 2^k × 2^k for k qubits. Row and column
   * indices read the gate's qubits with the first listed qubit as the most significant bit: for
   * `qubits: [a, b]`, index `2·bit(a) + bit(b)` (the textbook order of a matrix written for `a ⊗ b`).
   */
  readonly matrix?: readonly (readonly (readonly [number, number])[])[];
}

/**
 * A circuit in the serialisable form backends exchange. Parameters named in `inputs` are bound
 * per sample (encoded features); those in `weights` are trainable and shared by the batch.
 * Basis states are little-endian: qubit `q` is bit `q` of a basis-state index (as in Qiskit).
 */
export interface CircuitIR {
  readonly numQubits: number;
  readonly operations: readonly GateOperation[];
  readonly inputs?: readonly string[];
  readonly weights?: readonly string[];
}

/** One weighted Pauli product, e.g. 0.5 · Z0 Z1. An empty `ops` is the identity. */
export interface PauliTerm {
  readonly coefficient: number;
  readonly ops: readonly { readonly pauli: 'X' | 'Y' | 'Z'; readonly qubit: number }[];
}

/** A Hermitian observable as a weighted sum of Pauli products. */
export interface Observable {
  readonly terms: readonly PauliTerm[];
}

/** A batched execution: one circuit, one weight vector, `batchSize` input rows. */
export interface ExecuteRequest extends Pick<LongWorkOptions, 'signal'> {
  readonly circuit: CircuitIR;
  /** `batchSize × circuit.inputs.length`, row-major. */
  readonly inputs?: Float64Array;
  /** `circuit.weights.length` values. */
  readonly weights?: Float64Array;
  /** @default 1 */
  readonly batchSize?: number;
  readonly observables: readonly Observable[];
  /** Estimate expectations from this many shots instead of exactly. */
  readonly shots?: number;
  /** Seed of shot sampling and stochastic gradients. */
  readonly seed?: Seed;
  /**
   * A hint from a training loop: a `vjp` of this same request follows, so the backend may keep
   * what that `vjp` needs (e.g. the states of the forward pass) instead of computing it again.
   * Results must not depend on it beyond rounding. @default false
   */
  readonly keepForVjp?: boolean;
}

/** The expectation values of a batched execution. */
export interface ExecuteResult {
  /** `batchSize × observables.length`, row-major. */
  readonly expectations: Float64Array;
}

/** The gradient of `sum(upstream ⊙ expectations)` (a vector–Jacobian product). */
export interface VjpResult extends ExecuteResult {
  /** With respect to `weights`, summed over the batch. */
  readonly weightGradient: Float64Array;
  /** With respect to `inputs`, `batchSize × inputs.length`. */
  readonly inputGradient: Float64Array;
}

/** What a backend can do, so that callers pick a gradient method it supports. */
export interface BackendCapabilities {
  readonly maxQubits: number;
  readonly exactExpectations: boolean;
  readonly gradientMethods: readonly (
    | 'adjoint'
    | 'parameter-shift'
    | 'finite-difference'
    | 'spsa'
  )[];
  readonly noise: boolean;
}

/** Something that runs circuits: the local simulator, a remote device, a user's own backend. */
export interface QuantumBackend {
  readonly name: string;
  readonly capabilities: BackendCapabilities;
  execute(request: ExecuteRequest): Promise<ExecuteResult>;
  /** Forward pass plus the vector–Jacobian product for `upstream` (`batchSize × observables.length`). */
  vjp?(request: ExecuteRequest, upstream: Float64Array): Promise<VjpResult>;
  dispose?(): Promise<void> | void;
}
