"""The dtype the embedder and the cross-encoder read in.

bf16 halves the bytes each matrix product moves, and CPUs that multiply it
natively run it faster than fp32: those with AMX tiles (Intel Sapphire Rapids
and later) and those with AVX512-BF16 dot products (AMD Zen 4 and later). On
this project's 2-core machines the cross-encoder reads 2.2-2.5x as many pairs
per second on either, with the same argmax on every bench pair and cosines
within 0.002 of fp32 (docs/verifier.md). Elsewhere bf16 is emulated and slower
than fp32, and a CPU can report AVX512-BF16 and still multiply bf16 slower
than fp32 (one of this project's machines: 30 against 47 pairs per second),
so "auto" takes bf16 only where one of the two is present and a product of the
cross-encoder's shapes runs faster in it, timed once per process. The
verifier's card is fitted on fp32 readings; fp32 gives verdicts that do not
depend on the machine's matrix units, to the last digit of a confidence.
"""

from __future__ import annotations

import functools
import time
from typing import Literal, get_args

Precision = Literal["auto", "fp32", "bf16"]
PRECISIONS: tuple[str, ...] = get_args(Precision)
# Marks the name of a model reading in bf16 (reading_name).
_BF16 = "@bf16"


def inference_dtype(device: str = "cpu", precision: str = "auto"):
    """torch.bfloat16 or torch.float32 for reading on `device` at `precision` (one of PRECISIONS); "auto" reads bf16
    on a CPU that multiplies it in hardware, and fp32 on a GPU, as the card was fitted."""
    import torch

    return torch.bfloat16 if _resolved(precision, device == "cpu" and fast_bf16()) == "bf16" else torch.float32


def training_precision(device: str = "cpu", precision: str = "auto") -> str:
    """"bf16" or "fp32": what training's forward passes autocast to on `device`. "auto" takes bf16 where the device
    multiplies it in hardware (a CPU where fast_bf16, or a CUDA device that supports it). The weights, their
    gradients and the optimiser's state stay fp32 either way."""
    import torch

    return _resolved(precision, fast_bf16() if device == "cpu" else torch.cuda.is_bf16_supported())


def _resolved(precision: str, native: bool) -> str:
    if precision not in PRECISIONS:
        raise ValueError(f"precision {precision!r} is not one of {', '.join(PRECISIONS)}")
    return ("bf16" if native else "fp32") if precision == "auto" else precision


# bf16 is taken when a product runs at least this much faster in it than in fp32 (2.2-2.5x where it is native).
_FASTER = 1.2


@functools.cache
def fast_bf16() -> bool:
    """Whether this CPU multiplies bf16 in hardware (AMX tiles or AVX512-BF16) and faster than fp32: a product of
    the cross-encoder's shapes, best of eight runs in each dtype (about 0.2 s, once per process)."""
    import torch

    # Private probes, hence the fallback: a torch without them reads in fp32.
    probes = ("_is_amx_tile_supported", "_is_avx512_bf16_supported")
    if not any(getattr(torch.cpu, name, lambda: False)() for name in probes):
        return False
    # On one thread, in that thread's CPU time: what another process running beside this one takes is not counted
    # (timed by the clock, the choice flipped under load). Alternating, best of several: the first products pay
    # for the kernels starting up.
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        best = {torch.float32: float("inf"), torch.bfloat16: float("inf")}
        for _ in range(8):
            for dtype in best:
                best[dtype] = min(best[dtype], _cpu_seconds(dtype))
    finally:
        torch.set_num_threads(threads)
    return best[torch.float32] >= _FASTER * best[torch.bfloat16]


def _cpu_seconds(dtype) -> float:
    """This thread's CPU time for a (512 x 384) x (384 x 1536) product in `dtype`: the cross-encoder's feed-forward
    layer on a batch of its pairs."""
    import torch

    a, b = torch.ones(512, 384, dtype=dtype), torch.ones(384, 1536, dtype=dtype)
    start = time.thread_time()
    a @ b
    return time.thread_time() - start


def reading_name(name: str, dtype) -> str:
    """`name` for a model reading in `dtype`, as the key of what is cached from its readings (passage vectors,
    logits): bf16 readings are kept apart from fp32 ones."""
    import torch

    return name if dtype == torch.float32 else f"{name}{_BF16}"


def base_name(name: str) -> str:
    """The model a reading_name names, in whatever dtype it reads."""
    return name.removesuffix(_BF16)
