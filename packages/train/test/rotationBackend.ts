import type { ExecuteRequest, QuantumBackend, VjpResult } from '@qstore/core';

/**
 * A tiny exact backend for one circuit family, used by the tests in place of the simulator:
 * one qubit per input feature, each prepared by RY(x_q)·RY(w_q) from |0⟩, observables ⟨Z_q⟩.
 * Then ⟨Z_q⟩ = cos(x_q + w_q) and the gradients are analytic: ∂/∂x = ∂/∂w = -sin(x_q + w_q).
 */
export function rotationBackend(maxQubits = 4): QuantumBackend {
  const forward = (request: ExecuteRequest) => {
    const batch = request.batchSize ?? 1;
    const n = request.circuit.numQubits;
    const weights = request.weights ?? new Float64Array(n);
    const inputs = request.inputs ?? new Float64Array(batch * n);
    const angles = new Float64Array(batch * n);
    for (let b = 0; b < batch; b++)
      for (let q = 0; q < n; q++) angles[b * n + q] = inputs[b * n + q]! + weights[q]!;
    return { angles, batch, n };
  };
  return {
    name: 'test-rotations',
    capabilities: {
      maxQubits,
      exactExpectations: true,
      gradientMethods: ['adjoint'],
      noise: false,
    },
    async execute(request) {
      const { angles } = forward(request);
      return { expectations: angles.map(Math.cos) };
    },
    async vjp(request, upstream): Promise<VjpResult> {
      const { angles, batch, n } = forward(request);
      const inputGradient = new Float64Array(batch * n);
      const weightGradient = new Float64Array(n);
      for (let i = 0; i < angles.length; i++) {
        const g = -Math.sin(angles[i]!) * upstream[i]!;
        inputGradient[i] = g;
        weightGradient[i % n]! += g;
      }
      return { expectations: angles.map(Math.cos), inputGradient, weightGradient };
    },
  };
}

/** The circuit {@link rotationBackend} runs, in core's IR: RY(x_q) then RY(w_q) on each qubit. */
export function rotationCircuit(qubits: number) {
  const range = Array.from({ length: qubits }, (_, q) => q);
  return {
    circuit: {
      numQubits: qubits,
      inputs: range.map((q) => `x${q}`),
      weights: range.map((q) => `w${q}`),
      operations: range.flatMap((q) => [
        { gate: 'ry' as const, qubits: [q], params: [`x${q}`] },
        { gate: 'ry' as const, qubits: [q], params: [`w${q}`] },
      ]),
    },
    observables: range.map((q) => ({
      terms: [{ coefficient: 1, ops: [{ pauli: 'Z' as const, qubit: q }] }],
    })),
  };
}
