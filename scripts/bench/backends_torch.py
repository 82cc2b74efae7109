# The PyTorch reference of `npm run bench:backends`: the same two models, data, batch size and
# optimizer as scripts/bench/models.ts, one epoch, printed as a JSON line.
#   /usr/bin/python3 scripts/bench/backends_torch.py <mlp|cnn|mlp-dense> <samples> <threads> <mnist-dir>
import json
import os
import struct
import sys
import time

import numpy as np
import torch
from torch import nn

BATCH = 128
WARMUP = 2 * BATCH


def read_idx(path):
    with open(path, 'rb') as f:
        data = f.read()
    rank = data[3]
    dims = struct.unpack('>' + 'I' * rank, data[4:4 + 4 * rank])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def build(kind):
    if kind in ('mlp', 'mlp-dense'):
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 10))
    return nn.Sequential(
        nn.Conv2d(1, 16, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * 5 * 5, 64), nn.ReLU(), nn.Linear(64, 10))


def epoch(model, optimizer, loss_fn, x, y):
    """One pass in shuffled batches; softmax + cross-entropy and accuracy, as tfjs's fit computes."""
    order = torch.randperm(len(x))
    total_loss, correct = 0.0, 0
    for start in range(0, len(x), BATCH):
        idx = order[start:start + BATCH]
        xb, yb = x[idx], y[idx]
        optimizer.zero_grad()
        logits = model(xb)
        loss = loss_fn(logits, yb)
        loss.backward()
        optimizer.step()
        total_loss += loss.item() * len(idx)
        correct += (logits.argmax(1) == yb).sum().item()
    return total_loss / len(x), correct / len(x)


def main():
    kind, samples, threads, mnist = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    torch.set_num_threads(threads)
    images = read_idx(os.path.join(mnist, 'train-images-idx3-ubyte'))[:max(samples, WARMUP)]
    labels = read_idx(os.path.join(mnist, 'train-labels-idx1-ubyte'))[:max(samples, WARMUP)]
    x = torch.from_numpy(images.astype(np.float32) / 255).reshape(-1, 1, 28, 28)
    if kind == 'mlp-dense':
        x = (x - 0.1307) / 0.3081  # as scripts/bench/models.ts: no pixel is zero
    y = torch.from_numpy(labels.astype(np.int64))
    model = build(kind)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    epoch(model, optimizer, loss_fn, x[:WARMUP], y[:WARMUP])
    started = time.perf_counter()
    loss, accuracy = epoch(model, optimizer, loss_fn, x[:samples], y[:samples])
    seconds = time.perf_counter() - started
    print('RESULT ' + json.dumps({
        'rung': 'pytorch', 'model': kind, 'samples': samples, 'seconds': seconds,
        'samplesPerSec': samples / seconds, 'loss': loss, 'accuracy': accuracy,
        'detail': 'PyTorch %s, %d thread%s' % (torch.__version__, threads, '' if threads == 1 else 's'),
    }))


main()
