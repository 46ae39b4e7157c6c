import { Writable } from 'node:stream';
import type { Callback, Logs } from '@qstore/core';
import { type DestinationStream, type LevelWithSilent, type Logger, pino } from 'pino';

/** Options of {@link createTrainingLogger}. */
export interface TrainingLoggerOptions {
  /** The lowest level written. @default process.env.QSTORE_LOG_LEVEL ?? 'info' */
  level?: LevelWithSilent;
  /** A file path (appended, synchronously) or a stream. @default process.stdout */
  destination?: string | NodeJS.WritableStream;
  /** Human-readable lines instead of JSON. @default true when writing to a TTY stdout */
  pretty?: boolean;
  /** Fields on every line, e.g. `{ runId }`. */
  bindings?: Readonly<Record<string, unknown>>;
}

/** Quantum-side facts of a training step or epoch. */
export interface QuantumMetrics {
  circuitDepth?: number;
  qubits?: number;
  shots?: number;
  gradientEvaluations?: number;
  circuitEvaluations?: number;
  [key: string]: number | undefined;
}

/** JSON-lines logging of the training lifecycle. */
export interface TrainingLogger {
  /** The underlying pino logger, for anything else. */
  readonly pino: Logger;
  trainStart(config: Readonly<Record<string, unknown>>): void;
  epoch(epoch: number, metrics: Logs): void;
  quantum(metrics: QuantumMetrics, context?: Readonly<Record<string, unknown>>): void;
  /** An error with its stack and the context it happened in. */
  error(error: unknown, context?: Readonly<Record<string, unknown>>): void;
  trainEnd(logs: Logs, status: 'FINISHED' | 'FAILED' | 'STOPPED'): void;
  /** A logger whose lines all carry `bindings`. */
  child(bindings: Readonly<Record<string, unknown>>): TrainingLogger;
}

// A tiny pretty printer: "12:00:01.123 INFO  epoch epoch=3 loss=0.12".
function prettyStream(out: NodeJS.WritableStream): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line === '') continue;
        const { time, level, event, msg, ...rest } = JSON.parse(line) as Record<string, unknown>;
        const fields = Object.entries(rest).map(
          ([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`,
        );
        const clock = typeof time === 'string' ? time.slice(11, 23) : '';
        out.write(
          `${clock} ${String(level).toUpperCase().padEnd(5)} ${[event ?? msg, ...fields].join(' ')}\n`,
        );
      }
      done();
    },
  });
}

function wrap(logger: Logger): TrainingLogger {
  return {
    pino: logger,
    trainStart: (config) => logger.info({ event: 'train_start', config }),
    epoch: (epoch, metrics) => logger.info({ event: 'epoch', epoch, ...metrics }),
    quantum: (metrics, context) => logger.debug({ event: 'quantum', ...context, ...metrics }),
    error: (error, context) =>
      logger.error({
        event: 'error',
        ...context,
        err: error instanceof Error ? error : new Error(String(error)),
      }),
    trainEnd: (logs, status) =>
      logger[status === 'FAILED' ? 'error' : 'info']({ event: 'train_end', status, ...logs }),
    child: (bindings) => wrap(logger.child(bindings)),
  };
}

/**
 * A structured logger (pino) for training: one JSON object per line with `time`, `level` and
 * `event` (`train_start`, `epoch`, `quantum`, `error`, `train_end`), level filtering, and readable
 * lines on a terminal.
 */
export function createTrainingLogger(options: TrainingLoggerOptions = {}): TrainingLogger {
  const target = options.destination ?? process.stdout;
  const pretty = options.pretty ?? (target === process.stdout && process.stdout.isTTY === true);
  let stream: DestinationStream;
  if (typeof target === 'string')
    stream = pino.destination({ dest: target, sync: true, mkdir: true, append: true });
  else stream = pretty ? prettyStream(target) : (target as DestinationStream);
  const logger = pino(
    {
      level:
        options.level ?? (process.env['QSTORE_LOG_LEVEL'] as LevelWithSilent | undefined) ?? 'info',
      base: { ...options.bindings },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    stream,
  );
  return wrap(logger);
}

/** A training callback that writes the lifecycle to a {@link TrainingLogger}. */
export function loggingCallback(logger: TrainingLogger): Callback {
  return {
    name: 'logging',
    onTrainBegin: (context) =>
      logger.trainStart({
        ...context.params,
        epochs: context.epochs,
        stepsPerEpoch: context.stepsPerEpoch,
      }),
    onEpochEnd: (epoch, logs) => logger.epoch(epoch, logs),
    onTrainEnd: (context, logs, error) => {
      if (error !== undefined) logger.error(error, { phase: 'train' });
      logger.trainEnd(
        logs,
        error !== undefined ? 'FAILED' : context.stopRequested ? 'STOPPED' : 'FINISHED',
      );
    },
  };
}
