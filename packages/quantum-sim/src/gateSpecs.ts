import type { GateName } from '@qstore/core';
import type { BaseGate } from './gateMatrices.js';

/**
 * How a named gate is built: `controls` control qubits (listed first; `'variadic'` for mcx/mcz:
 * all qubits but the last) on a base gate, or an arbitrary `unitary`.
 */
export interface GateSpec {
  readonly controls: number | 'variadic';
  readonly base: BaseGate | 'unitary';
  /** Number of real parameters. */
  readonly params: number;
}

const plain = (base: BaseGate, params = 0): GateSpec => ({ controls: 0, base, params });
const controlled = (base: BaseGate, params = 0, controls = 1): GateSpec => ({
  controls,
  base,
  params,
});

/** The spec of every gate in core's `GATE_NAMES`. */
export const GATE_SPECS: Readonly<Record<GateName, GateSpec>> = {
  id: plain('id'),
  h: plain('h'),
  x: plain('x'),
  y: plain('y'),
  z: plain('z'),
  s: plain('s'),
  sdg: plain('sdg'),
  t: plain('t'),
  tdg: plain('tdg'),
  sx: plain('sx'),
  sxdg: plain('sxdg'),
  rx: plain('rx', 1),
  ry: plain('ry', 1),
  rz: plain('rz', 1),
  p: plain('p', 1),
  u: plain('u', 3),
  cx: controlled('x'),
  cy: controlled('y'),
  cz: controlled('z'),
  ch: controlled('h'),
  swap: plain('swap'),
  iswap: plain('iswap'),
  crx: controlled('rx', 1),
  cry: controlled('ry', 1),
  crz: controlled('rz', 1),
  cp: controlled('p', 1),
  rxx: plain('rxx', 1),
  ryy: plain('ryy', 1),
  rzz: plain('rzz', 1),
  ccx: controlled('x', 0, 2),
  cswap: controlled('swap'),
  mcx: { controls: 'variadic', base: 'x', params: 0 },
  mcz: { controls: 'variadic', base: 'z', params: 0 },
  unitary: { controls: 0, base: 'unitary', params: 0 },
};
