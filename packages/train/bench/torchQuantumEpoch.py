"""The PyTorch side of bench/quantumEpoch.ts: the same reference hybrid model as a differentiable
state-vector simulation in torch (autograd), trained for the same epochs and batches.

Model: RY(x_i) angle encoding on 10 qubits, 4 strongly entangling layers (RZ·RY·RZ on every qubit,
then CNOT(i, i + r mod n) with r = layer mod (n - 1) + 1), <Z_i> read-out, Linear(10, 10),
cross-entropy, Adam (lr 0.01). Qubit q is bit q of a basis-state index (as in @qstore/quantum-sim).

Written as a competent PyTorch user would, batched over the whole batch:
- the encoded state is a product state, built real (float64) by outer products of the per-qubit
  (cos x/2, sin x/2) vectors, then cast to complex128 for the ansatz (RZ is complex);
- each qubit's RZ·RY·RZ is fused into one 2 × 2 matrix and applied to the whole batch as ONE
  matrix product: the state is kept as a (2, M) matrix whose first axis is the target qubit, and
  `state.T @ U.T` both applies the gate and rotates the axes so the next qubit comes first;
- a layer's ring of CNOTs is one precomputed basis permutation (one gather per layer);
- the read-out is one matrix product of |ψ|² with the ±1 sign table.

Usage: /usr/bin/python3 bench/torchQuantumEpoch.py <samples> <batch> <epochs> <qubits> <layers> [threads]
Prints one JSON line: {"samplesPerSecond": [..per epoch..], "samplesPerCpuSecond": [..]}.
       /usr/bin/python3 bench/torchQuantumEpoch.py check   (JSON on stdin, see `check` below)
Prints {"loss", "weightGradient", "kernelGradient", "biasGradient", "inputGradient"}.
"""
import json
import sys

import torch

torch.set_default_dtype(torch.float64)


class ReferenceCircuit(torch.nn.Module):
    """RY encoding, strongly entangling layers and <Z_i> read-out, batched."""

    def __init__(self, n, layers, gen=None):
        super().__init__()
        self.n = n
        big = 1 << n
        init = torch.rand(layers, n, 3, generator=gen) * 2 * torch.pi - torch.pi
        self.weights = torch.nn.Parameter(init)
        index = torch.arange(big)
        # signs[q, i] = <i|Z_q|i>
        self.register_buffer('signs', torch.stack([1.0 - 2.0 * ((index >> q) & 1).double() for q in range(n)]))
        perms = []
        for layer in range(layers):
            r = layer % (n - 1) + 1
            perm = index.clone()
            for q in range(n):
                t = (q + r) % n
                perm = perm[index ^ (((index >> q) & 1) << t)]
            perms.append(perm)
        self.perms = perms

    def fused_rotations(self):
        """U = RZ(w2)·RY(w1)·RZ(w0) per layer and qubit, as (layers, n, 2, 2) complex."""
        w = self.weights
        a, b, c = w[..., 0], w[..., 1], w[..., 2]
        cos, sin = torch.cos(b / 2), torch.sin(b / 2)
        plus, minus = torch.exp(-0.5j * (a + c)), torch.exp(0.5j * (a - c))
        return torch.stack([
            torch.stack([plus * cos, -minus * sin], -1),
            torch.stack([minus.conj() * sin, plus.conj() * cos], -1),
        ], -2)

    def forward(self, x):
        batch, n = x.shape[0], self.n
        big = 1 << n
        half = x / 2
        vectors = torch.stack([torch.cos(half), torch.sin(half)], 1)  # (batch, 2, n)
        # Axis order (q_{n-1}, …, q_0, batch): the flat basis index then the row.
        psi = vectors[:, :, n - 1].T
        for q in range(n - 2, -1, -1):
            psi = (psi[:, None, :] * vectors[:, :, q].T[None, :, :]).reshape(-1, batch)
        psi = psi.to(torch.complex128)
        rotations = self.fused_rotations()
        for layer, perm in enumerate(self.perms):
            for q in range(n - 1, -1, -1):
                psi = psi.reshape(2, -1).T @ rotations[layer, q].T
            # Axes are now (batch, q_{n-1}, …, q_0): gather the CNOT ring's permutation, back to (basis, batch).
            psi = psi.reshape(batch, big).T[perm]
        probabilities = psi.real ** 2 + psi.imag ** 2
        return (self.signs @ probabilities).T


def check():
    """Loss and gradients for given weights and rows, to compare with @qstore/train."""
    spec = json.load(sys.stdin)
    n, layers = spec['qubits'], spec['layers']
    circuit = ReferenceCircuit(n, layers)
    with torch.no_grad():
        circuit.weights.copy_(torch.tensor(spec['weights']).reshape(layers, n, 3))
    readout = torch.nn.Linear(n, spec['classes'])
    with torch.no_grad():
        readout.weight.copy_(torch.tensor(spec['kernel']).reshape(n, spec['classes']).T)
        readout.bias.copy_(torch.tensor(spec['bias']))
    x = torch.tensor(spec['x']).reshape(-1, n).requires_grad_()
    y = torch.tensor(spec['y'], dtype=torch.long)
    loss = torch.nn.functional.cross_entropy(readout(circuit(x)), y)
    loss.backward()
    print(json.dumps({
        'loss': loss.item(),
        'weightGradient': circuit.weights.grad.flatten().tolist(),
        'kernelGradient': readout.weight.grad.T.flatten().tolist(),
        'biasGradient': readout.bias.grad.tolist(),
        'inputGradient': x.grad.flatten().tolist(),
    }))


def bench():
    from torch_epochs import samples_per_second

    samples, batch, epochs, n, layers = (int(v) for v in sys.argv[1:6])
    torch.set_num_threads(int(sys.argv[6]) if len(sys.argv) > 6 else 2)
    gen = torch.Generator().manual_seed(0)
    x = torch.randn(samples, n, generator=gen)
    y = torch.randint(0, 10, (samples,), generator=gen)
    circuit = ReferenceCircuit(n, layers, gen)
    model = torch.nn.Sequential(circuit, torch.nn.Linear(n, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    cpu_rates = []
    rates = samples_per_second(model, optimizer, x, y, batch, epochs, gen, cpu_rates)
    print(json.dumps({'samplesPerSecond': rates, 'samplesPerCpuSecond': cpu_rates}))


if __name__ == '__main__':
    check() if sys.argv[1:2] == ['check'] else bench()
