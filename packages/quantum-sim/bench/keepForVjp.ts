// What `keepForVjp` saves a training step, on each adjoint path: train's reference model (10
// qubits, RY encoding, 4 strongly entangling layers: the complex path) and a real model (10
// qubits, RY encoding, 4 layers of RY + CNOT ring: the real-state path), ⟨Z_i⟩, batch 64, as
// `expectations` then `vjpRows` of the same batch, with new weights every step (as training binds
// them), once without the option (the vjp runs the forward pass again) and once with it (the vjp
// starts from the kept states). Both on their own CompiledCircuit, alternated, timed by CPU; the
// outputs must be the same bits.
// Run (from packages/quantum-sim): pnpm run generate && node --import tsx bench/keepForVjp.ts

import * as api from '../src/index.js';
import { CompiledCircuit, type RowGradients } from '../src/index.js';
import { benchBatch } from './benchBatch.js';
import { fmt, timeMs } from './timing.js';
import { referenceCircuit } from './trainingCircuit.js';

const BATCH = 64;
const QUBITS = 10;
const MODELS = {
  'reference model (complex path)': () => referenceCircuit(api, QUBITS, 4),
  'RY + CNOT ring (real-state path)': () =>
    api
      .angleEncoding({ numFeatures: QUBITS, rotation: 'Y' })
      .compose(api.basicEntanglerLayers({ numQubits: QUBITS, layers: 4, rotation: 'ry' })),
};
const observables = Array.from({ length: QUBITS }, (_, qubit) => ({
  terms: [{ coefficient: 1, ops: [{ pauli: 'Z' as const, qubit }] }],
}));

/** One training step's simulator calls; a new weight vector each time. */
function stepper(make: () => api.Circuit, keepForVjp: boolean): () => [Float64Array, RowGradients] {
  const compiled = new CompiledCircuit(make());
  const batch = benchBatch(compiled, BATCH, observables);
  let step = 0;
  return () => {
    const weights = batch.weights.map((w, i) => (i === 0 ? w + Math.sin(step++) : w));
    const expectations = compiled.expectations({ ...batch, weights, keepForVjp });
    return [expectations, compiled.vjpRows({ ...batch, weights })];
  };
}

const same = (a: Float64Array, b: Float64Array) => a.every((v, i) => Object.is(v, b[i]));
const rate = (ms: number) => fmt((BATCH * 1000) / ms);
console.log(
  '| step of 64 rows, samples per CPU-second | without keepForVjp | with | with / without | same bits |',
);
console.log('|---|---|---|---|---|');
for (const [name, make] of Object.entries(MODELS)) {
  const [plain, kept] = [stepper(make, false), stepper(make, true)];
  const best = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
  for (let rep = 0; rep < 5; rep++) {
    best[0] = Math.min(best[0]!, timeMs(plain, { cpu: true, minMs: 300 }));
    best[1] = Math.min(best[1]!, timeMs(kept, { cpu: true, minMs: 300 }));
  }
  // Same step number on both sides: the same weights, so the same bits are expected.
  const [[e0, r0], [e1, r1]] = [stepper(make, false)(), stepper(make, true)()];
  const identical =
    same(e0, e1) &&
    same(r0.expectations, r1.expectations) &&
    same(r0.weightGradients, r1.weightGradients) &&
    same(r0.inputGradient, r1.inputGradient);
  console.log(
    `| ${name} | ${rate(best[0]!)} | ${rate(best[1]!)} | ${fmt(best[0]! / best[1]!)} | ${identical} |`,
  );
}
