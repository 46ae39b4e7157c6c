import { readFileSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';

const { datasetFromIpc } = await import('./dist/index.js');
const valid = new Uint8Array(
  readFileSync('/work/wt-data-load/packages/data/test/fixtures/arrow/fmnist.arrows'),
);
const flips = fc
  .array(fc.tuple(fc.nat({ max: valid.length - 1 }), fc.integer({ min: 0, max: 255 })), {
    minLength: 1,
    maxLength: 8,
  })
  .map((edits) => {
    const out = valid.slice();
    for (const [at, v] of edits) out[at] = v;
    return out;
  });
const trunc = fc.nat({ max: valid.length - 1 }).map((n) => valid.slice(0, n));
const samples = fc.sample(fc.oneof(flips, trunc, fc.uint8Array({ maxLength: 256 })), {
  numRuns: 3000,
  seed: Number(process.argv[2] ?? 1),
});
for (const [i, b] of samples.entries()) {
  writeFileSync('/tmp/hunt-current.bin', b);
  const t = performance.now();
  try {
    datasetFromIpc(b, 'x');
  } catch (e) {
    if (!e.code) {
      console.log('non-qstore', i, e.message);
    }
  }
  const ms = performance.now() - t;
  if (ms > 500) console.log('slow', i, ms);
}
console.log('done');
