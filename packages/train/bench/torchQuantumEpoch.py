"""The PyTorch side of bench/quantumEpoch.ts: the same reference hybrid model as a differentiable
state-vector simulation in torch (complex128, autograd), trained for the same epochs and batches.

Model: RY(x_i) angle encoding on 10 qubits, 4 strongly entangling layers (RZ·RY·RZ on every qubit,
then CNOT(i, i + r mod n) with r = layer mod (n - 1) + 1), <Z_i> read-out, Linear(10, 10),
cross-entropy, Adam (lr 0.01). Qubit q is bit q of a basis-state index (as in @qstore/quantum-sim).

Usage: /usr/bin/python3 bench/torchQuantumEpoch.py <samples> <batch> <epochs> <qubits> <layers>
Prints one JSON line: {"samplesPerSecond": [..per epoch..]}.
"""
import json
import sys
import torch
from torch_epochs import samples_per_second

torch.set_default_dtype(torch.float64)
torch.set_num_threads(2)
samples, batch, epochs, n, layers = (int(v) for v in sys.argv[1:6])
N = 1 << n
gen = torch.Generator().manual_seed(0)
x = torch.randn(samples, n, generator=gen)
y = torch.randint(0, 10, (samples,), generator=gen)
weights = torch.nn.Parameter(torch.rand(layers, n, 3, generator=gen) * 2 * torch.pi - torch.pi)
readout = torch.nn.Linear(n, 10)
optimizer = torch.optim.Adam([weights, *readout.parameters()], lr=0.01)

index = torch.arange(N)
z_signs = torch.stack([1.0 - 2.0 * ((index >> q) & 1).double() for q in range(n)], dim=1)


def cnot_permutation(c, t):
    return index ^ (((index >> c) & 1) << t)


cnots = [
    [cnot_permutation(q, (q + (layer % (n - 1)) + 1) % n) for q in range(n)] for layer in range(layers)
]


def ry(theta):
    c, s = torch.cos(theta / 2), torch.sin(theta / 2)
    return torch.stack([torch.stack([c, -s], -1), torch.stack([s, c], -1)], -2).to(torch.complex128)


def rz(theta):
    e = torch.exp(-0.5j * theta.to(torch.complex128))
    zero = torch.zeros_like(e)
    return torch.stack([torch.stack([e, zero], -1), torch.stack([zero, e.conj()], -1)], -2)


def apply(psi, u, q):
    """Applies a 2x2 gate (shared, or one per row) to qubit q of a batch of states."""
    b = psi.shape[0]
    view = psi.reshape(b, N >> (q + 1), 2, 1 << q)
    out = torch.einsum('ij,bajk->baik' if u.dim() == 2 else 'bij,bajk->baik', u, view)
    return out.reshape(b, N)


def circuit(features):
    psi = torch.zeros(features.shape[0], N, dtype=torch.complex128)
    psi[:, 0] = 1
    for q in range(n):
        psi = apply(psi, ry(features[:, q]), q)
    for layer in range(layers):
        for q in range(n):
            w = weights[layer, q]
            psi = apply(psi, rz(w[2]) @ ry(w[1]) @ rz(w[0]), q)
        for perm in cnots[layer]:
            psi = psi[:, perm]
    return (psi.abs() ** 2) @ z_signs


model = lambda features: readout(circuit(features))  # noqa: E731
rates = samples_per_second(model, optimizer, x, y, batch, epochs, gen)
print(json.dumps({"samplesPerSecond": rates}))
