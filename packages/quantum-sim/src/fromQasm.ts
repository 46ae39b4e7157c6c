import type { GateName, GateOperation, ParamValue } from '@qstore/core';
import { isQStoreError } from '@qstore/core';
import { Circuit } from './circuit.js';
import {
  type ExpressionNode,
  expressionSymbols,
  formatExpression,
  parseExpression,
  substituteExpression,
} from './expression.js';
import { compileExpression } from './internal/compileExpression.js';
import { QasmScanner } from './internal/qasmScanner.js';

/** Options of {@link fromQasm}. */
export interface FromQasmOptions {
  /** Free parameter names to treat as inputs (others become weights). @default from `// qstore:inputs` */
  readonly inputs?: readonly string[];
}

interface Builtin {
  readonly gate: GateName;
  readonly params: number;
  readonly qubits: number;
  /** Maps the QASM parameters to ours (u2 → u). */
  readonly map?: (p: readonly ExpressionNode[]) => ExpressionNode[];
}

const fixed = (gate: GateName, qubits: number, params = 0): Builtin => ({ gate, qubits, params });
const BUILTINS: Record<string, Builtin> = {
  ...Object.fromEntries(
    ['id', 'h', 'x', 'y', 'z', 's', 'sdg', 't', 'tdg', 'sx', 'sxdg'].map((g) => [
      g,
      fixed(g as GateName, 1),
    ]),
  ),
  ...Object.fromEntries(['rx', 'ry', 'rz', 'p'].map((g) => [g, fixed(g as GateName, 1, 1)])),
  u1: fixed('p', 1, 1),
  u: fixed('u', 1, 3),
  u3: fixed('u', 1, 3),
  U: fixed('u', 1, 3),
  u2: {
    gate: 'u',
    qubits: 1,
    params: 2,
    map: (p) => [{ kind: 'num', value: Math.PI / 2 }, p[0]!, p[1]!],
  },
  ...Object.fromEntries(
    ['cx', 'cy', 'cz', 'ch', 'swap', 'iswap'].map((g) => [g, fixed(g as GateName, 2)]),
  ),
  CX: fixed('cx', 2),
  ...Object.fromEntries(
    ['crx', 'cry', 'crz', 'cp', 'rxx', 'ryy', 'rzz'].map((g) => [g, fixed(g as GateName, 2, 1)]),
  ),
  cu1: fixed('cp', 2, 1),
  ccx: fixed('ccx', 3),
  cswap: fixed('cswap', 3),
  c3x: fixed('mcx', 4),
  c4x: fixed('mcx', 5),
};

interface Call {
  readonly name: string;
  readonly params: ExpressionNode[];
  readonly args: string[];
}

interface Definition {
  readonly params: string[];
  readonly qubits: string[];
  readonly body: Call[];
}

function parseParams(scanner: QasmScanner): ExpressionNode[] {
  if (scanner.peek() !== '(') return [];
  return scanner.parenthesised().map(({ text, offset }) => {
    try {
      return parseExpression(text, { what: 'parameter' });
    } catch (error) {
      // Positions are computed only here: the expression's error column is 1-based within it.
      if (!isQStoreError(error, 'PARSE_ERROR')) throw error;
      const column = Number(error.details.column ?? 1);
      const message = error.message.replace(/^\[qstore\] \[[^\]]*\] \d+:\d+: /, '');
      return scanner.fail(message, offset + column - 1);
    }
  });
}

function toParam(node: ExpressionNode): ParamValue {
  if (expressionSymbols(node).length > 0) return formatExpression(node);
  return compileExpression(node, [], () => 0).constant!;
}

/**
 * Reads OpenQASM 2.0: qelib1.inc gates (plus u1/u2/u3/U/CX/cu1/c3x/c4x), several `qreg`s
 * (concatenated), register broadcasting, `gate` definitions (expanded), parameters as
 * expressions. `measure` and `barrier` are skipped; `reset`, `if` and `opaque` are rejected.
 * Malformed text throws `FormatError` `PARSE_ERROR` with line and column.
 */
export function fromQasm(text: string, options: FromQasmOptions = {}): Circuit {
  const scanner: QasmScanner = new QasmScanner(text);
  const pragmas: string[] = [];
  const registers = new Map<string, { offset: number; size: number }>();
  const definitions = new Map<string, Definition>();
  const ops: { op: GateOperation; offset: number }[] = [];
  let numQubits = 0;

  const emit = (call: Call, qubits: number[], offset: number): void => {
    const definition = definitions.get(call.name);
    if (definition !== undefined) {
      if (
        call.params.length !== definition.params.length ||
        qubits.length !== definition.qubits.length
      ) {
        scanner.fail(
          `gate ${call.name} takes ${definition.params.length} parameters and ${definition.qubits.length} qubits`,
          offset,
        );
      }
      const bindings = new Map(definition.params.map((name, i) => [name, call.params[i]!]));
      for (const inner of definition.body) {
        const innerQubits = inner.args.map((arg) => qubits[definition.qubits.indexOf(arg)]!);
        emit(
          { ...inner, params: inner.params.map((p) => substituteExpression(p, bindings)) },
          innerQubits,
          offset,
        );
      }
      return;
    }
    const builtin = BUILTINS[call.name];
    if (builtin === undefined) scanner.fail(`unknown gate "${call.name}"`, offset);
    if (call.params.length !== builtin.params || qubits.length !== builtin.qubits) {
      scanner.fail(
        `gate ${call.name} takes ${builtin.params} parameters and ${builtin.qubits} qubits, got ${call.params.length} and ${qubits.length}`,
        offset,
      );
    }
    const params = (builtin.map?.(call.params) ?? call.params).map(toParam);
    ops.push({
      op: { gate: builtin.gate, qubits, ...(params.length > 0 ? { params } : {}) },
      offset,
    });
  };

  const argument = (): number[] => {
    const at = scanner.pos;
    const name = scanner.identifier();
    const register = registers.get(name);
    if (register === undefined) scanner.fail(`unknown register "${name}"`, at);
    if (!scanner.accept('['))
      return Array.from({ length: register.size }, (_, i) => register.offset + i);
    const index = scanner.integer();
    scanner.expect(']');
    if (index >= register.size)
      scanner.fail(`index ${index} is outside ${name}[${register.size}]`, at);
    return [register.offset + index];
  };

  const skipStatement = (): void => {
    while (!scanner.atEnd() && !scanner.accept(';')) scanner.pos++;
  };

  scanner.skip(pragmas);
  if (scanner.accept('OPENQASM')) {
    scanner.skip();
    const at = scanner.pos;
    const version = scanner.match(/[\d.]+/y)?.[0] ?? '';
    if (version !== '2.0' && version !== '2')
      scanner.fail(`only OpenQASM 2.0 is supported, got "${version}"`, at);
    scanner.pos += version.length;
    scanner.expect(';');
  }
  for (scanner.skip(pragmas); !scanner.atEnd(); scanner.skip(pragmas)) {
    const at = scanner.pos;
    const word = scanner.identifier();
    if (word === 'include') {
      scanner.skip();
      const file = scanner.match(/"([^"]*)"/y);
      if (file?.[1] !== 'qelib1.inc')
        scanner.fail('only include "qelib1.inc" is supported', scanner.pos);
      scanner.pos += file[0].length;
      scanner.expect(';');
    } else if (word === 'qreg' || word === 'creg') {
      const name = scanner.identifier();
      scanner.expect('[');
      const size = scanner.integer();
      scanner.expect(']');
      scanner.expect(';');
      if (word === 'qreg') {
        if (registers.has(name)) scanner.fail(`register "${name}" is declared twice`, at);
        registers.set(name, { offset: numQubits, size });
        numQubits += size;
      }
    } else if (word === 'gate') {
      const name = scanner.identifier();
      const params =
        scanner.peek() === '(' ? scanner.parenthesised().map((p) => p.text.trim()) : [];
      const qubits = [scanner.identifier()];
      while (scanner.accept(',')) qubits.push(scanner.identifier());
      scanner.expect('{');
      const body: Call[] = [];
      while (!scanner.accept('}')) {
        if (scanner.atEnd()) scanner.fail(`gate ${name}: missing "}"`, at);
        const innerAt = scanner.pos;
        const inner = scanner.identifier();
        if (inner === 'barrier') {
          skipStatement();
          continue;
        }
        const innerParams = parseParams(scanner);
        const args = [scanner.identifier()];
        while (scanner.accept(',')) args.push(scanner.identifier());
        scanner.expect(';');
        const unknown = args.find((a) => !qubits.includes(a));
        if (unknown !== undefined)
          scanner.fail(`gate ${name}: unknown qubit argument "${unknown}"`, innerAt);
        body.push({ name: inner, params: innerParams, args });
      }
      definitions.set(name, { params, qubits, body });
    } else if (word === 'measure' || word === 'barrier') {
      skipStatement();
    } else if (word === 'reset' || word === 'if' || word === 'opaque') {
      scanner.fail(`"${word}" is not supported by the state-vector importer`, at);
    } else {
      const params = parseParams(scanner);
      const args = [argument()];
      while (scanner.accept(',')) args.push(argument());
      scanner.expect(';');
      const width = Math.max(...args.map((a) => a.length));
      if (args.some((a) => a.length !== 1 && a.length !== width))
        scanner.fail('registers of different sizes in one statement', at);
      for (let i = 0; i < width; i++)
        emit(
          { name: word, params, args: [] },
          args.map((a) => a[a.length === 1 ? 0 : i]!),
          at,
        );
    }
  }
  if (numQubits === 0) scanner.fail('no qreg declared');
  const pragma = (key: string): string[] | undefined =>
    pragmas
      .find((p) => p.startsWith(`qstore:${key} `))
      ?.slice(key.length + 8)
      .split(',')
      .map((s) => s.trim());
  const circuit = new Circuit(numQubits, {
    inputs: options.inputs ?? pragma('inputs') ?? [],
    weights: pragma('weights') ?? [],
  });
  for (const { op, offset } of ops) {
    try {
      circuit.append(op);
    } catch (error) {
      if (!isQStoreError(error)) throw error;
      scanner.fail(error.message.replace(/^\[qstore\] \[[^\]]*\] /, ''), offset);
    }
  }
  return circuit;
}
