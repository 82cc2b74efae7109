# The PyTorch reference of `npm run bench:backends`: the same two models, data, batch size and
# optimizer as scripts/bench/models.ts, one epoch, printed as a JSON line.
#   /usr/bin/python3 scripts/bench/backends_torch.py <mlp|cnn|mlp-dense> <samples> <threads> <mnist-dir>
# and of `npm run bench:gpu`: a workload spec of scripts/bench/gpuWorkloads.ts on synthetic data,
# on CUDA when torch sees a GPU (else the CPU), one epoch after a warm-up sized to about <seconds>
# as scripts/bench/gpuWorker.ts sizes it, `loss.item()` every batch as model.fit syncs:
#   python3 scripts/bench/backends_torch.py spec <spec> <batch> <seconds> <cpu|cuda>
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


def epoch(model, optimizer, loss_fn, x, y, batch=BATCH):
    """One pass in shuffled batches; softmax + cross-entropy and accuracy, as tfjs's fit computes."""
    order = torch.randperm(len(x), device=x.device)
    total_loss, correct = 0.0, 0
    for start in range(0, len(x), batch):
        idx = order[start:start + batch]
        xb, yb = x[idx], y[idx]
        optimizer.zero_grad()
        logits = model(xb)
        loss = loss_fn(logits, yb)
        loss.backward()
        optimizer.step()
        total_loss += loss.item() * len(idx)
        correct += (logits.argmax(1) == yb).sum().item()
    return total_loss / len(x), correct / len(x)


def build_spec(spec):
    """The model of a spec string (see scripts/bench/gpuWorkloads.ts), as specModel in models.ts builds it."""
    parts = spec.split(':')
    ints = lambda text: [int(v) for v in text.split(',')]
    layers = []
    if parts[0] == 'mlp':
        units = ints(parts[1])
        layers.append(nn.Flatten())
        for i in range(1, len(units)):
            layers.append(nn.Linear(units[i - 1], units[i]))
            if i < len(units) - 1:
                layers.append(nn.ReLU())
        return nn.Sequential(*layers), (units[0],), units[-1]
    if parts[0] == 'cnn':
        kernel, filters, dense = int(parts[1]), ints(parts[2]), ints(parts[3])
        channels, side = 1, 28
        for f in filters:
            layers += [nn.Conv2d(channels, f, kernel), nn.ReLU(), nn.MaxPool2d(2)]
            channels, side = f, (side - kernel + 1) // 2
        layers.append(nn.Flatten())
        width = channels * side * side
        for i, units in enumerate(dense):
            layers.append(nn.Linear(width, units))
            if i < len(dense) - 1:
                layers.append(nn.ReLU())
            width = units
        return nn.Sequential(*layers), (1, 28, 28), dense[-1]
    raise SystemExit('bad workload spec %r' % spec)


def spec_main(spec, batch, seconds, device_name):
    """npm run bench:gpu's reference: one epoch of synthetic data sized to about `seconds`."""
    device = torch.device(device_name)
    sync = torch.cuda.synchronize if device.type == 'cuda' else (lambda: None)
    name = torch.cuda.get_device_name(0) if device.type == 'cuda' else 'CPU, %d threads' % torch.get_num_threads()
    detail = 'PyTorch %s, %s' % (torch.__version__, name)
    gen = torch.Generator().manual_seed(1)
    if spec.startswith('matmul:'):
        n = int(spec.split(':')[1])
        a = torch.rand(n, n, generator=gen).to(device)
        b = torch.rand(n, n, generator=gen).to(device)

        def products(reps):
            sync()
            started = time.perf_counter()
            for _ in range(reps):
                c = a @ b
            sync()
            return time.perf_counter() - started
        products(2)
        reps = max(3, min(500, round(seconds / max(products(1), 1e-6))))
        took = products(reps)
        print('RESULT ' + json.dumps({'engine': 'pytorch', 'spec': spec, 'detail': detail, 'reps': reps, 'seconds': took,
                                      'gflops': 2 * n ** 3 * reps / took / 1e9}))
        return
    model, shape, classes = build_spec(spec)
    model = model.to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    data = lambda count: (torch.rand(count, *shape, generator=gen).to(device), torch.randint(0, classes, (count,), generator=gen).to(device))
    wx, wy = data(2 * batch)
    epoch(model, optimizer, loss_fn, wx, wy, batch)
    sync()
    started = time.perf_counter()
    epoch(model, optimizer, loss_fn, wx, wy, batch)
    sync()
    step = (time.perf_counter() - started) / 2
    size = 1
    for d in shape:
        size *= d
    max_steps = max(3, (256 * 2 ** 20) // (4 * size * batch))
    steps = max(3, min(1000, max_steps, round(seconds / max(step, 1e-6))))
    x, y = data(steps * batch)
    sync()
    started = time.perf_counter()
    loss, _ = epoch(model, optimizer, loss_fn, x, y, batch)
    sync()
    took = time.perf_counter() - started
    print('RESULT ' + json.dumps({'engine': 'pytorch', 'spec': spec, 'detail': detail, 'batch': batch, 'samples': steps * batch,
                                  'seconds': took, 'samplesPerSec': steps * batch / took, 'stepMs': took / steps * 1000, 'loss': loss}))


def main():
    if sys.argv[1] == 'spec':
        spec_main(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), sys.argv[5])
        return
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
