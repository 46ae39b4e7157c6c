import type { Observable } from '@qstore/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { operationArbitrary } from '../test/randomCircuit.js';
import { observableArbitrary } from '../test/randomObservable.js';
import { angleEncoding } from './angleEncoding.js';
import { basicEntanglerLayers, stronglyEntanglingLayers } from './ansatzLayers.js';
import { Circuit } from './circuit.js';
import { CompiledCircuit } from './compiledCircuit.js';
import { AdjointPlan } from './internal/adjointPass.js';
import { RealAdjointPlan } from './internal/realAdjointPass.js';
import { parallelCircuit } from './parallelCircuit.js';
import { vjpRows } from './vjpRows.js';

const WORKER = new URL('../dist/batchWorker.js', import.meta.url);
const z = (qubit: number): Observable => ({
  terms: [{ coefficient: 1, ops: [{ pauli: 'Z', qubit }] }],
});

/** Train's reference model in small: RY encoding, strongly entangling layers (complex), ⟨Z_i⟩. */
function reference(n: number, layers: number): Circuit {
  return angleEncoding({ numFeatures: n, rotation: 'Y' }).compose(
    stronglyEntanglingLayers({ numQubits: n, layers, prefix: 'w' }),
  );
}

/** A real model: RY encoding, RY + CNOT ring layers: its `vjp` takes the real-state path. */
function realModel(n: number, layers: number): Circuit {
  return angleEncoding({ numFeatures: n, rotation: 'Y' }).compose(
    basicEntanglerLayers({ numQubits: n, layers, rotation: 'ry', prefix: 'w' }),
  );
}

/** Each model with the path its rows take and a constant gate of that path to append. */
const MODELS = [
  { path: 'complex', real: false, model: reference, gate: (c: Circuit) => c.rz(1, 0.3) },
  { path: 'real-state', real: true, model: realModel, gate: (c: Circuit) => c.ry(1, 0.3) },
] as const;

function batchOf(compiled: CompiledCircuit, batchSize: number, seed: number) {
  const numObs = compiled.numQubits;
  return {
    inputs: Float64Array.from(
      { length: batchSize * compiled.inputNames.length },
      (_, i) => Math.cos(i + seed) * 2,
    ),
    weights: Float64Array.from({ length: compiled.weightNames.length }, (_, i) =>
      Math.sin(i * 1.3 + seed),
    ),
    batchSize,
    observables: Array.from({ length: numObs }, (_, q) => z(q)),
    upstream: Float64Array.from({ length: batchSize * numObs }, (_, i) => Math.sin(i + 1 + seed)),
  };
}

/** The `vjpRows` of the batch on a fresh circuit: what a reused forward pass must reproduce. */
function fresh(circuit: Circuit, batch: ReturnType<typeof batchOf>, adjointMemory?: number) {
  const options = adjointMemory === undefined ? {} : { adjointMemory };
  return vjpRows(new CompiledCircuit(circuit, options), batch);
}

/** Marks the program so that a forward pass run by `vjp` shows (it sets `lastRunPasses`). */
function markForward(compiled: CompiledCircuit): () => boolean {
  compiled.program.lastRunPasses = -1;
  return () => compiled.program.lastRunPasses !== -1;
}

/**
 * Keeps the batch's rows, then checks that its `vjpRows` runs no forward pass and gives the bits
 * of a fresh circuit, and that the kept rows' expectations are those of the `vjp`.
 */
function expectKeptVjp(
  circuit: Circuit,
  compiled: CompiledCircuit,
  batch: ReturnType<typeof batchOf>,
) {
  const expectations = compiled.expectations({ ...batch, keepForVjp: true });
  const ranForward = markForward(compiled);
  const rows = compiled.vjpRows(batch);
  expect(ranForward()).toBe(false);
  expect(rows).toEqual(fresh(circuit, batch));
  expect(expectations).toEqual(rows.expectations);
}

describe.each(MODELS)('CompiledCircuit keepForVjp on the $path path', ({ real, model, gate }) => {
  it('should give vjpRows the same bits without running its forward pass again', () => {
    const circuit = model(4, 3);
    const compiled = new CompiledCircuit(circuit);
    const batch = batchOf(compiled, 5, 0);
    expectKeptVjp(circuit, compiled, batch);
    // The rows took the path this model is for: set by the forward passes of `expectations`
    // (the real plan's sets it), the `vjp` ran none.
    expect(compiled.program.lastRunReal).toBe(real);
  });

  it('should keep the rows of ⟨Z_i Z_j⟩ read-outs too', () => {
    const circuit = model(4, 2);
    const compiled = new CompiledCircuit(circuit);
    const zz = (a: number, b: number): Observable => ({
      terms: [
        {
          coefficient: 1,
          ops: [
            { pauli: 'Z', qubit: a },
            { pauli: 'Z', qubit: b },
          ],
        },
      ],
    });
    const batch = { ...batchOf(compiled, 3, 6), observables: [zz(0, 1), zz(1, 3), zz(2, 3), z(2)] };
    expectKeptVjp(circuit, compiled, batch);
  });

  it('should recompute, with the same bits as a fresh circuit, when weights, inputs or a gate changed', () => {
    // A constant gate at the end, changed directly below (`bind` does not set it again).
    const circuit = gate(model(3, 2));
    const compiled = new CompiledCircuit(circuit);
    const batch = batchOf(compiled, 4, 1);
    compiled.expectations({ ...batch, keepForVjp: true });
    const weights = batch.weights.map((w) => w + 0.25);
    let ranForward = markForward(compiled);
    expect(compiled.vjpRows({ ...batch, weights })).toEqual(fresh(circuit, { ...batch, weights }));
    expect(ranForward()).toBe(true);

    compiled.expectations({ ...batch, keepForVjp: true });
    // The same array changed in place.
    batch.inputs[5] = batch.inputs[5]! - 0.5;
    ranForward = markForward(compiled);
    expect(compiled.vjpRows(batch)).toEqual(fresh(circuit, batch));
    expect(ranForward()).toBe(true);

    compiled.expectations({ ...batch, keepForVjp: true });
    const index = compiled.program.ops.length - 1;
    compiled.program.setGateParameter(index, 0, 0.123);
    ranForward = markForward(compiled);
    const changed = compiled.vjpRows(batch);
    expect(ranForward()).toBe(true);
    const other = new CompiledCircuit(circuit);
    other.program.setGateParameter(index, 0, 0.123);
    expect(changed).toEqual(vjpRows(other, batch));
    expect(changed).not.toEqual(fresh(circuit, batch));
  });

  it('should keep the rows that fit adjointMemory and recompute the others, with the same bits', () => {
    const circuit = model(4, 2);
    const probe = new CompiledCircuit(circuit);
    const batch = batchOf(probe, 6, 2);
    // Room for the plan's own states and two kept rows (each: its states and the final state).
    const stateBytes = (real ? 8 : 16) * 2 ** 4;
    const plan = real
      ? RealAdjointPlan.create(probe.program)!
      : new AdjointPlan(probe.program, Number.POSITIVE_INFINITY);
    const adjointMemory = plan.storedBytes + 2 * (plan.storedBytes + stateBytes);
    const compiled = new CompiledCircuit(circuit, { adjointMemory });
    compiled.expectations({ ...batch, keepForVjp: true });
    const ranForward = markForward(compiled);
    expect(compiled.vjpRows(batch)).toEqual(fresh(circuit, batch, adjointMemory));
    expect(ranForward()).toBe(true);
    // No room at all: nothing is kept, ψ is undone, still the same as a fresh circuit.
    const none = new CompiledCircuit(circuit, { adjointMemory: 0 });
    none.expectations({ ...batch, keepForVjp: true });
    expect(none.vjpRows(batch)).toEqual(fresh(circuit, batch, 0));
  });

  it('should keep the rows of each worker in a parallelCircuit, with the bits of one thread', async () => {
    const circuit = model(5, 2);
    const local = new CompiledCircuit(circuit);
    const batch = batchOf(local, 7, 3);
    const pool = await parallelCircuit(circuit, { workers: 2, workerScript: WORKER });
    try {
      const expectations = await pool.expectations({ ...batch, keepForVjp: true });
      const rows = await pool.vjpRows(batch);
      expect(rows).toEqual(fresh(circuit, batch));
      expect(expectations).toEqual(rows.expectations);
    } finally {
      await pool.close();
    }
  });
});

describe('CompiledCircuit keepForVjp', () => {
  it('should measure the kept states with the vjp call’s own observables', () => {
    const circuit = reference(3, 2);
    const compiled = new CompiledCircuit(circuit);
    const batch = batchOf(compiled, 4, 4);
    compiled.expectations({ ...batch, keepForVjp: true });
    const x = (qubit: number): Observable => ({
      terms: [{ coefficient: 0.5, ops: [{ pauli: 'X', qubit }] }],
    });
    const other = { ...batch, observables: [x(0), x(1), x(2)] };
    const ranForward = markForward(compiled);
    expect(compiled.vjpRows(other)).toEqual(fresh(circuit, other));
    expect(ranForward()).toBe(false);
  });

  it('should keep a batch whose rows take both paths, each row in a slot of its own path', () => {
    // RX(x0) at the end is real only for x0 = 0: rows 1 and 3 take the real-state path.
    const circuit = realModel(3, 2).rx(2, 'x0');
    const compiled = new CompiledCircuit(circuit);
    const batch = batchOf(compiled, 4, 5);
    for (const row of [1, 3]) batch.inputs[3 * row] = 0;
    const paths = [0, 1, 2, 3].map((row) => {
      const inputs = batch.inputs.slice(3 * row, 3 * row + 3);
      compiled.expectations({ ...batch, inputs, batchSize: 1, keepForVjp: true });
      return compiled.program.lastRunReal;
    });
    expect(paths).toEqual([false, true, false, true]);
    expectKeptVjp(circuit, compiled, batch);
  });

  it('should not use a row’s slot when the vjp takes the other path', () => {
    const circuit = realModel(3, 2);
    const compiled = new CompiledCircuit(circuit);
    const zs = batchOf(compiled, 3, 7);
    const y = (qubit: number): Observable => ({
      terms: [{ coefficient: 0.5, ops: [{ pauli: 'Y', qubit }] }],
    });
    // Complex observables: the same rows take the complex path.
    const ys = { ...zs, observables: [y(0), z(1), y(2)] };
    for (const [kept, other] of [
      [zs, ys],
      [ys, zs],
    ] as const) {
      compiled.expectations({ ...kept, keepForVjp: true });
      const ranForward = markForward(compiled);
      expect(compiled.vjpRows(other)).toEqual(fresh(circuit, other));
      expect(ranForward()).toBe(true);
    }
  });

  it('should change nothing on random circuits and observables (property)', () => {
    const names = ['a', 'b', 'x0'];
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((n) =>
          fc.record({
            n: fc.constant(n),
            ops: fc.array(operationArbitrary(n, names), { minLength: 0, maxLength: 18 }),
            observable: observableArbitrary(n),
            values: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), {
              minLength: 5,
              maxLength: 5,
            }),
          }),
        ),
        ({ n, ops, observable, values }) => {
          const circuit = new Circuit(n, { inputs: ['x0'], weights: ['a', 'b'] });
          for (const op of ops) circuit.append(op);
          const batch = {
            inputs: Float64Array.from(values.slice(2)),
            weights: Float64Array.from(values.slice(0, 2)),
            batchSize: 3,
            observables: [observable],
            upstream: Float64Array.of(0.7, -1.1, 0.4),
          };
          const compiled = new CompiledCircuit(circuit);
          compiled.expectations({ ...batch, keepForVjp: true });
          expect(compiled.vjpRows(batch)).toEqual(vjpRows(new CompiledCircuit(circuit), batch));
        },
      ),
      { numRuns: 150, seed: 11 },
    );
  });
});
