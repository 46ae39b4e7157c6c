// Small timing helpers shared by the bench scripts: median wall time of repeated runs.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where bench/prepare.py wrote the inputs. */
export const BENCH_DIR = process.env.QSTORE_BENCH_DIR ?? '/tmp/qstore-data-bench';

/** The path of a prepared input; exits with a hint when it is missing. */
export function input(name) {
  const path = join(BENCH_DIR, name);
  if (!existsSync(path)) {
    console.error(`${path} is missing: run /usr/bin/python3 bench/prepare.py first`);
    process.exit(1);
  }
  return path;
}

/**
 * Median wall and CPU milliseconds (user + system of this process) of `runs` calls of `fn`, after
 * one warm-up call. On a shared machine the CPU time is the steadier figure.
 */
export async function medianTimes(fn, runs = 5) {
  await fn();
  const wall = [];
  const cpu = [];
  for (let i = 0; i < runs; i++) {
    const before = process.cpuUsage();
    const start = performance.now();
    await fn();
    wall.push(performance.now() - start);
    const used = process.cpuUsage(before);
    cpu.push((used.user + used.system) / 1000);
  }
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { ms: median(wall), cpuMs: median(cpu) };
}

/** Median milliseconds of `runs` calls of `fn` (after one warm-up call). */
export async function medianMs(fn, runs = 5) {
  return (await medianTimes(fn, runs)).ms;
}

/**
 * Prints one result line: ours vs the peer, the ratio (peer time / our time) and the target, with
 * ✓ or ✗ when `met` says whether it was met.
 */
export function report(task, ours, peer, target, met) {
  const ratio =
    peer === undefined
      ? ''
      : `${(peer.ms / ours).toFixed(2)}× vs ${peer.name} (${peer.ms.toFixed(1)} ms)`;
  const mark = met === undefined ? '' : met ? ' ✓' : ' ✗';
  console.log(`| ${task} | ${ours.toFixed(1)} ms | ${ratio || '—'} | ${target ?? '—'}${mark} |`);
}

/** The 60,000 PIL-encoded training PNGs of bench/prepare.py's length-prefixed blob. */
export function readPngs() {
  const blob = readFileSync(input('train_pngs.bin'));
  const pngs = [];
  for (let at = 0; at < blob.length; ) {
    const n = blob.readUInt32LE(at);
    pngs.push(blob.subarray(at + 4, at + 4 + n));
    at += 4 + n;
  }
  return pngs;
}
