// A training process for the kill-and-resume test: `node --import tsx test/resumeChild.ts <mode> <checkpointDir> <outFile>`.
// mode `full` trains uninterrupted; `checkpointed` saves every 4 batches and reports each batch on stdout (slowly, so
// the parent can kill it mid-epoch); `resume` continues from the latest checkpoint. Both finishing modes write the final
// parameters' bytes (base64) to outFile.
import { writeFile } from 'node:fs/promises';
import { lambdaCallback } from '../src/callbacks/lambdaCallback.js';
import { ModelCheckpoint } from '../src/callbacks/modelCheckpoint.js';
import { relu } from '../src/layers/activation.js';
import { dense } from '../src/layers/dense.js';
import { dropout } from '../src/layers/dropout.js';
import { crossEntropy } from '../src/losses/crossEntropy.js';
import { adam } from '../src/optimizers/adam.js';
import { QuantumTrainer } from '../src/quantumTrainer.js';
import { oneCycle } from '../src/schedulers/oneCycle.js';
import { sequential } from '../src/sequential.js';
import { blobs } from './blobs.js';

const [mode, dir, out] = process.argv.slice(2) as [string, string, string];
const EPOCHS = 4;
const BATCH = 8;
const data = blobs({ samples: 120, seed: 7, spread: 0.9 });
const model = sequential(
  [dense({ units: 16, init: 'he-normal' }), relu(), dropout({ rate: 0.2 }), dense({ units: 3 })],
  {
    inputSize: 4,
    seed: 21,
  },
);
const trainer = new QuantumTrainer({
  model,
  loss: crossEntropy(),
  optimizer: adam({ lr: 0.01 }),
  scheduler: oneCycle({ maxLr: 0.05, totalSteps: EPOCHS * 15 }),
  schedulerInterval: 'batch',
  clipNorm: 1,
});
const callbacks = [];
if (mode !== 'full')
  callbacks.push(new ModelCheckpoint({ dir, everyBatches: 4, everyEpochs: 0, keepLast: 3 }));
if (mode === 'checkpointed') {
  let current = 0;
  callbacks.push(
    lambdaCallback({
      onEpochBegin: (epoch) => {
        current = epoch;
        process.stdout.write(`epoch ${epoch}\n`);
      },
      onBatchEnd: async (batch) => {
        process.stdout.write(`batch ${batch}\n`);
        // Slow near the kill point so that SIGKILL lands mid-epoch even on a loaded machine.
        await new Promise((resolve) => setTimeout(resolve, current >= 2 ? 100 : 5));
      },
    }),
  );
}
if (mode === 'resume') await trainer.resumeFrom(dir);
await trainer.fit(data, {
  epochs: EPOCHS,
  batchSize: BATCH,
  seed: 5,
  validation: blobs({ samples: 30, seed: 8 }),
  callbacks,
});
await writeFile(
  out,
  Buffer.from(model.params.buffer, model.params.byteOffset, model.params.byteLength).toString(
    'base64',
  ),
);
