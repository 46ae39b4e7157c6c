// What `keepForVjp` saves a training step: train's reference model (10 qubits, RY encoding, 4
// strongly entangling layers, ⟨Z_i⟩, batch 64) as `expectations` then `vjpRows` of the same
// batch, with new weights every step (as training binds them), once without the option (the
// vjp runs the forward pass again) and once with it (the vjp starts from the kept states). Both
// on their own CompiledCircuit, alternated, timed by CPU; the outputs must be the same bits.
// Run (from packages/quantum-sim): pnpm run generate && node --import tsx bench/keepForVjp.ts

import * as api from '../src/index.js';
import { CompiledCircuit, type RowGradients } from '../src/index.js';
import { fmt, timeMs } from './timing.js';
import { referenceCircuit } from './trainingCircuit.js';

const BATCH = 64;
const make = () => new CompiledCircuit(referenceCircuit(api));
const probe = make();
const observables = Array.from({ length: 10 }, (_, qubit) => ({
  terms: [{ coefficient: 1, ops: [{ pauli: 'Z' as const, qubit }] }],
}));
const batch = {
  inputs: Float64Array.from({ length: BATCH * probe.inputNames.length }, (_, i) => Math.cos(i)),
  weights: Float64Array.from({ length: probe.weightNames.length }, (_, i) => Math.sin(i)),
  batchSize: BATCH,
  observables,
  upstream: Float64Array.from({ length: BATCH * 10 }, (_, i) => Math.sin(i + 1)),
};

/** One training step's simulator calls; a new weight vector each time. */
function stepper(keepForVjp: boolean): () => [Float64Array, RowGradients] {
  const compiled = make();
  let step = 0;
  return () => {
    const weights = batch.weights.map((w, i) => (i === 0 ? w + Math.sin(step++) : w));
    const expectations = compiled.expectations({ ...batch, weights, keepForVjp });
    return [expectations, compiled.vjpRows({ ...batch, weights })];
  };
}

const [plain, kept] = [stepper(false), stepper(true)];
const best = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
for (let rep = 0; rep < 5; rep++) {
  best[0] = Math.min(best[0]!, timeMs(plain, { cpu: true, minMs: 300 }));
  best[1] = Math.min(best[1]!, timeMs(kept, { cpu: true, minMs: 300 }));
}
// Same step number on both sides: the same weights, so the same bits are expected.
const [[e0, r0], [e1, r1]] = [stepper(false)(), stepper(true)()];
const same = (a: Float64Array, b: Float64Array) => a.every((v, i) => Object.is(v, b[i]));
const identical =
  same(e0, e1) &&
  same(r0.expectations, r1.expectations) &&
  same(r0.weightGradients, r1.weightGradients) &&
  same(r0.inputGradient, r1.inputGradient);
const rate = (ms: number) => fmt((BATCH * 1000) / ms);
console.log(
  '| step of 64 rows, samples per CPU-second | without keepForVjp | with | with / without | same bits |',
);
console.log('|---|---|---|---|---|');
console.log(
  `| expectations + vjpRows | ${rate(best[0]!)} | ${rate(best[1]!)} | ${fmt(best[0]! / best[1]!)} | ${identical} |`,
);
