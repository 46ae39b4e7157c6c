// Wall-clock helpers of the benches (timings only ever go to BENCHMARKS.md, never into tests).

/** Milliseconds of CPU time (user + system) this process has used. */
function cpuNow(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Best (minimum) milliseconds per call of `fn` after one untimed warm-up call (unless `warmup`
 * is false), running it until `minMs` have passed or `maxRuns` runs. The minimum is the least
 * disturbed estimate on a shared machine. With `cpu`, each call is timed by the CPU time the
 * process used (what one core spends on it, without the time other processes held the core);
 * calls shorter than 20 ms are repeated within a sample. The run still stops by wall-clock `minMs`.
 */
export function timeMs(
  fn: () => void,
  options: { minMs?: number; maxRuns?: number; warmup?: boolean; cpu?: boolean } = {},
): number {
  const minMs = options.minMs ?? 300;
  const maxRuns = options.maxRuns ?? 200;
  if (options.warmup ?? true) fn();
  const samples: number[] = [];
  const start = performance.now();
  const clock = options.cpu ? cpuNow : () => performance.now();
  // CPU time is accounted in coarse steps: a CPU-timed sample repeats short calls for ≥ 20 ms.
  let repeat = 1;
  if (options.cpu) {
    const t0 = performance.now();
    for (; performance.now() - t0 < 20; repeat++) fn();
  }
  while (samples.length < maxRuns && (samples.length === 0 || performance.now() - start < minMs)) {
    const t0 = clock();
    for (let r = 0; r < repeat; r++) fn();
    samples.push((clock() - t0) / repeat);
  }
  return Math.min(...samples);
}

/** Memory bandwidth in GB/s (bytes read + written) of copying a 128 MiB Float64Array. */
export function memoryBandwidth(): number {
  const src = new Float64Array(16 * 1024 * 1024).fill(1);
  const dst = new Float64Array(src.length);
  const ms = timeMs(() => dst.set(src), { minMs: 500, maxRuns: 20 });
  return (2 * src.byteLength) / (ms * 1e6);
}

/** A number with 3 significant digits. */
export const fmt = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toPrecision(3));
