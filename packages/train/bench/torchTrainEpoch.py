"""The PyTorch side of bench/trainEpoch.ts: the same MLP, loss, optimizer and batches in float64.

Usage: /usr/bin/python3 bench/torchTrainEpoch.py <samples> <batch> <epochs>
Prints one JSON line: {"samplesPerSecond": [..per epoch..]}.
"""
import json
import sys
import torch
from torch_epochs import samples_per_second

torch.set_default_dtype(torch.float64)
torch.set_num_threads(2)
samples, batch, epochs = (int(v) for v in sys.argv[1:4])
gen = torch.Generator().manual_seed(0)
x = torch.randn(samples, 10, generator=gen)
y = torch.randint(0, 10, (samples,), generator=gen)
model = torch.nn.Sequential(
    torch.nn.Linear(10, 64), torch.nn.Tanh(), torch.nn.Linear(64, 64), torch.nn.ReLU(), torch.nn.Linear(64, 10)
)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
print(json.dumps({"samplesPerSecond": samples_per_second(model, optimizer, x, y, batch, epochs, gen)}))
