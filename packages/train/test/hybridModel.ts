import { dense } from '../src/layers/dense.js';
import { quantumLayer } from '../src/layers/quantumLayer.js';
import { type Model, sequential } from '../src/sequential.js';

/** A small dense → 4-qubit quantum → dense classifier for the worker-thread tests (4 features, 3 classes). */
export function hybridModel(): Model {
  return sequential(
    [
      dense({ units: 4 }),
      quantumLayer({ qubits: 4, layers: 2, reupload: true, observables: 'z+zz' }),
      dense({ units: 3 }),
    ],
    { inputSize: 4, seed: 5 },
  );
}
