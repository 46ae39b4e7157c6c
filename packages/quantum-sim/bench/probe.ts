import { Circuit } from '../src/circuit.js';
import { CompiledCircuit } from '../src/compiledCircuit.js';
import { buildLayered, layeredAngles } from './layeredCircuit.js';

const n = 8,
  count = 1000;
const names = Array.from({ length: 5 * n }, (_, i) => `a${i}`);
const circuit = new Circuit(n, { inputs: names });
let k = 0;
buildLayered(layeredAngles(n, 5), {
  ry: (q) => circuit.ry(q, names[k++]!),
  cx: (c, t) => circuit.cx(c, t),
});
const compiled = new CompiledCircuit(circuit);
const inputs = Float64Array.from(
  { length: count * names.length },
  (_, i) => (i * 0.618) % (2 * Math.PI),
);
const obs = [{ terms: [{ coefficient: 1, ops: [{ pauli: 'Z' as const, qubit: 0 }] }] }];
for (let r = 0; r < 30; r++) compiled.expectations({ inputs, batchSize: count, observables: obs });
const t0 = performance.now();
for (let r = 0; r < 20; r++) compiled.expectations({ inputs, batchSize: count, observables: obs });
console.log(
  (count * 20 * 1000) / (performance.now() - t0),
  'circuits/s',
  compiled.program.numSteps,
);
