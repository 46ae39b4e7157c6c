import { expectQStoreError } from '@qstore/test-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxDistance, toComplex } from '../test/denseReference.js';
import { operationArbitrary } from '../test/randomCircuit.js';
import { Circuit } from './circuit.js';
import { fromQasm } from './fromQasm.js';
import { simulate } from './simulate.js';
import { toQasm } from './toQasm.js';

const params = { a: 0.7, x0: -1.3 };

describe('OpenQASM 2', () => {
  it('should preserve the state through export and import of random circuits', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc.array(
              operationArbitrary(n, ['a', 'x0']).filter(
                (op) => op.gate !== 'unitary' && op.qubits.length <= 5,
              ),
              { maxLength: 20 },
            ),
          ),
        ),
        ([n, ops]) => {
          const circuit = new Circuit(n, { inputs: ['x0'], weights: ['a'] });
          for (const op of ops) circuit.append(op);
          const back = fromQasm(toQasm(circuit));
          expect(back.inputs).toEqual(['x0']);
          expect(back.weights).toEqual(['a']);
          const before = toComplex(simulate(circuit, { params }).amplitudes);
          const after = toComplex(simulate(back, { params }).amplitudes);
          expect(maxDistance(before, after)).toBeLessThan(1e-12);
        },
      ),
      { numRuns: 150, seed: 17 },
    );
  });

  it('should read Qiskit-style files: registers, broadcast, u2/cu1, definitions, comments', () => {
    const text = [
      'OPENQASM 2.0;',
      'include "qelib1.inc";',
      '// a comment',
      'gate rot(theta, phi) a, b { rz(phi) a; cx a, b; ry(theta/2) b; barrier a, b; }',
      'qreg a[2];',
      'qreg b[1];',
      'creg c[3];',
      'h a;',
      'u2(0, pi) b[0];',
      'cu1(pi/4) a[0], b[0];',
      'rot(0.5, -pi/8) a[1], b[0];',
      'barrier a, b;',
      'measure a -> c[0];',
    ].join('\n');
    const circuit = fromQasm(text);
    expect(circuit.numQubits).toBe(3);
    expect(circuit.operations.map((op) => [op.gate, ...op.qubits])).toEqual([
      ['h', 0],
      ['h', 1],
      ['u', 2],
      ['cp', 0, 2],
      ['rz', 1],
      ['cx', 1, 2],
      ['ry', 2],
    ]);
    expect(circuit.operations[6]!.params).toEqual([0.25]);
    expect(circuit.operations[4]!.params).toEqual([-Math.PI / 8]);
  });

  it('should read a large file (20,000 parameterised gates) in one linear pass', () => {
    const lines = ['OPENQASM 2.0;', 'include "qelib1.inc";', 'qreg q[4];'];
    for (let i = 0; i < 20_000; i++)
      lines.push(`rz(${i % 7}*pi/16) q[${i % 4}];`, `cx q[${i % 4}],q[${(i + 1) % 4}];`);
    lines.push('rx(2*) q[0];');
    const text = lines.join('\n');
    expect(fromQasm(text.slice(0, text.lastIndexOf('\n'))).operations).toHaveLength(40_000);
    return expectQStoreError(() => fromQasm(text), 'PARSE_ERROR', /40004:6: invalid parameter/);
  });

  it('should report malformed QASM with line and column', async () => {
    const cases: [string, RegExp][] = [
      ['qreg q[2];\nfoo q[0];', /2:1: unknown gate "foo"/],
      ['qreg q[2];\nh q[0]\nx q[1];', /3:1: expected ";"/],
      ['qreg q[2];\nrx(2*) q[0];', /2:6: invalid parameter/],
      ['qreg q[2];\nh q[5];', /2:3: index 5 is outside q\[2\]/],
      ['qreg q[2];\nh r[0];', /2:3: unknown register "r"/],
      ['qreg q[2];\n  cx q[0], q[0];', /2:3: .*repeated/],
      ['OPENQASM 3.0;', /1:10: only OpenQASM 2.0/],
      ['qreg q[1];\nreset q[0];', /2:1: "reset" is not supported/],
      ['qreg q[1];\nrx(1, 2) q[0];', /takes 1 parameters/],
      ['include "other.inc";', /only include "qelib1.inc"/],
      ['h q[0];', /unknown register/],
    ];
    for (const [text, message] of cases)
      await expectQStoreError(() => fromQasm(text), 'PARSE_ERROR', message);
    await expectQStoreError(
      () =>
        toQasm(
          new Circuit(1).unitary(
            [
              [
                [0, 1],
                [0, 0],
              ],
              [
                [0, 0],
                [0, 1],
              ],
            ],
            [0],
          ),
        ),
      'INVALID_ARGUMENT',
    );
  });
});
