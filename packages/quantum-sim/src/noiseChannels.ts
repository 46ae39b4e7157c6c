import { ValidationError } from '@qstore/core';
import { SCOPE } from './internal/scope.js';

/** Single-qubit noise channels and their strength. */
export type NoiseChannel =
  | { readonly kind: 'depolarizing'; readonly p: number }
  | { readonly kind: 'amplitude-damping'; readonly gamma: number }
  | { readonly kind: 'phase-damping'; readonly lambda: number }
  | { readonly kind: 'bit-flip'; readonly p: number }
  | { readonly kind: 'phase-flip'; readonly p: number };

function probability(name: string, value: number): number {
  if (!(value >= 0 && value <= 1)) {
    throw new ValidationError(
      'INVALID_ARGUMENT',
      `${name} must be a probability in [0, 1], got ${value}`,
      { scope: SCOPE },
    );
  }
  return value;
}

const I = [1, 0, 0, 0, 0, 0, 1, 0];
const X = [0, 0, 1, 0, 1, 0, 0, 0];
const Y = [0, 0, 0, -1, 0, 1, 0, 0];
const Z = [1, 0, 0, 0, 0, 0, -1, 0];
const scaled = (m: readonly number[], c: number): Float64Array =>
  Float64Array.from(m, (v) => v * c);

/**
 * The Kraus operators of a channel (2×2, interleaved complex), with Σ K†K = I:
 * depolarizing ρ → (1−p)ρ + p/3 (XρX + YρY + ZρZ); amplitude damping K0 = diag(1, √(1−γ)),
 * K1 = √γ |0⟩⟨1|; phase damping K0 = diag(1, √(1−λ)), K1 = diag(0, √λ); bit/phase flip with p.
 */
export function krausOperators(channel: NoiseChannel): Float64Array[] {
  switch (channel.kind) {
    case 'depolarizing': {
      const p = probability('depolarizing p', channel.p);
      return [scaled(I, Math.sqrt(1 - p)), ...[X, Y, Z].map((m) => scaled(m, Math.sqrt(p / 3)))];
    }
    case 'amplitude-damping': {
      const g = probability('amplitude damping gamma', channel.gamma);
      return [
        Float64Array.of(1, 0, 0, 0, 0, 0, Math.sqrt(1 - g), 0),
        Float64Array.of(0, 0, Math.sqrt(g), 0, 0, 0, 0, 0),
      ];
    }
    case 'phase-damping': {
      const l = probability('phase damping lambda', channel.lambda);
      return [
        Float64Array.of(1, 0, 0, 0, 0, 0, Math.sqrt(1 - l), 0),
        Float64Array.of(0, 0, 0, 0, 0, 0, Math.sqrt(l), 0),
      ];
    }
    case 'bit-flip':
    case 'phase-flip': {
      const p = probability(`${channel.kind} p`, channel.p);
      return [
        scaled(I, Math.sqrt(1 - p)),
        scaled(channel.kind === 'bit-flip' ? X : Z, Math.sqrt(p)),
      ];
    }
    default:
      throw new ValidationError(
        'INVALID_ARGUMENT',
        `unknown noise channel "${String((channel as { kind: unknown }).kind)}"`,
        {
          scope: SCOPE,
        },
      );
  }
}

/**
 * The channel as a 4×4 superoperator on (row bit, column bit) of a vectorised density matrix:
 * S[(r′c′),(rc)] = Σ_k K[r′][r] · conj(K[c′][c]).
 */
export function superoperator(channel: NoiseChannel): Float64Array {
  const out = new Float64Array(32);
  for (const k of krausOperators(channel)) {
    for (let r2 = 0; r2 < 2; r2++) {
      for (let c2 = 0; c2 < 2; c2++) {
        for (let r = 0; r < 2; r++) {
          for (let c = 0; c < 2; c++) {
            const ar = k[2 * (2 * r2 + r)]!,
              ai = k[2 * (2 * r2 + r) + 1]!;
            const br = k[2 * (2 * c2 + c)]!,
              bi = -k[2 * (2 * c2 + c) + 1]!;
            const o = 2 * (4 * (2 * r2 + c2) + (2 * r + c));
            out[o] = out[o]! + ar * br - ai * bi;
            out[o + 1] = out[o + 1]! + ar * bi + ai * br;
          }
        }
      }
    }
  }
  return out;
}
