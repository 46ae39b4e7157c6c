// Small timing helpers shared by the bench scripts: median wall time of repeated runs.
import { existsSync } from 'node:fs';
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

/** Median milliseconds of `runs` calls of `fn` (after one warm-up call). */
export async function medianMs(fn, runs = 5) {
  await fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** Prints one result line: ours vs the peer, the ratio (peer time / our time) and the target. */
export function report(task, ours, peer, target) {
  const ratio =
    peer === undefined
      ? ''
      : `${(peer.ms / ours).toFixed(2)}× vs ${peer.name} (${peer.ms.toFixed(1)} ms)`;
  console.log(`| ${task} | ${ours.toFixed(1)} ms | ${ratio || '—'} | ${target ?? '—'} |`);
}
