import { createRng } from '@qstore/core';
import { describe, expect, it } from 'vitest';
import { Circuit } from '../circuit.js';
import { type BaseGate, baseDerivative } from '../gateMatrices.js';
import { composeStep, fusionScratch } from './fusionPlan.js';
import { Program } from './program.js';
import { RunColumn } from './runColumn.js';

const GATES = ['rx', 'ry', 'rz', 'p', 'u', 'h', 's', 'sx'] as const;

describe('RunColumn', () => {
  it("should give column 0 of composeStep's derivative matrix to the bit, for runs of 1 to 5 gates", () => {
    const rng = createRng(11);
    const column = new RunColumn();
    const out = new Float64Array(4);
    const derivative = new Float64Array(8);
    const composed = new Float64Array(8);
    let checked = 0;
    for (let trial = 0; trial < 60; trial++) {
      const length = 1 + (trial % 5);
      const circuit = new Circuit(1);
      for (let g = 0; g < length; g++) {
        const gate = rng.choice([...GATES]);
        const angle = () => rng.normal() * 3;
        if (gate === 'u') circuit.u(0, [angle(), angle(), angle()]);
        else circuit.gate(gate, [0], ['h', 's', 'sx'].includes(gate) ? [] : [angle()]);
      }
      const program = new Program(circuit.toIR());
      const step = program.steps[0]!;
      const run = step.runs[0]!;
      expect(run.length).toBe(length);
      column.prepare(run);
      run.forEach((op, position) => {
        for (let k = 0; k < op.exprs.length; k++) {
          baseDerivative(op.base as BaseGate, op.values, k, derivative);
          composeStep(step, composed, fusionScratch(), { op, matrix: derivative });
          column.derivative(run, position, derivative, out);
          expect([...out]).toStrictEqual([composed[0], composed[1], composed[4], composed[5]]);
          checked++;
        }
      });
    }
    expect(checked).toBeGreaterThan(60);
  });
});
