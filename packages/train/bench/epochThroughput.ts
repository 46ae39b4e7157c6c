// Shared by the epoch benches: time our epochs, run the PyTorch twin, print both and the ratio.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DataSplit } from '@qstore/core';
import type { QuantumTrainer } from '../src/quantumTrainer.js';

/** Samples/s of each epoch, wall-clock and per CPU-second of the whole process (all threads). */
export interface Throughput {
  samplesPerSecond: number[];
  samplesPerCpuSecond: number[];
}

/** Trains `epochs` epochs and returns samples/s (forward + backward + step) of each. */
export async function oursSamplesPerSecond(
  trainer: QuantumTrainer,
  train: DataSplit,
  options: { epochs: number; batchSize: number },
): Promise<number[]> {
  return (await oursThroughput(trainer, train, options)).samplesPerSecond;
}

/** {@link oursSamplesPerSecond}, also per CPU-second of the process (worker threads included). */
export async function oursThroughput(
  trainer: QuantumTrainer,
  train: DataSplit,
  options: { epochs: number; batchSize: number },
): Promise<Throughput> {
  const samples = train.x.shape[0]!;
  const rates: number[] = [];
  const cpuRates: number[] = [];
  let started = 0;
  let cpu = process.cpuUsage();
  await trainer.fit(train, {
    ...options,
    seed: 0,
    callbacks: [
      {
        onEpochBegin: () => {
          started = performance.now();
          cpu = process.cpuUsage();
        },
        onEpochEnd: () => {
          rates.push(samples / ((performance.now() - started) / 1000));
          const used = process.cpuUsage(cpu);
          cpuRates.push(samples / ((used.user + used.system) / 1e6));
        },
      },
    ],
  });
  return { samplesPerSecond: rates, samplesPerCpuSecond: cpuRates };
}

/** The path of a script in this folder. */
export function benchScript(script: string): string {
  return fileURLToPath(new URL(`./${script}`, import.meta.url));
}

/** Runs a torch script of this folder with Debian's python; it prints `{ samplesPerSecond }`. */
export function torchSamplesPerSecond(script: string, args: readonly number[]): number[] {
  return torchThroughput(script, args).samplesPerSecond;
}

/** {@link torchSamplesPerSecond} for a script that also prints `samplesPerCpuSecond`. */
export function torchThroughput(script: string, args: readonly number[]): Throughput {
  const out = execFileSync('/usr/bin/python3', [benchScript(script), ...args.map(String)], {
    encoding: 'utf8',
  });
  return JSON.parse(out) as Throughput;
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
