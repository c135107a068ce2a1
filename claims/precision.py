"""The dtype the embedder and the cross-encoder read in.

bf16 halves the bytes each matrix product moves, and CPUs with AMX tiles (Intel
Sapphire Rapids and later) run it on their matrix units: on this project's
2-core machine the cross-encoder reads 2.2-2.5x as many pairs per second and
the embedder encodes 2.4-2.5x as many passages, with the same argmax on every bench
pair and cosines within 0.002 of fp32 (docs/verifier.md). Without AMX, bf16 on
a CPU is slower than fp32, so "auto" takes it only where AMX is present. The
verifier's card is fitted on fp32 readings; fp32 gives verdicts that do not
depend on the machine's matrix units, to the last digit of a confidence.
"""

from __future__ import annotations

from typing import Literal, get_args

Precision = Literal["auto", "fp32", "bf16"]
PRECISIONS: tuple[str, ...] = get_args(Precision)


def inference_dtype(device: str = "cpu", precision: str = "auto"):
    """torch.bfloat16 or torch.float32 for reading on `device` at `precision` (one of PRECISIONS)."""
    import torch

    if precision not in PRECISIONS:
        raise ValueError(f"precision {precision!r} is not one of {', '.join(PRECISIONS)}")
    if precision == "auto":
        # A private probe, hence the fallback: a torch without it reads in fp32.
        amx = getattr(torch.cpu, "_is_amx_tile_supported", lambda: False)
        precision = "bf16" if device == "cpu" and amx() else "fp32"
    return torch.bfloat16 if precision == "bf16" else torch.float32


def reading_name(name: str, dtype) -> str:
    """`name` for a model reading in `dtype`, as the key of what is cached from its readings (passage vectors,
    logits): bf16 readings are kept apart from fp32 ones."""
    import torch

    return name if dtype == torch.float32 else f"{name}@bf16"
