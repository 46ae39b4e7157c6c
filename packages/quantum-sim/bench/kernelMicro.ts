// Per-call CPU time of an uncontrolled WebAssembly 2×2 kernel (apply1, or anti1 with phases) at 10
// qubits, for every target, of the working tree against an earlier commit extracted to
// bench/.before (see beforeAfter.ts).
// Run (from packages/quantum-sim): node --import tsx bench/kernelMicro.ts apply1|anti1
import * as after from '../src/internal/wasmStateMemory.js';
import { fmt, timeMs } from './timing.js';

type Api = typeof after;
const before = (await import(`./.before/src/internal/${'wasmStateMemory.js'}`)) as Api;
const n = 10;
const calls = 1000;
const name = process.argv[2] === 'anti1' ? 'anti1' : 'apply1';
const m = Float64Array.from({ length: 8 }, (_, i) => Math.cos(i + 1) / 2);

function kernel(api: Api, t: number): () => void {
  const memory = api.WasmStateMemory.create(16 << n)!;
  const s = memory.allocate(2 << n)!;
  s.set(Float64Array.from({ length: 2 << n }, (_, i) => Math.sin(i)));
  return () => {
    for (let k = 0; k < calls; k++) memory[name](s, n, t, 0, m);
  };
}

console.log('| target | before, µs/call | after, µs/call | before / after |\n|---|---|---|---|');
for (let t = 0; t < n; t++) {
  const fns = [kernel(before, t), kernel(after, t)];
  const best = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
  for (let r = 0; r < 5; r++) {
    for (const k of [0, 1]) best[k] = Math.min(best[k]!, timeMs(fns[k]!, { cpu: true, minMs: 50 }));
  }
  const [b, a] = [(1000 * best[0]!) / calls, (1000 * best[1]!) / calls];
  console.log(`| ${t} | ${fmt(b)} | ${fmt(a)} | ${fmt(b / a)} |`);
}
