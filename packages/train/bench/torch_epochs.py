"""Shared by the torch epoch benches: trains in shuffled batches and times each epoch."""
import time

import torch


def samples_per_second(model, optimizer, x, y, batch, epochs, gen, cpu_rates=None):
    """Returns samples/s (forward + backward + optimizer step) of each epoch; appends samples per
    CPU-second (all threads of the process) to `cpu_rates` when given."""
    loss_fn = torch.nn.CrossEntropyLoss()
    samples = x.shape[0]
    rates = []
    for _ in range(epochs):
        order = torch.randperm(samples, generator=gen)
        start, cpu_start = time.perf_counter(), time.process_time()
        for i in range(0, samples, batch):
            idx = order[i:i + batch]
            optimizer.zero_grad()
            loss_fn(model(x[idx]), y[idx]).backward()
            optimizer.step()
        rates.append(samples / (time.perf_counter() - start))
        if cpu_rates is not None:
            cpu_rates.append(samples / (time.process_time() - cpu_start))
    return rates
