import { ValidationError } from '@qstore/core';
import type { Circuit } from './circuit.js';
import { allocateState } from './internal/allocateState.js';
import { Program } from './internal/program.js';
import { SCOPE } from './internal/scope.js';
import { StateVector } from './stateVector.js';

/** Options of {@link simulate}. */
export interface SimulateOptions {
  /** A value for every input and weight the circuit uses, by name. @default {} */
  readonly params?: Readonly<Record<string, number>>;
  /** Start from this state instead of |0…0⟩ (e.g. amplitude-encoded data); it is not modified. */
  readonly initialState?: StateVector;
}

/** Runs a circuit once and returns its final state. For many runs, use `CompiledCircuit`. */
export function simulate(circuit: Circuit, options: SimulateOptions = {}): StateVector {
  const program = new Program(circuit.toIR());
  const params = options.params ?? {};
  const names = [...program.inputNames, ...program.weightNames];
  const env = Float64Array.from(names, (name) => {
    const value = params[name];
    if (value === undefined) {
      throw new ValidationError(
        'UNBOUND_PARAMETER',
        `parameter "${name}" has no value; pass it in params`,
        {
          scope: SCOPE,
          details: { parameter: name },
        },
      );
    }
    return value;
  });
  program.bind(env);
  const state = allocateState(circuit.numQubits);
  if (options.initialState === undefined) program.runFromZero(state);
  else {
    if (options.initialState.numQubits !== circuit.numQubits) {
      throw new ValidationError(
        'SHAPE_MISMATCH',
        `initial state has ${options.initialState.numQubits} qubits, the circuit ${circuit.numQubits}`,
        { scope: SCOPE },
      );
    }
    state.set(options.initialState.amplitudes);
    program.run(state);
  }
  return new StateVector(circuit.numQubits, state);
}
