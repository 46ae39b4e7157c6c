// The `@qstore/track/logger` entry: the JSON-lines training logger (pulls in pino).
export {
  createTrainingLogger,
  loggingCallback,
  type QuantumMetrics,
  type TrainingLogger,
  type TrainingLoggerOptions,
} from './trainingLogger.js';
