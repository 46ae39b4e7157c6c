import type { CircuitIR, GateName, GateOperation, ParamValue } from '@qstore/core';
import { ValidationError } from '@qstore/core';
import { drawCircuit } from './drawCircuit.js';
import { circuitDepth } from './internal/circuitDepth.js';
import { invertOperation } from './internal/invertOperation.js';
import { SCOPE } from './internal/scope.js';
import { validateOperation } from './internal/validateOperation.js';

/** Options of a new {@link Circuit}. */
export interface CircuitOptions {
  /** Parameter names bound per sample (encoded features), in the order of an input row. @default [] */
  readonly inputs?: readonly string[];
  /**
   * Trainable parameter names in the order of the weight vector. Symbols used by gates that are
   * neither inputs nor listed here are appended in order of first use. @default []
   */
  readonly weights?: readonly string[];
}

/** Options of {@link Circuit.compose}. */
export interface ComposeOptions {
  /** Where qubit i of the other circuit lands in this one. @default identity */
  readonly qubits?: readonly number[];
}

/** A complex matrix as rows of `[re, im]` pairs. */
export type ComplexRows = readonly (readonly (readonly [number, number])[])[];

/**
 * A quantum circuit with named symbolic parameters. Qubit q is bit q of a basis-state index
 * (little-endian, as in Qiskit). Gate parameters are numbers or expressions such as `"theta"` or
 * `"2*x0 + pi/4"`; names listed in `inputs` are per-sample features, all others trainable weights.
 */
export class Circuit {
  /** Number of qubits. */
  readonly numQubits: number;
  readonly #operations: GateOperation[] = [];
  readonly #inputs: string[];
  readonly #weights: string[];

  constructor(numQubits: number, options: CircuitOptions = {}) {
    if (!Number.isInteger(numQubits) || numQubits < 1) {
      throw new ValidationError(
        'INVALID_ARGUMENT',
        `numQubits must be a positive integer, got ${numQubits}`,
        {
          scope: SCOPE,
        },
      );
    }
    this.numQubits = numQubits;
    this.#inputs = [...(options.inputs ?? [])];
    this.#weights = [...(options.weights ?? [])];
    const both = this.#weights.find((w) => this.#inputs.includes(w));
    if (both !== undefined) {
      throw new ValidationError(
        'INVALID_ARGUMENT',
        `parameter "${both}" is declared both as input and weight`,
        {
          scope: SCOPE,
        },
      );
    }
  }

  /** Builds a circuit from its serialisable form (validating every operation). */
  static fromIR(ir: CircuitIR): Circuit {
    const circuit = new Circuit(ir.numQubits, {
      inputs: ir.inputs ?? [],
      weights: ir.weights ?? [],
    });
    for (const op of ir.operations) circuit.append(op);
    return circuit;
  }

  /** The operations in order. */
  get operations(): readonly GateOperation[] {
    return this.#operations;
  }

  /** Input (per-sample) parameter names, in input-row order. */
  get inputs(): readonly string[] {
    return this.#inputs;
  }

  /** Trainable parameter names, in weight-vector order. */
  get weights(): readonly string[] {
    return this.#weights;
  }

  /** Appends a validated operation; new symbols that are not inputs become weights. */
  append(op: GateOperation): this {
    const symbols = validateOperation(op, this.numQubits);
    for (const name of symbols) {
      if (!this.#inputs.includes(name) && !this.#weights.includes(name)) this.#weights.push(name);
    }
    const params = op.params?.map((p) => (typeof p === 'string' ? p.trim() : p));
    this.#operations.push({
      gate: op.gate,
      qubits: [...op.qubits],
      ...(params === undefined || params.length === 0 ? {} : { params }),
      ...(op.matrix === undefined
        ? {}
        : { matrix: op.matrix.map((row) => row.map(([re, im]) => [re, im] as const)) }),
    });
    return this;
  }

  /** Appends gate `gate` on `qubits` with `params`. */
  gate(gate: GateName, qubits: readonly number[], params: readonly ParamValue[] = []): this {
    return this.append({ gate, qubits, params });
  }

  /** Identity. */ id(q: number): this {
    return this.gate('id', [q]);
  }
  /** Hadamard. */ h(q: number): this {
    return this.gate('h', [q]);
  }
  /** Pauli X. */ x(q: number): this {
    return this.gate('x', [q]);
  }
  /** Pauli Y. */ y(q: number): this {
    return this.gate('y', [q]);
  }
  /** Pauli Z. */ z(q: number): this {
    return this.gate('z', [q]);
  }
  /** S = √Z. */ s(q: number): this {
    return this.gate('s', [q]);
  }
  /** S†. */ sdg(q: number): this {
    return this.gate('sdg', [q]);
  }
  /** T = ⁴√Z. */ t(q: number): this {
    return this.gate('t', [q]);
  }
  /** T†. */ tdg(q: number): this {
    return this.gate('tdg', [q]);
  }
  /** √X. */ sx(q: number): this {
    return this.gate('sx', [q]);
  }
  /** √X†. */ sxdg(q: number): this {
    return this.gate('sxdg', [q]);
  }
  /** exp(−iθX/2). */ rx(q: number, theta: ParamValue): this {
    return this.gate('rx', [q], [theta]);
  }
  /** exp(−iθY/2). */ ry(q: number, theta: ParamValue): this {
    return this.gate('ry', [q], [theta]);
  }
  /** exp(−iθZ/2). */ rz(q: number, theta: ParamValue): this {
    return this.gate('rz', [q], [theta]);
  }
  /** diag(1, e^{iλ}). */ p(q: number, lambda: ParamValue): this {
    return this.gate('p', [q], [lambda]);
  }
  /** The general single-qubit gate U3(θ, φ, λ) given as `[theta, phi, lambda]`. */
  u(q: number, angles: readonly [ParamValue, ParamValue, ParamValue]): this {
    return this.gate('u', [q], angles);
  }
  /** Controlled X. */ cx(control: number, target: number): this {
    return this.gate('cx', [control, target]);
  }
  /** Controlled Y. */ cy(control: number, target: number): this {
    return this.gate('cy', [control, target]);
  }
  /** Controlled Z. */ cz(control: number, target: number): this {
    return this.gate('cz', [control, target]);
  }
  /** Controlled H. */ ch(control: number, target: number): this {
    return this.gate('ch', [control, target]);
  }
  /** SWAP. */ swap(a: number, b: number): this {
    return this.gate('swap', [a, b]);
  }
  /** iSWAP. */ iswap(a: number, b: number): this {
    return this.gate('iswap', [a, b]);
  }
  /** Controlled RX on `[control, target]`. */
  crx(qubits: readonly [number, number], theta: ParamValue): this {
    return this.gate('crx', qubits, [theta]);
  }
  /** Controlled RY on `[control, target]`. */
  cry(qubits: readonly [number, number], theta: ParamValue): this {
    return this.gate('cry', qubits, [theta]);
  }
  /** Controlled RZ on `[control, target]`. */
  crz(qubits: readonly [number, number], theta: ParamValue): this {
    return this.gate('crz', qubits, [theta]);
  }
  /** Controlled phase on `[control, target]`. */
  cp(qubits: readonly [number, number], lambda: ParamValue): this {
    return this.gate('cp', qubits, [lambda]);
  }
  /** exp(−iθ X⊗X/2). */
  rxx(qubits: readonly [number, number], theta: ParamValue): this {
    return this.gate('rxx', qubits, [theta]);
  }
  /** exp(−iθ Y⊗Y/2). */
  ryy(qubits: readonly [number, number], theta: ParamValue): this {
    return this.gate('ryy', qubits, [theta]);
  }
  /** exp(−iθ Z⊗Z/2). */
  rzz(qubits: readonly [number, number], theta: ParamValue): this {
    return this.gate('rzz', qubits, [theta]);
  }
  /** Toffoli on `[c1, c2, target]`. */ ccx(qubits: readonly [number, number, number]): this {
    return this.gate('ccx', qubits);
  }
  /** Fredkin on `[control, a, b]`. */ cswap(qubits: readonly [number, number, number]): this {
    return this.gate('cswap', qubits);
  }
  /** X on `target` controlled by all `controls`. */
  mcx(controls: readonly number[], target: number): this {
    return this.gate('mcx', [...controls, target]);
  }
  /** Z on `target` controlled by all `controls`. */
  mcz(controls: readonly number[], target: number): this {
    return this.gate('mcz', [...controls, target]);
  }
  /** A custom unitary (checked) on `qubits`; the first qubit is the most significant matrix index bit. */
  unitary(matrix: ComplexRows, qubits: readonly number[]): this {
    return this.append({ gate: 'unitary', qubits, matrix });
  }

  /** The inverse circuit: reversed order, each gate inverted (parameters negated symbolically). */
  inverse(): Circuit {
    const out = new Circuit(this.numQubits, { inputs: this.#inputs, weights: this.#weights });
    for (let i = this.#operations.length - 1; i >= 0; i--) {
      for (const op of invertOperation(this.#operations[i]!)) out.append(op);
    }
    return out;
  }

  /** A new circuit: this one followed by `other` (whose qubit i maps to `options.qubits[i]`). */
  compose(other: Circuit, options: ComposeOptions = {}): Circuit {
    const mapping = options.qubits ?? Array.from({ length: other.numQubits }, (_, i) => i);
    if (mapping.length !== other.numQubits) {
      throw new ValidationError(
        'INVALID_ARGUMENT',
        `compose: qubits must map all ${other.numQubits} qubits of the other circuit, got ${mapping.length}`,
        { scope: SCOPE },
      );
    }
    const out = new Circuit(this.numQubits, {
      inputs: [...new Set([...this.#inputs, ...other.inputs])],
      weights: [...new Set([...this.#weights, ...other.weights])].filter(
        (w) => !other.inputs.includes(w),
      ),
    });
    for (const op of this.#operations) out.append(op);
    for (const op of other.operations)
      out.append({ ...op, qubits: op.qubits.map((q) => mapping[q]!) });
    return out;
  }

  /** The number of layers when gates on disjoint qubits run in parallel. */
  depth(): number {
    return circuitDepth(this.numQubits, this.#operations);
  }

  /** How many times each gate occurs. */
  countOps(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const op of this.#operations) counts[op.gate] = (counts[op.gate] ?? 0) + 1;
    return counts;
  }

  /** A text drawing, one line per qubit. */
  draw(): string {
    return drawCircuit(this.toIR());
  }

  /** The serialisable form backends exchange. */
  toIR(): CircuitIR {
    return {
      numQubits: this.numQubits,
      operations: this.#operations.map((op) => ({ ...op })),
      inputs: [...this.#inputs],
      weights: [...this.#weights],
    };
  }
}
