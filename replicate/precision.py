"""Which arithmetic a phase runs in: bf16 autocast on CUDA by default, plain fp32 on request or on CPU.

"fp32" is the reference path the fast path is checked against (see replicate.bench_checks).
"""

from __future__ import annotations

import torch

PRECISIONS = ("auto", "bf16", "fp32")


def resolve(precision: str, device: torch.device) -> str:
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}, not {precision!r}")
    if precision == "auto":
        return "bf16" if device.type == "cuda" else "fp32"
    return precision


def autocast(device: torch.device, precision: str) -> torch.autocast:
    return torch.autocast(device.type, dtype=torch.bfloat16, enabled=resolve(precision, device) == "bf16")
