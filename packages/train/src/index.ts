// The public API of @qstore/train lands here with issue 7: quantum layers, models, losses, metrics, optimizers, schedulers, early stopping, callbacks, QuantumTrainer.
export {};
