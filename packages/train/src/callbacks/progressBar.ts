import type { Callback, Logs, TrainingContext } from '@qstore/core';
import cliProgress from 'cli-progress';

/** Options of {@link ProgressBar}. */
export interface ProgressBarOptions {
  /** Where to draw. @default process.stderr */
  stream?: NodeJS.WriteStream;
  /** Draw a live bar (default when the stream is a TTY) or print one plain line per epoch. */
  mode?: 'bar' | 'lines';
}

const formatLogs = (logs: Logs) =>
  Object.entries(logs)
    .map(
      ([key, value]) =>
        `${key}: ${Math.abs(value) >= 1e-3 || value === 0 ? value.toFixed(4) : value.toExponential(3)}`,
    )
    .join(' - ');

/**
 * A terminal progress bar per epoch with ETA and the running metrics (cli-progress), or plain
 * `epoch 3/10 - 12.3s - loss: … - val_loss: …` lines when the output is not a terminal.
 */
export class ProgressBar implements Callback {
  readonly name = 'progress-bar';
  readonly #stream: NodeJS.WriteStream;
  readonly #mode: 'bar' | 'lines';
  #bar: cliProgress.SingleBar | undefined;
  #epochStart = 0;
  #epochs = 0;

  constructor(options: ProgressBarOptions = {}) {
    this.#stream = options.stream ?? process.stderr;
    this.#mode = options.mode ?? (this.#stream.isTTY ? 'bar' : 'lines');
  }

  onTrainBegin(context: TrainingContext): void {
    this.#epochs = context.epochs;
  }

  onEpochBegin(epoch: number, context: TrainingContext): void {
    this.#epochStart = Date.now();
    if (this.#mode !== 'bar') return;
    this.#bar = new cliProgress.SingleBar(
      {
        stream: this.#stream,
        format: `epoch ${epoch + 1}/${this.#epochs} [{bar}] {value}/{total} | ETA {eta_formatted} | {metrics}`,
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 20,
      },
      cliProgress.Presets.shades_classic,
    );
    this.#bar.start(context.stepsPerEpoch, 0, { metrics: '' });
  }

  onBatchEnd(batch: number, logs: Logs): void {
    this.#bar?.update(batch + 1, { metrics: formatLogs(logs) });
  }

  onEpochEnd(epoch: number, logs: Logs): void {
    const seconds = ((Date.now() - this.#epochStart) / 1000).toFixed(1);
    if (this.#bar) {
      this.#bar.update({ metrics: formatLogs(logs) });
      this.#bar.stop();
      this.#bar = undefined;
      return;
    }
    this.#stream.write(`epoch ${epoch + 1}/${this.#epochs} - ${seconds}s - ${formatLogs(logs)}\n`);
  }

  onTrainEnd(): void {
    this.#bar?.stop();
    this.#bar = undefined;
  }
}
