import { createRng, type GateName } from '@qstore/core';
import { expectQStoreError } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { Circuit } from './circuit.js';
import { CompiledCircuit } from './compiledCircuit.js';
import { type BaseGate, baseQubits } from './gateMatrices.js';
import { GATE_SPECS } from './gateSpecs.js';
import { metricTensor } from './metricTensor.js';

/**
 * The exact Fubini–Study metric Re[⟨∂_aψ|∂_bψ⟩ − ⟨∂_aψ|ψ⟩⟨ψ|∂_bψ⟩] over all weights, from state
 * derivatives by the five-point central difference (error ~1e-12), through the ordinary
 * simulation path (fused kernels), independent of the metric code.
 */
function referenceMetric(circuit: Circuit, inputs: Float64Array, weights: Float64Array) {
  const compiled = new CompiledCircuit(circuit);
  const stateAt = (w: Float64Array) => compiled.state({ inputs, weights: w });
  const psi = stateAt(weights);
  const h = 1e-3;
  const derivatives = Array.from(weights, (_, a) => {
    const at = (t: number) => {
      const w = weights.slice();
      w[a] = w[a]! + t;
      return stateAt(w);
    };
    const [p2, p1, m1, m2] = [at(2 * h), at(h), at(-h), at(-2 * h)];
    return p2.map((_, i) => (-p2[i]! + 8 * p1[i]! - 8 * m1[i]! + m2[i]!) / (12 * h));
  });
  // ⟨u|v⟩ of interleaved complex vectors.
  const inner = (u: Float64Array, v: Float64Array): [number, number] => {
    let re = 0;
    let im = 0;
    for (let i = 0; i < u.length; i += 2) {
      re += u[i]! * v[i]! + u[i + 1]! * v[i + 1]!;
      im += u[i]! * v[i + 1]! - u[i + 1]! * v[i]!;
    }
    return [re, im];
  };
  const n = weights.length;
  const g = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      const [re] = inner(derivatives[a]!, derivatives[b]!);
      const [ar, ai] = inner(derivatives[a]!, psi);
      const [br, bi] = inner(psi, derivatives[b]!);
      g[a * n + b] = re - (ar * br - ai * bi);
    }
  }
  return g;
}

/** Every one-parameter gate (rotations, phase, controlled and two-qubit rotations). */
const ROTATIONS = (Object.keys(GATE_SPECS) as GateName[]).filter((g) => GATE_SPECS[g].params === 1);
/** Qubits a (non-variadic, non-unitary) gate acts on. */
const arity = (gate: GateName): number => {
  const spec = GATE_SPECS[gate];
  return (spec.controls as number) + baseQubits(spec.base as BaseGate);
};
const FIXED: GateName[] = ['h', 'cx', 'cz', 'sx', 's', 'swap', 'ch'];

/** A random circuit on `n` qubits: fixed gates, input rotations and trainable gates (incl. `u`). */
function randomCircuit(seed: number, n: number, gates: number): Circuit {
  const rng = createRng(seed);
  const circuit = new Circuit(n, { inputs: ['x0', 'x1'] });
  const pick = <T>(items: readonly T[]): T => items[rng.int(0, items.length)]!;
  const qubits = (k: number) => {
    const chosen: number[] = [];
    while (chosen.length < k) {
      const q = rng.int(0, n);
      if (!chosen.includes(q)) chosen.push(q);
    }
    return chosen;
  };
  let w = 0;
  for (let i = 0; i < gates; i++) {
    const roll = rng.next();
    if (roll < 0.25) {
      const gate = pick(FIXED);
      circuit.gate(gate, qubits(arity(gate)));
    } else if (roll < 0.35) {
      circuit.ry(rng.int(0, n), `x${rng.int(0, 2)}`);
    } else if (roll < 0.45) {
      circuit.gate('u', qubits(1), [`w${w++}`, `w${w++}`, `0.5*w${w++} - 0.2`]);
    } else {
      const gate = pick(ROTATIONS);
      // Some parameters are expressions, and one mixes an input in (re-uploading style).
      const param = [`w${w}`, `1.7*w${w} + 0.3`, `x0*w${w}`][rng.int(0, 3)]!;
      w++;
      circuit.gate(gate, qubits(arity(gate)), [param]);
    }
  }
  return circuit;
}

function randomVector(seed: number, length: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length }, () => rng.uniform(-Math.PI, Math.PI));
}

describe('metricTensor', () => {
  it("should give PennyLane's documented block-diagonal metric (and its exact blocks) for the adjoint_metric_tensor example", () => {
    // RX(w0) q0, RY(w1) q0, CNOT(0,1), RZ(w2) q1, RZ(w3) q0 at w = (0.1, 0.2, 0.4, 0.5).
    const circuit = new Circuit(3).rx(0, 'w0').ry(0, 'w1').cx(0, 1).rz(1, 'w2').rz(0, 'w3');
    const weights = Float64Array.of(0.1, 0.2, 0.4, 0.5);
    const g = metricTensor(circuit, { weights });
    // By hand: Var(X/2) on |0⟩; Var(Y/2) after RX(0.1) is cos²(0.1)/4; after the CNOT, Z0 = Z1
    // with ⟨Z⟩ = cos(0.1)·cos(0.2), so the last layer's block is (1 − ⟨Z⟩²)/4 everywhere.
    const zz = (1 - (Math.cos(0.1) * Math.cos(0.2)) ** 2) / 4;
    const expected = [
      [0.25, 0, 0, 0],
      [0, Math.cos(0.1) ** 2 / 4, 0, 0],
      [0, 0, zz, zz],
      [0, 0, zz, zz],
    ];
    expected.flat().forEach((value, i) => {
      expect(g[i]).toBeCloseTo(value, 14);
    });
    // PennyLane's printed full metric (adjoint_metric_tensor docs), to its 4 decimals: our blocks
    // equal its blocks, and our full reference reproduces its off-block entries.
    const documented = [
      [0.25, 0, -0.0497, -0.0497],
      [0, 0.2475, 0.0243, 0.0243],
      [-0.0497, 0.0243, 0.0123, 0.0123],
      [-0.0497, 0.0243, 0.0123, 0.0123],
    ].flat();
    const full = referenceMetric(circuit, new Float64Array(0), weights);
    documented.forEach((value, i) => {
      expect(Math.abs(full[i]! - value)).toBeLessThan(5e-5);
      if (g[i] !== 0) expect(Math.abs(g[i]! - value)).toBeLessThan(5e-5);
    });
  });

  it("should give PennyLane's documented metric_tensor example (two layers of two gates)", () => {
    const circuit = new Circuit(3)
      .rx(0, 'a')
      .rx(1, 'b')
      .cx(0, 1)
      .cx(1, 2)
      .rz(0, 'c')
      .rz(2, 'd')
      .cx(0, 1)
      .cx(1, 2);
    const g = metricTensor(circuit, { weights: Float64Array.of(0.1, 0.2, 0.4, 0.5) });
    // Layer 2 sees Z0 with ⟨Z0⟩ = cos 0.1 and Z2 = Z0·Z1 of the first layer's state.
    const [c1, c2, s1] = [Math.cos(0.1), Math.cos(0.2), Math.sin(0.1)];
    const expected = [
      [0.25, 0, 0, 0],
      [0, 0.25, 0, 0],
      [0, 0, s1 ** 2 / 4, (c2 * s1 ** 2) / 4],
      [0, 0, (c2 * s1 ** 2) / 4, (1 - (c1 * c2) ** 2) / 4],
    ].flat();
    const documented = [0.25, 0, 0, 0, 0, 0.25, 0, 0, 0, 0, 0.0025, 0.0024, 0, 0, 0.0024, 0.0123];
    expected.forEach((value, i) => {
      expect(g[i]).toBeCloseTo(value, 14);
      expect(Math.abs(g[i]! - documented[i]!)).toBeLessThan(5e-5);
    });
  });

  it('should equal the full Fubini–Study metric inside every layer block of random circuits to 1e-9', () => {
    let offDiagonalChecked = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const circuit = randomCircuit(seed, 2 + (seed % 3), 24);
      const inputs = randomVector(seed + 100, 2);
      const weights = randomVector(seed + 200, circuit.weights.length);
      const full = referenceMetric(circuit, inputs, weights);
      const block = metricTensor(circuit, { inputs, weights });
      const diag = metricTensor(circuit, { inputs, weights }, { approx: 'diag' });
      const n = weights.length;
      for (let a = 0; a < n; a++) {
        for (let b = 0; b < n; b++) {
          const i = a * n + b;
          // Every entry is either exact (same layer) or 0 (different layers).
          if (block[i] !== 0) {
            expect(Math.abs(block[i]! - full[i]!), `seed ${seed} g[${a}][${b}]`).toBeLessThan(1e-9);
            if (a !== b && Math.abs(full[i]!) > 1e-3) offDiagonalChecked++;
          }
          // Weights inside one `u` gate share a block in both approximations only on the diagonal.
          if (a === b) expect(Math.abs(block[i]! - full[i]!)).toBeLessThan(1e-9);
          if (a === b) expect(diag[i]).toBeCloseTo(block[i]!, 14);
          else expect(Math.abs(diag[i]!)).toBeLessThan(1e-15);
        }
      }
    }
    expect(offDiagonalChecked).toBeGreaterThan(20);
  });

  it('should equal the full metric everywhere when all trainable gates form one layer', () => {
    const circuit = new Circuit(3, { inputs: ['x0', 'x1', 'x2'] });
    for (let q = 0; q < 3; q++) circuit.ry(q, `x${q}`);
    circuit.cx(0, 1).cx(1, 2).h(0);
    circuit.rx(0, 'a').crz([1, 2], 'b');
    const inputs = Float64Array.of(0.4, -1.1, 2.0);
    const weights = Float64Array.of(0.7, -0.3);
    const full = referenceMetric(circuit, inputs, weights);
    const block = metricTensor(circuit, { inputs, weights });
    block.forEach((value, i) => {
      expect(Math.abs(value - full[i]!)).toBeLessThan(1e-9);
    });
    expect(Math.abs(block[1]!)).toBeGreaterThan(1e-3);
  });

  it('should average the metric over the rows of a batch and accept a compiled circuit', () => {
    const circuit = randomCircuit(5, 3, 20);
    const weights = randomVector(7, circuit.weights.length);
    const inputs = randomVector(8, 6);
    const compiled = new CompiledCircuit(circuit);
    const batch = metricTensor(compiled, { inputs, weights, batchSize: 3 });
    const rows = [0, 1, 2].map((r) =>
      metricTensor(circuit, { inputs: inputs.subarray(2 * r, 2 * r + 2), weights }),
    );
    batch.forEach((value, i) => {
      expect(value).toBeCloseTo((rows[0]![i]! + rows[1]![i]! + rows[2]![i]!) / 3, 14);
    });
    expect(rows[0]).not.toEqual(rows[1]);
  });

  it('should refuse bindings of the wrong size and an unknown approximation', async () => {
    const circuit = new Circuit(2, { inputs: ['x'] }).ry(0, 'x').rx(1, 'w');
    await expectQStoreError(
      () => metricTensor(circuit, { inputs: Float64Array.of(1), weights: Float64Array.of(1, 2) }),
      'SHAPE_MISMATCH',
      /weights has 2 values, expected 1/,
    );
    await expectQStoreError(
      () => metricTensor(circuit, { weights: Float64Array.of(1) }),
      'UNBOUND_PARAMETER',
    );
    await expectQStoreError(
      () =>
        metricTensor(
          circuit,
          { inputs: Float64Array.of(1), weights: Float64Array.of(1) },
          // biome-ignore lint/suspicious/noExplicitAny: checks the run-time guard
          { approx: 'full' as any },
        ),
      'INVALID_ARGUMENT',
      /approx/,
    );
  });
});
