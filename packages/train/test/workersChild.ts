// A process that trains with worker threads, lets the fit fail, and then has nothing left to do:
// the test checks it exits on its own with no worker thread left (run by workers.test.ts).
import { readdirSync } from 'node:fs';
import { crossEntropy } from '../src/losses/crossEntropy.js';
import { adam } from '../src/optimizers/adam.js';
import { QuantumTrainer } from '../src/quantumTrainer.js';
import { blobs } from './blobs.js';
import { hybridModel } from './hybridModel.js';

const threads = () => readdirSync('/proc/self/task').length;
const trainer = new QuantumTrainer({
  model: hybridModel(),
  loss: crossEntropy(),
  optimizer: adam({ lr: 0.05 }),
  workers: 2,
});
let during = 0;
const failing = {
  onBatchEnd: (batch: number) => {
    during = threads();
    if (batch === 1) throw new Error('callback failed');
  },
};
await trainer.evaluate(blobs({ samples: 8, seed: 2 })); // starts and stops the threads once
const before = threads();
const failed = await trainer
  .fit(blobs({ samples: 64, seed: 1 }), { epochs: 1, batchSize: 16, callbacks: [failing] })
  .then(
    () => 'resolved',
    (error: Error) => error.message,
  );
console.log(JSON.stringify({ failed, before, during, after: threads() }));
