import type { Callback, DataSplit, Logs } from '@qstore/core';
import {
  adam,
  type ClassificationReport,
  classificationReport,
  cosineAnnealing,
  crossEntropy,
  dense,
  type History,
  predictClasses,
  QuantumTrainer,
  quantumLayer,
  sequential,
} from '@qstore/train';

/** Options of {@link trainDemoModel}. */
export interface TrainDemoModelOptions {
  qubits: number;
  layers: number;
  epochs: number;
  batchSize: number;
  lr: number;
  seed: number;
  /** Worker threads for the quantum layer. */
  workers: number;
  numClasses: number;
  callbacks: readonly Callback[];
}

/** What training produced. */
export interface TrainedDemoModel {
  readonly trainer: QuantumTrainer;
  readonly history: History;
  readonly testLogs: Logs;
  readonly report: ClassificationReport;
  /** The trained model's outputs (logits) on the test split. */
  readonly testOutput: Float64Array;
}

/**
 * The reference hybrid model: a dense layer that mixes the PCA features into one angle per qubit,
 * a quantum layer (angle encoding re-uploaded before each of `layers` strongly entangling layers,
 * ⟨Z⟩ and ⟨ZZ⟩ read-out, adjoint gradients) and a dense soft-max read-out; Adam with cosine decay.
 * Trains on `train`, then scores the held-out `test` split it never saw.
 */
export async function trainDemoModel(
  train: DataSplit,
  test: DataSplit,
  options: TrainDemoModelOptions,
): Promise<TrainedDemoModel> {
  const model = sequential(
    [
      dense({ units: options.qubits }),
      quantumLayer({
        qubits: options.qubits,
        layers: options.layers,
        reupload: true,
        observables: 'z+zz',
      }),
      dense({ units: options.numClasses }),
    ],
    { inputSize: train.x.shape[1] ?? 0, seed: options.seed },
  );
  const trainer = new QuantumTrainer({
    model,
    loss: crossEntropy(),
    optimizer: adam({ lr: options.lr }),
    scheduler: cosineAnnealing({ lr: options.lr, tMax: options.epochs }),
    workers: options.workers,
  });
  // The model's own threads serve fit, evaluate and predict (each would otherwise start its own);
  // the first batches run here while they start.
  await model.useWorkers(options.workers, { wait: false });
  try {
    const history = await trainer.fit(train, {
      epochs: options.epochs,
      batchSize: options.batchSize,
      seed: options.seed,
      callbacks: [...options.callbacks],
    });
    const testLogs = await trainer.evaluate(test);
    const output = await trainer.predict(test.x);
    const report = classificationReport({
      predicted: predictClasses(output.data, model.outputSize),
      actual: Array.from(test.y!.data as ArrayLike<number | bigint>, Number),
      numClasses: options.numClasses,
    });
    return { trainer, history, testLogs, report, testOutput: output.data };
  } finally {
    await model.dispose();
  }
}
