// Shared by the epoch benches: time our epochs, run the PyTorch twin, print both and the ratio.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DataSplit } from '@qstore/core';
import type { QuantumTrainer } from '../src/quantumTrainer.js';

/** Trains `epochs` epochs and returns samples/s (forward + backward + step) of each. */
export async function oursSamplesPerSecond(
  trainer: QuantumTrainer,
  train: DataSplit,
  options: { epochs: number; batchSize: number; workers?: number },
): Promise<number[]> {
  const samples = train.x.shape[0]!;
  const rates: number[] = [];
  let started = 0;
  await trainer.fit(train, {
    ...options,
    seed: 0,
    callbacks: [
      {
        onEpochBegin: () => {
          started = performance.now();
        },
        onEpochEnd: () => void rates.push(samples / ((performance.now() - started) / 1000)),
      },
    ],
  });
  return rates;
}

/** The path of a script in this folder. */
export function benchScript(script: string): string {
  return fileURLToPath(new URL(`./${script}`, import.meta.url));
}

/** Runs a torch script of this folder with Debian's python; it prints `{ samplesPerSecond }`. */
export function torchSamplesPerSecond(script: string, args: readonly number[]): number[] {
  const out = execFileSync('/usr/bin/python3', [benchScript(script), ...args.map(String)], {
    encoding: 'utf8',
  });
  return (JSON.parse(out) as { samplesPerSecond: number[] }).samplesPerSecond;
}

/** The best epoch after the first (a warm-up). */
export function bestRate(rates: readonly number[]): number {
  return Math.max(...rates.slice(1));
}

/** One line per series: its best epoch after the first and every epoch. */
export function printSeries(label: string, rates: readonly number[]): void {
  const list = rates.map((r) => r.toFixed(0)).join(', ');
  console.log(`${label.padEnd(34)} ${bestRate(rates).toFixed(0)} samples/s (epochs: ${list})`);
}

/** Prints both series and the ratio of the best epochs after the first (a warm-up). */
export function printComparison(title: string, ours: number[], torch: number[]): void {
  console.log(title);
  printSeries('@qstore/train:', ours);
  printSeries('torch 1.13:', torch);
  console.log(`ratio ours / torch: ${(bestRate(ours) / bestRate(torch)).toFixed(2)}`);
}
