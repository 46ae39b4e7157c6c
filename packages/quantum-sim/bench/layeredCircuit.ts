// The bench circuit of issue 3: RY on every qubit, then a CNOT chain, repeated `layers` times.
import { createRng } from '@qstore/core';

/** Seeded angles of the layered circuit: `layers × n`. */
export function layeredAngles(n: number, layers: number, seed = 1): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: layers }, () =>
    Array.from({ length: n }, () => rng.uniform(0, 2 * Math.PI)),
  );
}

/** Drives any builder through the layered circuit. */
export function buildLayered(
  angles: number[][],
  gates: { ry: (q: number, angle: number) => void; cx: (control: number, target: number) => void },
): void {
  for (const layer of angles) {
    layer.forEach((angle, q) => {
      gates.ry(q, angle);
    });
    for (let q = 0; q + 1 < layer.length; q++) gates.cx(q, q + 1);
  }
}
