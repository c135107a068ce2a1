"""The device's dense bf16 ceiling, measured in the same run that MFU is reported from.

A published peak is not what a given card, clock and driver deliver; an 8192^3 bf16 matrix product on random
data is the most a training step's matrix products could reach here, so MFU is read against it.
"""

from __future__ import annotations

import time

import torch

SIZE = 8192
WARMUP, REPEATS = 3, 10


def bf16_ceiling(device: torch.device, size: int = SIZE) -> float | None:
    """FLOP/s of a size^3 bf16 matrix product (mean of REPEATS after WARMUP); None off CUDA, where MFU means nothing."""
    if device.type != "cuda":
        return None
    a, b = (torch.randn(size, size, device=device, dtype=torch.bfloat16) for _ in range(2))
    for _ in range(WARMUP):
        a @ b
    torch.cuda.synchronize()
    started = time.perf_counter()
    for _ in range(REPEATS):
        a @ b
    torch.cuda.synchronize()
    seconds = (time.perf_counter() - started) / REPEATS
    del a, b
    torch.cuda.empty_cache()
    return 2 * size**3 / seconds
