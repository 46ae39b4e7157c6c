import type { GateOperation, ParamValue } from '@qstore/core';
import { ValidationError } from '@qstore/core';
import { expressionSymbols, parseExpression } from '../expression.js';
import { baseQubits } from '../gateMatrices.js';
import { GATE_SPECS } from '../gateSpecs.js';
import { SCOPE } from './scope.js';
import { classifyUnitaryInput } from './unitaryInput.js';

/** How many qubits a gate must act on, or undefined when any count ≥ 2 works (mcx, mcz). */
export function gateArity(op: Pick<GateOperation, 'gate' | 'matrix'>): number | undefined {
  const spec = GATE_SPECS[op.gate];
  if (spec.base === 'unitary') return undefined;
  if (spec.controls === 'variadic') return undefined;
  return spec.controls + baseQubits(spec.base);
}

function invalid(message: string, details: Record<string, unknown> = {}): never {
  throw new ValidationError('INVALID_ARGUMENT', message, { scope: SCOPE, details });
}

/**
 * Checks one gate operation against a circuit of `numQubits` qubits and returns the symbols its
 * parameters use. Throws `INVALID_QUBIT` (out of range, repeated), `INVALID_ARGUMENT`,
 * `NON_FINITE`, `PARSE_ERROR` or `NOT_UNITARY`.
 */
export function validateOperation(op: GateOperation, numQubits: number): string[] {
  const spec = GATE_SPECS[op.gate as keyof typeof GATE_SPECS];
  if (spec === undefined) invalid(`unknown gate "${String(op.gate)}"`, { gate: op.gate });
  const qubits = op.qubits;
  const arity = gateArity(op);
  if (spec.base === 'unitary') {
    classifyUnitaryInput(op.matrix, qubits.length);
  } else if (arity === undefined ? qubits.length < 2 : qubits.length !== arity) {
    invalid(
      `gate ${op.gate} expects ${arity ?? 'at least 2'} qubits, got ${qubits.length} (${qubits.join(', ')})`,
      { gate: op.gate },
    );
  }
  const seen = new Set<number>();
  for (const q of qubits) {
    if (!Number.isInteger(q) || q < 0 || q >= numQubits) {
      throw new ValidationError(
        'INVALID_QUBIT',
        `gate ${op.gate}: qubit ${q} is out of range; expected an integer in 0…${numQubits - 1}`,
        { scope: SCOPE, details: { gate: op.gate, qubit: q, numQubits } },
      );
    }
    if (seen.has(q)) {
      throw new ValidationError(
        'INVALID_QUBIT',
        `gate ${op.gate}: qubit ${q} is repeated in [${qubits.join(', ')}]; each qubit may appear once`,
        { scope: SCOPE, details: { gate: op.gate, qubit: q } },
      );
    }
    seen.add(q);
  }
  const params: readonly ParamValue[] = op.params ?? [];
  if (params.length !== spec.params) {
    invalid(`gate ${op.gate} expects ${spec.params} parameters, got ${params.length}`, {
      gate: op.gate,
    });
  }
  const symbols: string[] = [];
  for (const param of params) {
    if (typeof param === 'number') {
      if (!Number.isFinite(param)) {
        throw new ValidationError(
          'NON_FINITE',
          `gate ${op.gate}: parameter ${param} is not finite`,
          {
            scope: SCOPE,
          },
        );
      }
    } else if (typeof param === 'string') {
      expressionSymbols(parseExpression(param, { what: `parameter of ${op.gate}` }), symbols);
    } else {
      invalid(`gate ${op.gate}: a parameter must be a number or an expression string`);
    }
  }
  return symbols;
}
