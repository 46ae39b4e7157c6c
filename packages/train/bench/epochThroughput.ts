// Shared by the epoch benches: time our epochs, run the PyTorch twin, print both and the ratio.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DataSplit } from '@qstore/core';
import type { QuantumTrainer } from '../src/quantumTrainer.js';

/** Trains `epochs` epochs and returns samples/s (forward + backward + step) of each. */
export async function oursSamplesPerSecond(
  trainer: QuantumTrainer,
  train: DataSplit,
  options: { epochs: number; batchSize: number },
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

/** Runs a torch script of this folder with Debian's python; it prints `{ samplesPerSecond }`. */
export function torchSamplesPerSecond(script: string, args: readonly number[]): number[] {
  const path = fileURLToPath(new URL(`./${script}`, import.meta.url));
  const out = execFileSync('/usr/bin/python3', [path, ...args.map(String)], { encoding: 'utf8' });
  return (JSON.parse(out) as { samplesPerSecond: number[] }).samplesPerSecond;
}

/** Prints both series and the ratio of the best epochs after the first (a warm-up). */
export function printComparison(title: string, ours: number[], torch: number[]): void {
  const best = (rates: number[]) => Math.max(...rates.slice(1));
  const list = (rates: number[]) => rates.map((r) => r.toFixed(0)).join(', ');
  console.log(title);
  console.log(`@qstore/train: ${best(ours).toFixed(0)} samples/s (epochs: ${list(ours)})`);
  console.log(`torch 1.13:    ${best(torch).toFixed(0)} samples/s (epochs: ${list(torch)})`);
  console.log(`ratio ours / torch: ${(best(ours) / best(torch)).toFixed(2)}`);
}
