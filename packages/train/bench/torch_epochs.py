"""Shared by the torch epoch benches: trains in shuffled batches and times each epoch."""
import time

import torch


def samples_per_second(model, optimizer, x, y, batch, epochs, gen):
    """Returns samples/s (forward + backward + optimizer step) of each epoch."""
    loss_fn = torch.nn.CrossEntropyLoss()
    samples = x.shape[0]
    rates = []
    for _ in range(epochs):
        order = torch.randperm(samples, generator=gen)
        start = time.perf_counter()
        for i in range(0, samples, batch):
            idx = order[i:i + batch]
            optimizer.zero_grad()
            loss_fn(model(x[idx]), y[idx]).backward()
            optimizer.step()
        rates.append(samples / (time.perf_counter() - start))
    return rates
